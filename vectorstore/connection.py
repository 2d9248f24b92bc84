"""The Chroma client and its collections, kept current: opening and reopening them, the shared
folder's write lock and change stamp, and one retry of a call the index changed under."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from vectorstore.embedders import NamedEmbeddings
from vectorstore.errors import EmbedderMismatch, StoreUnavailable
from vectorstore.shared_dir import LockBusy, SharedDir

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound="ChromaConnection")


# Records read per Chroma `get` when reading a whole collection: one unpaged `get` of more than
# about 32k records fails inside Chroma ("too many SQL variables", measured at 100k passages).
PAGE = 2000


def paged(fetch: Callable[[int, int], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every page ``fetch(limit, offset)`` returns (a Chroma `get` result), until an empty one."""
    offset = 0
    while True:
        got = fetch(PAGE, offset)
        if not got["ids"]:
            return
        yield got
        offset += len(got["ids"])


def remote(method: Callable[P, R]) -> Callable[P, R]:
    """Turn a Chroma server that stopped answering into StoreUnavailable (a clear message
    instead of an httpx traceback); the next call simply tries again, so service resumes when
    the server is back."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import httpx

        try:
            return method(*args, **kwargs)
        except (httpx.TransportError, ConnectionError) as err:
            raise StoreUnavailable(
                f"the Chroma server is not answering ({err}); start it again and retry"
            ) from err

    return wrapper


def recovering(method: Callable[Concatenate[C, P], R]) -> Callable[Concatenate[C, P], R]:
    """Chroma's InternalError (e.g. "Error finding id": another process changed the embedded
    index underneath this one, which kept its old HNSW state) or NotFoundError (the collection
    was dropped and made anew, as `ingest --rebuild` does): reopen the client and try once more,
    so the process recovers without a restart."""

    @functools.wraps(method)
    def wrapper(self: C, *args: P.args, **kwargs: P.kwargs) -> R:
        from chromadb.errors import InternalError, NotFoundError

        opened = self.opened
        try:
            return method(self, *args, **kwargs)
        except (InternalError, NotFoundError) as err:
            log.warning("the Chroma index changed underneath (%s); reopening it", err)
            self._recover(opened)
            return method(self, *args, **kwargs)

    return wrapper


class ChromaConnection:
    """A Chroma client (embedded PersistentClient or a Chroma server) and the passages'
    collection, opened through langchain-chroma with the configured embedder."""

    def __init__(self, client: Any, embeddings: NamedEmbeddings, collection: str = "bitan") -> None:
        self.embeddings = embeddings
        self.collection_name = collection
        # An embedded (persistent) Chroma folder may be shared with other processes: they
        # coordinate through its write lock and change stamp (see vectorstore.shared_dir).
        settings = client.get_settings()
        persistent = settings.is_persistent
        self.shared_dir = SharedDir(Path(settings.persist_directory)) if persistent else None
        self.opened = 0  # how many times a client was opened; a reopen counts up
        self._stamp = ""
        self._swap = threading.RLock()  # swaps the client and collections
        self._writing = False  # in this process, under the lock
        with self._guarded(wait=30.0), self._swap:
            self._open(client)

    def _open(self, client: Any) -> None:
        """Open the collections through ``client`` (with ``_swap`` held, and the write lock where
        there is one, so that the stamp read here matches what the client loads)."""
        stamp = self.shared_dir.stamp() if self.shared_dir else ""
        metadata = {"hnsw:space": "cosine", "embedder": self.embeddings.name}
        try:
            chroma = _Collection(client, self.collection_name, metadata)
        except Exception as err:  # chromadb raises several kinds when a server is down
            raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err
        collection = chroma._collection
        found = (collection.metadata or {}).get("embedder")
        if found and found != self.embeddings.name:
            raise EmbedderMismatch(
                f"the index was built with the embedder {found!r} but {self.embeddings.name!r} "
                "is configured; run `bitan ingest --rebuild` to re-embed everything with it"
            )
        self.client, self._chroma, self._collection = client, chroma, collection
        self._stamp = stamp
        self.opened += 1
        if self.opened > 1 and self.shared_dir:
            self._load_vectors()

    def _load_vectors(self) -> None:
        """Make the fresh client load the vector index now (Chroma loads it at the first
        search), while this process holds the lock, not later, when a writer may be saving it."""
        try:
            got = self._collection.get(limit=1, include=["embeddings"])
            vectors = got.get("embeddings")
            if vectors is not None and len(vectors):
                self._collection.query(query_embeddings=[list(vectors[0])], n_results=1, include=[])
        except Exception as err:  # only a head start: the first search loads it anyway
            log.warning("could not load the vector index yet: %s", err)

    # -- sharing one embedded folder with other processes ----------------------------------------
    @contextmanager
    def _guarded(self, wait: float) -> Iterator[None]:
        """Hold the write lock if it comes within ``wait`` seconds; go on without it if not."""
        with ExitStack() as stack:
            if self.shared_dir is not None:
                try:
                    stack.enter_context(self.shared_dir.holding(timeout=wait))
                except LockBusy:
                    log.warning("%s stayed locked for %.0f s; going on", self.shared_dir.path, wait)
            yield

    def holding(self, timeout: float | None = None) -> Any:
        """Hold the folder's write lock without changing anything in Chroma (a keyword-index
        save); a no-op with a Chroma server. LockBusy after ``timeout`` seconds, if given."""
        return self.shared_dir.holding(timeout) if self.shared_dir else nullcontext(True)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the folder's write lock while changing the index: reopen first if another
        process wrote since this one opened the folder (writing through a stale HNSW state would
        save it over theirs), and leave a new stamp before and after, so that every other
        process reopens. A no-op with a Chroma server, which is process-safe itself."""
        if self.shared_dir is None:
            yield
            return
        with self.shared_dir.holding():
            if self._writing:  # a write within a write: the outer one does all this
                yield
                return
            if self.shared_dir.stamp() != self._stamp:
                with self._swap:
                    self._reopen()
            self.shared_dir.new_stamp()
            self._writing = True
            try:
                yield
            finally:
                self._writing = False
                self._stamp = self.shared_dir.new_stamp()

    def refresh(self, wait: float = 2.0) -> bool:
        """Reopen the client when another process wrote since this one opened the folder (its
        stamp changed), so that searches see the new passages; True when it did. When a writer
        holds the lock for more than ``wait`` seconds this does nothing: the next call tries
        again."""
        if self.shared_dir is None or self.shared_dir.stamp() == self._stamp:
            return False
        try:
            with self.shared_dir.holding(timeout=wait), self._swap:
                if self.shared_dir.stamp() == self._stamp:
                    return False
                self._reopen()
                return True
        except LockBusy:
            return False

    def reopen(self) -> None:
        """Open a fresh client on the same folder or server (and the collections anew)."""
        with self._guarded(wait=10.0), self._swap:
            self._reopen()

    def _recover(self, opened: int) -> None:
        """Reopen after a call failed because the index changed underneath, unless another
        thread already did since that call began."""
        with self._guarded(wait=10.0), self._swap:
            if self.opened == opened:
                self._reopen()

    def _reopen(self) -> None:
        """(with ``_swap`` held) Chroma caches one System per folder in each process; a new
        PersistentClient would share the old one, with the old HNSW state. Forgetting it from the
        cache makes the next client load the folder afresh. The old one is not stopped: calls
        still running on it finish; it is freed when the last of them lets go."""
        client = self.client
        if self.shared_dir is not None:
            import chromadb
            from chromadb.api.shared_system_client import SharedSystemClient

            identifier = client._identifier
            SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
            settings = client.get_settings()
            client = chromadb.PersistentClient(path=str(self.shared_dir.path), settings=settings)
        self._open(client)


class _Collection:
    """Opens (creating if need be) and resets one Chroma collection, exactly as langchain-chroma's
    ``Chroma(client=…, collection_name=…, collection_metadata=…)`` and its ``reset_collection``
    do, which is all this adapter used langchain-chroma for. Importing langchain-chroma imports
    LangChain's runnables and langsmith (about 1 s of every cold start); this does not."""

    def __init__(self, client: Any, name: str, metadata: dict[str, Any]) -> None:
        self._client, self._name, self._metadata = client, name, metadata
        self._collection = self._ensure()

    def _ensure(self) -> Any:
        # Never Chroma's default embedding function: it downloads a model.
        return self._client.get_or_create_collection(
            name=self._name, embedding_function=None, metadata=self._metadata, configuration=None
        )

    def reset_collection(self) -> None:
        """Delete the collection and create it again, empty, with the same metadata."""
        self._client.delete_collection(self._collection.name)
        self._collection = self._ensure()
