"""Chunks in Chroma (embedded PersistentClient or a Chroma server), through langchain-chroma."""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from ingest.models import Chunk
from vectorstore.embedders import NamedEmbeddings
from vectorstore.records import from_record, to_metadata
from vectorstore.shared_dir import LockBusy, SharedDir

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def _remote(method: Callable[P, R]) -> Callable[P, R]:
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


def _recovering(
    method: Callable[Concatenate[ChunkStore, P], R],
) -> Callable[Concatenate[ChunkStore, P], R]:
    """Chroma's InternalError (e.g. "Error finding id": another process changed the embedded
    index underneath this one, which kept its old HNSW state) or NotFoundError (the collection
    was dropped and made anew, as `ingest --rebuild` does): reopen the client and try once more,
    so the process recovers without a restart."""

    @functools.wraps(method)
    def wrapper(self: ChunkStore, *args: P.args, **kwargs: P.kwargs) -> R:
        from chromadb.errors import InternalError, NotFoundError

        opened = self.opened
        try:
            return method(self, *args, **kwargs)
        except (InternalError, NotFoundError) as err:
            log.warning("the Chroma index changed underneath (%s); reopening it", err)
            self._recover(opened)
            return method(self, *args, **kwargs)

    return wrapper


def _doc_id(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]


class EmbedderMismatch(RuntimeError):
    """The index was built with another embedder; its vectors cannot be compared."""


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached."""


@dataclass(frozen=True)
class DocumentInfo:
    source: str
    title: str
    author: str
    place: str
    article: int
    chunks: int
    indexed_at: str
    doc_hash: str


class ChunkStore:
    """The source of truth: passages, their metadata and vectors.

    Reads go through langchain-chroma. Writes use the Chroma collection directly, because the
    vector we store is of the passage *with* its article context (place, author, section)
    while the document we store, and later cite, is the clean passage alone; langchain-chroma's
    ``add_texts`` can only embed the stored text itself.
    """

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
        from langchain_chroma import Chroma

        stamp = self.shared_dir.stamp() if self.shared_dir else ""
        metadata = {"hnsw:space": "cosine", "embedder": self.embeddings.name}
        try:
            chroma = Chroma(
                client=client,
                collection_name=self.collection_name,
                embedding_function=self.embeddings,  # never Chroma's default: it downloads a model
                collection_metadata=metadata,
            )
        except Exception as err:  # chromadb raises several kinds when a server is down
            raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err
        collection = chroma._collection
        try:
            # The manifest: one record per committed document, {source, doc_hash, chunks}. A
            # document's passages count only once its record names their doc_hash, and writing
            # that one record is atomic, so a crash mid-ingest never leaves half a document.
            docs_name = f"{self.collection_name}-docs"
            legacy = docs_name not in {c.name for c in client.list_collections()}
            docs = client.get_or_create_collection(docs_name, embedding_function=None)
        except Exception as err:
            raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err
        found = (collection.metadata or {}).get("embedder")
        if found and found != self.embeddings.name:
            raise EmbedderMismatch(
                f"the index was built with the embedder {found!r} but {self.embeddings.name!r} "
                "is configured; run `bitan ingest --rebuild` to re-embed everything with it"
            )
        self.client, self._chroma, self._collection, self._docs = client, chroma, collection, docs
        self._stamp = stamp
        self.opened += 1
        if self.opened == 1 and legacy and collection.count():
            try:
                with self.writing():
                    self._adopt_legacy()
            except Exception as err:
                raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err
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

    def holding(self) -> Any:
        """Hold the folder's write lock without changing anything in Chroma (a keyword-index
        save); a no-op with a Chroma server."""
        return self.shared_dir.holding() if self.shared_dir else nullcontext(True)

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

    # -- writing -------------------------------------------------------------------------------
    @_remote
    @_recovering
    def add(
        self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], indexed_at: str
    ) -> None:
        batch = max(1, int(self.client.get_max_batch_size()))
        for i in range(0, len(chunks), batch):
            part = chunks[i : i + batch]
            self._collection.upsert(
                ids=[c.id for c in part],
                embeddings=[list(v) for v in vectors[i : i + batch]],
                documents=[c.text for c in part],
                metadatas=[to_metadata(c, indexed_at) for c in part],
            )

    @_remote
    @_recovering
    def commit(self, source: str, doc_hash: str, chunks: int, indexed_at: str) -> None:
        """Make ``doc_hash``'s passages the visible version of ``source`` (one atomic write)."""
        self._docs.upsert(
            ids=[_doc_id(source)],
            embeddings=[[1.0]],  # the manifest is looked up by id, never by vector
            documents=[source],
            metadatas=[
                {"source": source, "doc_hash": doc_hash, "chunks": chunks, "indexed_at": indexed_at}
            ],
        )

    @_remote
    @_recovering
    def uncommit(self, source: str) -> None:
        self._docs.delete(ids=[_doc_id(source)])

    @_remote
    @_recovering
    def manifest(self) -> dict[str, str]:
        """``{source: doc_hash}`` of every committed document."""
        metas = self._docs.get(include=["metadatas"])["metadatas"] or []
        return {str(m["source"]): str(m["doc_hash"]) for m in metas if m}

    def _adopt_legacy(self) -> None:
        """An index written before the manifest existed (its chunks, no manifest collection):
        its documents are all complete. Runs once, when such an index is first opened."""
        found: dict[str, tuple[str, int, str]] = {}
        for meta in self._collection.get(include=["metadatas"])["metadatas"] or []:
            source, doc_hash = meta["source"], meta.get("doc_hash", "")
            _, n, _ = found.get(source, (doc_hash, 0, ""))
            found[source] = (doc_hash, n + 1, str(meta.get("indexed_at", "")))
        for source, (doc_hash, n, indexed_at) in found.items():
            self.commit(source, doc_hash, n, indexed_at)

    @_remote
    @_recovering
    def orphan_ids(self, written_before: str | None = None) -> list[str]:
        """Passages no committed document owns: left by a crash, invisible, safe to delete.
        ``written_before`` (an ISO time) keeps the ones written since, which another process
        may still be about to commit."""
        manifest = self.manifest()
        got = self._collection.get(include=["metadatas"])
        return [
            cid
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
            if manifest.get(meta.get("source", "")) != meta.get("doc_hash")
            and (written_before is None or str(meta.get("indexed_at", "")) < written_before)
        ]

    @_remote
    @_recovering
    def delete_ids(self, ids: Sequence[str]) -> None:
        batch = max(1, int(self.client.get_max_batch_size()))
        for i in range(0, len(ids), batch):
            self._collection.delete(ids=list(ids[i : i + batch]))

    @_remote
    @_recovering
    def ids_of_source(self, source: str) -> list[str]:
        return list(self._collection.get(where={"source": source}, include=[])["ids"])

    @_remote
    @_recovering
    def reset(self) -> None:
        """Drop every passage (used by ``ingest --rebuild``), keeping the collection's settings."""
        ids = self._docs.get(include=[])["ids"]
        if ids:
            self._docs.delete(ids=ids)
        self._chroma.reset_collection()
        self._collection = self._chroma._collection

    # -- reading -------------------------------------------------------------------------------
    @_remote
    @_recovering
    def count(self) -> int:
        return int(self._collection.count())

    @_remote
    @_recovering
    def ids(self) -> list[str]:
        return list(self._collection.get(include=[])["ids"])

    def iter_chunks(self, where: dict[str, Any] | None = None, page: int = 2000) -> Iterator[Chunk]:
        offset = 0
        while True:
            got = self._page(where, page, offset)
            if not got["ids"]:
                return
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                yield from_record(cid, doc or "", meta or {})
            offset += len(got["ids"])

    @_remote
    @_recovering
    def _page(self, where: dict[str, Any] | None, limit: int, offset: int) -> dict[str, Any]:
        return self._collection.get(
            where=where, include=["documents", "metadatas"], limit=limit, offset=offset
        )

    @_remote
    @_recovering
    def get(self, ids: Sequence[str]) -> list[Chunk]:
        if not ids:
            return []
        got = self._collection.get(ids=list(ids), include=["documents", "metadatas"])
        found = {
            cid: from_record(cid, doc or "", meta or {})
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        return [found[i] for i in ids if i in found]

    @_remote
    @_recovering
    def documents(self) -> list[DocumentInfo]:
        """One entry per article of every committed document, in source and reading order."""
        manifest = self.manifest()
        groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for meta in self._collection.get(include=["metadatas"])["metadatas"] or []:
            if manifest.get(meta["source"]) != meta.get("doc_hash"):
                continue
            groups[(meta["source"], int(meta.get("article", 0)))].append(meta)
        out = []
        for (source, article), metas in sorted(groups.items()):
            first = metas[0]
            out.append(
                DocumentInfo(
                    source=source,
                    title=str(first.get("title", "")),
                    author=str(first.get("author", "")),
                    place=str(first.get("place", "")),
                    article=article,
                    chunks=len(metas),
                    indexed_at=str(first.get("indexed_at", "")),
                    doc_hash=str(first.get("doc_hash", "")),
                )
            )
        return out

    @_remote
    @_recovering
    def nearest_ids(
        self, vectors: Sequence[Sequence[float]], k: int, where: dict[str, Any] | None = None
    ) -> list[list[tuple[str, float]]]:
        """For each vector, the ``k`` nearest passage ids with cosine similarity.

        This asks Chroma for ids and distances only (several vectors in one call): about a
        quarter of the cost of also loading documents and metadata, which the retriever needs
        only for the few passages it keeps. langchain-chroma has no such call.
        """
        if not vectors:
            return []
        # No count() first: Chroma returns fewer than k (or none) when it holds fewer, and the
        # extra round trip cost about 0.8 ms per question.
        got = self._collection.query(
            query_embeddings=[list(v) for v in vectors],
            n_results=k,
            where=where,
            include=["distances"],
        )
        return [
            [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]
            for ids, dists in zip(got["ids"], got["distances"], strict=True)
        ]

    @_remote
    @_recovering
    def dense_search(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The ``k`` nearest passages with cosine similarity (1 = same direction).

        langchain-chroma returns the collection's distance here (cosine distance = 1 - similarity).
        """
        n = self.count()
        if n == 0:
            return []
        found = self._chroma.similarity_search_by_vector_with_relevance_scores(
            list(vector), k=min(k, n), filter=where
        )
        return [
            (from_record(doc.id or "", doc.page_content, doc.metadata), 1.0 - float(distance))
            for doc, distance in found
        ]
