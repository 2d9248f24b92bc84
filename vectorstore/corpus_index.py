"""The whole index: Chroma (the truth), the keyword index derived from it, and the embedder."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ingest import Chunk, ChunkingOptions, Document, IngestError, chunk_document, parse_file
from ingest.places import place_variants
from vectorstore.chroma_store import ChunkStore, DocumentInfo
from vectorstore.embedders import NamedEmbeddings
from vectorstore.keyword import KeywordIndex, corpus_version

log = logging.getLogger(__name__)

FileStatus = Literal["indexed", "unchanged", "replaced", "rejected", "removed"]
Progress = Callable[[int, int], None]  # (passages done in this step, passages in this document)


@dataclass(frozen=True)
class FileResult:
    source: str
    status: FileStatus
    chunks: int = 0
    message: str = ""


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("indexed", "replaced"))


# A term the writers coined and put in quotes: “四个机关”, “入口关”, “两个清单”.
_QUOTED = re.compile(r"[“「]([\u4e00-\u9fff0-9]{2,8})[”」]")


def corpus_names(chunks: Iterable[Chunk]) -> set[str]:
    """Words jieba must keep whole: authors, places (with and without 县/区/市) and the quoted
    terms of the text (the search-mode tokenizer still yields their parts too)."""
    names: set[str] = set()
    for chunk in chunks:
        names.update(_QUOTED.findall(chunk.text))
        names.update(place_variants(chunk.place))
        if chunk.author:
            names.add(chunk.author)
        names.update(chunk.names)
    return {n for n in names if len(n) >= 2}


def corpus_lexicon(chunks: Iterable[Chunk]) -> dict[str, list[str]]:
    """The places (articles' places, provinces and the places they name) and people (authors)."""
    places: set[str] = set()
    people: set[str] = set()
    for chunk in chunks:
        if chunk.author:
            people.add(chunk.author)
        places.update(p for p in (chunk.place, chunk.province) if p)
        places.update(chunk.names)
    places -= people
    return {"places": sorted(places), "people": sorted(people)}


class CorpusIndex:
    def __init__(
        self,
        store: ChunkStore,
        keyword: KeywordIndex,
        keyword_dir: Path,
        chunking: ChunkingOptions | None = None,
        embed_batch: int = 16,
    ) -> None:
        self.store = store
        self.keyword = keyword
        self.keyword_dir = keyword_dir
        self.chunking = chunking or ChunkingOptions()
        self.embed_batch = embed_batch

    @property
    def embeddings(self) -> NamedEmbeddings:
        return self.store.embeddings

    # -- keeping the keyword index in step with Chroma -----------------------------------------
    def sync_keyword(self) -> bool:
        """Load the keyword index, rebuilding it from Chroma when missing or stale.
        Returns True when it had to be rebuilt."""
        loaded = self.keyword.load(self.keyword_dir)
        if loaded and self.keyword.version == corpus_version(self.store.ids()):
            return False
        self.rebuild_keyword()
        return True

    def rebuild_keyword(self, chunks: Sequence[Chunk] | None = None) -> None:
        chunks = list(self.store.iter_chunks()) if chunks is None else list(chunks)
        self.keyword.build(
            [c.id for c in chunks],
            [c.keyword_text for c in chunks],
            corpus_names(chunks),
            corpus_lexicon(chunks),
        )
        self.keyword.save(self.keyword_dir)

    # -- ingest ---------------------------------------------------------------------------------
    def ingest_files(
        self,
        files: Sequence[tuple[Path, str]],
        progress: Progress | None = None,
        on_file: Callable[[FileResult], None] | None = None,
    ) -> IngestReport:
        """Index ``(path, source)`` pairs; unchanged files are skipped by content hash."""
        report = IngestReport()
        known = self.store.source_hashes()
        changed = False
        for path, source in files:
            try:
                document = parse_file(path, source)
            except IngestError as err:
                result = FileResult(source, "rejected", message=str(err))
            else:
                result = self._ingest_document(document, known, progress)
                changed |= result.status in ("indexed", "replaced")
            report.results.append(result)
            if on_file:
                on_file(result)
        if changed or self.keyword.version != corpus_version(self.store.ids()):
            self.rebuild_keyword()
        return report

    def _ingest_document(
        self, document: Document, known: dict[str, str], progress: Progress | None
    ) -> FileResult:
        source = document.source
        if known.get(source) == document.doc_hash:
            return FileResult(source, "unchanged", message="already indexed")
        chunks = chunk_document(document, self.chunking)
        if not chunks:
            return FileResult(source, "rejected", message=f"{source}: no text to index")
        vectors: list[list[float]] = []
        texts = [c.search_text for c in chunks]
        for start in range(0, len(texts), self.embed_batch):
            part = texts[start : start + self.embed_batch]
            vectors.extend(self.embeddings.embed_documents(part))
            if progress:
                progress(len(part), len(texts))
        old = set(self.store.ids_of_source(source))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.store.add(chunks, vectors, now)
        stale = sorted(old - {c.id for c in chunks})
        self.store.delete_ids(stale)
        status: FileStatus = "replaced" if old else "indexed"
        return FileResult(source, status, len(chunks))

    def remove(self, source: str) -> FileResult:
        ids = self.store.ids_of_source(source)
        if not ids:
            return FileResult(source, "rejected", message=f"{source} is not indexed")
        self.store.delete_ids(ids)
        self.rebuild_keyword()
        return FileResult(source, "removed", len(ids))

    def rebuild(self) -> None:
        """Forget every passage (``ingest --rebuild``)."""
        self.store.reset()
        self.rebuild_keyword([])

    # -- reading ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def article_chunks(self, source: str, article: int) -> list[Chunk]:
        where = {"$and": [{"source": source}, {"article": article}]}
        return sorted(self.store.iter_chunks(where=where), key=lambda c: c.ordinal)
