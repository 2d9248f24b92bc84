"""Chunks in Chroma (embedded PersistentClient or a Chroma server), through langchain-chroma."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ingest.models import Chunk
from vectorstore.embedders import NamedEmbeddings
from vectorstore.records import from_record, to_metadata


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
        from langchain_chroma import Chroma

        self.client = client
        self.embeddings = embeddings
        self.collection_name = collection
        metadata = {"hnsw:space": "cosine", "embedder": embeddings.name}
        try:
            self._chroma = Chroma(
                client=client,
                collection_name=collection,
                embedding_function=embeddings,  # never Chroma's default: it downloads a model
                collection_metadata=metadata,
            )
        except Exception as err:  # chromadb raises several kinds when a server is down
            raise StoreUnavailable(f"cannot open the Chroma collection: {err}") from err
        self._collection = self._chroma._collection
        found = (self._collection.metadata or {}).get("embedder")
        if found and found != embeddings.name:
            raise EmbedderMismatch(
                f"the index was built with the embedder {found!r} but {embeddings.name!r} is "
                "configured; run `bitan ingest --rebuild` to re-embed everything with it"
            )

    # -- writing -------------------------------------------------------------------------------
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

    def delete_ids(self, ids: Sequence[str]) -> None:
        batch = max(1, int(self.client.get_max_batch_size()))
        for i in range(0, len(ids), batch):
            self._collection.delete(ids=list(ids[i : i + batch]))

    def ids_of_source(self, source: str) -> list[str]:
        return list(self._collection.get(where={"source": source}, include=[])["ids"])

    def reset(self) -> None:
        """Drop every passage (used by ``ingest --rebuild``), keeping the collection's settings."""
        self._chroma.reset_collection()
        self._collection = self._chroma._collection

    # -- reading -------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self._collection.count())

    def ids(self) -> list[str]:
        return list(self._collection.get(include=[])["ids"])

    def iter_chunks(self, where: dict[str, Any] | None = None, page: int = 2000) -> Iterator[Chunk]:
        offset = 0
        while True:
            got = self._collection.get(
                where=where, include=["documents", "metadatas"], limit=page, offset=offset
            )
            if not got["ids"]:
                return
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                yield from_record(cid, doc or "", meta or {})
            offset += len(got["ids"])

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        if not ids:
            return []
        got = self._collection.get(ids=list(ids), include=["documents", "metadatas"])
        found = {
            cid: from_record(cid, doc or "", meta or {})
            for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        return [found[i] for i in ids if i in found]

    def source_hashes(self) -> dict[str, str]:
        """``{source: doc_hash}`` of every indexed document."""
        got = self._collection.get(include=["metadatas"])
        return {m["source"]: m.get("doc_hash", "") for m in got["metadatas"] or [] if m}

    def documents(self) -> list[DocumentInfo]:
        """One entry per article of every indexed document, in source and reading order."""
        groups: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for meta in self._collection.get(include=["metadatas"])["metadatas"] or []:
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

    def nearest_ids(
        self, vectors: Sequence[Sequence[float]], k: int, where: dict[str, Any] | None = None
    ) -> list[list[tuple[str, float]]]:
        """For each vector, the ``k`` nearest passage ids with cosine similarity.

        This asks Chroma for ids and distances only (several vectors in one call): about a
        quarter of the cost of also loading documents and metadata, which the retriever needs
        only for the few passages it keeps. langchain-chroma has no such call.
        """
        n = self.count()
        if n == 0 or not vectors:
            return [[] for _ in vectors]
        got = self._collection.query(
            query_embeddings=[list(v) for v in vectors],
            n_results=min(k, n),
            where=where,
            include=["distances"],
        )
        return [
            [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]
            for ids, dists in zip(got["ids"], got["distances"], strict=True)
        ]

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
