"""Chunks in Chroma (embedded PersistentClient or a Chroma server): the passages' reads and
writes. Opening and reopening the client is vectorstore.connection's job, the manifest of
committed documents vectorstore.manifest's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.models import Chunk
from vectorstore.connection import PAGE, paged, recovering, remote
from vectorstore.manifest import ManifestStore
from vectorstore.records import from_record, to_metadata


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


class ChunkStore(ManifestStore):
    """The source of truth: passages, their metadata and vectors.

    langchain-chroma opens (and resets) the collection; reads and writes use it directly.
    The vector we store is of the passage *with* its article context (place, author, section)
    while the document we store, and later cite, is the clean passage alone, and
    langchain-chroma's ``add_texts`` can only embed the stored text itself; a search needs only
    ids and distances (see ``nearest_ids``), which langchain-chroma has no call for.
    """

    # -- writing -------------------------------------------------------------------------------
    @remote
    @recovering
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

    @remote
    @recovering
    def orphan_ids(self, written_before: str | None = None) -> list[str]:
        """Passages no committed document owns: left by a crash, invisible, safe to delete.
        ``written_before`` (an ISO time) keeps the ones written since, which another process
        may still be about to commit."""
        manifest = self.manifest()
        return [
            cid
            for cid, meta in self._metadata()
            if manifest.get(meta.get("source", "")) != meta.get("doc_hash")
            and (written_before is None or str(meta.get("indexed_at", "")) < written_before)
        ]

    @remote
    @recovering
    def delete_ids(self, ids: Sequence[str]) -> None:
        batch = max(1, int(self.client.get_max_batch_size()))
        for i in range(0, len(ids), batch):
            self._collection.delete(ids=list(ids[i : i + batch]))

    @remote
    @recovering
    def ids_of_source(self, source: str) -> list[str]:
        return [cid for got in self._pages({"source": source}, []) for cid in got["ids"]]

    @remote
    @recovering
    def reset(self) -> None:
        """Drop every passage (used by ``ingest --rebuild``), keeping the collection's settings."""
        self._clear()
        self._chroma.reset_collection()
        self._collection = self._chroma._collection

    # -- reading -------------------------------------------------------------------------------
    @remote
    @recovering
    def count(self) -> int:
        return int(self._collection.count())

    def iter_chunks(self, where: dict[str, Any] | None = None) -> Iterator[Chunk]:
        for got in self._pages(where, ["documents", "metadatas"]):
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                yield from_record(cid, doc or "", meta or {})

    def _metadata(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, metadata) of every passage, committed or not."""
        for got in self._pages(None, ["metadatas"]):
            yield from zip(got["ids"], [m or {} for m in got["metadatas"]], strict=True)

    def containing(self, words: Sequence[str]) -> set[str]:
        """Ids of the passages whose text contains one of ``words`` (Chroma's full-text index:
        about 0.1 s per query at 100k passages, where reading every text takes 11 s)."""
        found: set[str] = set()
        for i in range(0, len(words), 16):
            part = [{"$contains": w} for w in words[i : i + 16]]
            matches = part[0] if len(part) == 1 else {"$or": part}
            for got in self._pages(None, [], matches):
                found.update(got["ids"])
        return found

    def _pages(
        self,
        where: dict[str, Any] | None,
        include: list[str],
        where_document: dict[str, Any] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The collection page by page (connection.PAGE), each page retried on its own."""
        return paged(
            lambda limit, offset: self._page(where, where_document, include, limit, offset)
        )

    @remote
    @recovering
    def _page(
        self,
        where: dict[str, Any] | None,
        where_document: dict[str, Any] | None,
        include: list[str],
        limit: int,
        offset: int,
    ) -> dict[str, Any]:
        return self._collection.get(
            where=where,
            where_document=where_document,
            include=include,
            limit=limit,
            offset=offset,
        )

    @remote
    @recovering
    def get(self, ids: Sequence[str]) -> list[Chunk]:
        found: dict[str, Chunk] = {}
        for i in range(0, len(ids), PAGE):
            got = self._collection.get(
                ids=list(ids[i : i + PAGE]), include=["documents", "metadatas"]
            )
            found.update(
                (cid, from_record(cid, doc or "", meta or {}))
                for cid, doc, meta in zip(
                    got["ids"], got["documents"], got["metadatas"], strict=True
                )
            )
        return [found[i] for i in ids if i in found]

    @remote
    @recovering
    def documents(self) -> list[DocumentInfo]:
        """One entry per article of every committed document, in source and reading order."""
        manifest = self.manifest()
        groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for _, meta in self._metadata():
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

    @remote
    @recovering
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
