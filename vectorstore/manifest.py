"""The manifest: one record per committed document, {source, doc_hash, chunks}, in a collection
of its own beside the passages. A document's passages count only once its record names their
doc_hash, and writing that one record is atomic, so a crash mid-ingest never leaves half a
document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from vectorstore.connection import PAGE, ChromaConnection, paged, recovering, remote
from vectorstore.errors import StoreUnavailable


def _doc_id(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]


class ManifestStore(ChromaConnection):
    """The connection with the manifest collection opened too, and the manifest's operations."""

    def _open(self, client: Any) -> None:
        try:
            docs_name = f"{self.collection_name}-docs"
            legacy = docs_name not in {c.name for c in client.list_collections()}
            docs = client.get_or_create_collection(docs_name, embedding_function=None)
        except Exception as err:  # chromadb raises several kinds when a server is down
            raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err
        super()._open(client)
        self._docs = docs
        if self.opened == 1 and legacy and self._collection.count():
            try:
                with self.writing():
                    self._adopt_legacy()
            except Exception as err:
                raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err

    def _adopt_legacy(self) -> None:
        """An index written before the manifest existed (its chunks, no manifest collection):
        its documents are all complete. Runs once, when such an index is first opened."""
        found: dict[str, tuple[str, int, str]] = {}
        for meta in self._records(self._collection):
            source, doc_hash = meta["source"], meta.get("doc_hash", "")
            _, n, _ = found.get(source, (doc_hash, 0, ""))
            found[source] = (doc_hash, n + 1, str(meta.get("indexed_at", "")))
        for source, (doc_hash, n, indexed_at) in found.items():
            self.commit(source, doc_hash, n, indexed_at)

    @remote
    @recovering
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

    @remote
    @recovering
    def uncommit(self, source: str) -> None:
        self._docs.delete(ids=[_doc_id(source)])

    @remote
    @recovering
    def manifest(self) -> dict[str, str]:
        """``{source: doc_hash}`` of every committed document."""
        return {source: doc_hash for source, (doc_hash, _) in self.committed_times().items()}

    @remote
    @recovering
    def committed_times(self) -> dict[str, tuple[str, str]]:
        """``{source: (doc_hash, indexed_at)}`` of every committed document."""
        return {
            str(m["source"]): (str(m["doc_hash"]), str(m.get("indexed_at", "")))
            for m in self._records(self._docs)
            if m
        }

    @remote
    @recovering
    def committed_passages(self) -> int:
        """How many passages the committed documents have (their records say)."""
        return sum(int(m.get("chunks", 0)) for m in self._records(self._docs) if m)

    def _clear(self) -> None:
        """Forget every committed document (with the passages, in ``ChunkStore.reset``)."""
        ids = [cid for got in self._pages_of(self._docs, []) for cid in got["ids"]]
        for i in range(0, len(ids), PAGE):
            self._docs.delete(ids=ids[i : i + PAGE])

    @staticmethod
    def _pages_of(collection: Any, include: list[str]) -> Iterator[dict[str, Any]]:
        return paged(
            lambda limit, offset: collection.get(include=include, limit=limit, offset=offset)
        )

    @classmethod
    def _records(cls, collection: Any) -> Iterator[dict[str, Any]]:
        """Every record's metadata, page by page."""
        for got in cls._pages_of(collection, ["metadatas"]):
            yield from (m or {} for m in got["metadatas"] or [])
