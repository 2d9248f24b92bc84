"""The whole index: Chroma (the truth), the keyword index derived from it, and the embedder."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from ingest import Chunk, ChunkingOptions, Document, IngestError, chunk_document, parse_file
from ingest.loading import DEFAULT_MAX_BYTES
from ingest.places import place_variants
from vectorstore.chroma_store import ChunkStore, DocumentInfo
from vectorstore.embedders import NamedEmbeddings
from vectorstore.errors import EmbedderMismatch, StoreUnavailable
from vectorstore.keyword import KeywordIndex, manifest_version
from vectorstore.lexicon import corpus_lexicon

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


class CorpusIndex:
    def __init__(
        self,
        store: ChunkStore,
        keyword: KeywordIndex,
        keyword_dir: Path,
        chunking: ChunkingOptions | None = None,
        embed_batch: int = 16,
        max_file_bytes: int = DEFAULT_MAX_BYTES,
        shared: bool = False,
    ) -> None:
        self.store = store
        self.keyword = keyword
        self.keyword_dir = keyword_dir
        self.chunking = chunking or ChunkingOptions()
        self.embed_batch = embed_batch
        self.max_file_bytes = max_file_bytes
        # Several processes write to a shared (server) index: another one may be mid-ingest,
        # so only old passages without a manifest entry are collected as crash leftovers there.
        self.shared = shared

    @property
    def embeddings(self) -> NamedEmbeddings:
        return self.store.embeddings

    # -- keeping the keyword index in step with Chroma -----------------------------------------
    def sync_keyword(self) -> bool:
        """Bring this process in step with the index another process may have changed (`bitan
        ingest` beside `bitan serve`): reopen Chroma when it was written to (see
        ChunkStore.refresh), then load the saved keyword index, or rebuild it from Chroma when
        that is missing or stale (a crash came in between). True when the keyword index in
        memory changed."""
        self.store.refresh()
        current = self.version()
        if self.keyword.version == current:
            return False
        if self._load_keyword(current):
            return True
        with self.store.holding():  # not while a writer saves it
            if not self._load_keyword(self.version()):
                self.rebuild_keyword()
        return True

    def _load_keyword(self, version: str) -> bool:
        return self.keyword.load(self.keyword_dir) and self.keyword.version == version

    def version(self) -> str:
        """The committed documents' fingerprint; the keyword index records the one it was
        built from, so every process can tell whether its copy is current."""
        return manifest_version(self.store.manifest())

    def committed(self) -> tuple[dict[str, str], list[Chunk]]:
        """The manifest and the passages of the documents it commits."""
        manifest = self.store.manifest()
        return manifest, [
            c for c in self.store.iter_chunks() if manifest.get(c.source) == c.doc_hash
        ]

    def rebuild_keyword(self) -> None:
        manifest, chunks = self.committed()
        self.keyword.build(
            [c.id for c in chunks],
            [c.keyword_text for c in chunks],
            corpus_names(chunks),
            corpus_lexicon(chunks),
            version=manifest_version(manifest),
        )
        self.keyword.save(self.keyword_dir)

    def collect_orphans(self) -> int:
        """Delete passages left by an interrupted ingest (never visible); how many. On a shared
        server only those written over a day ago: another process may be mid-ingest."""
        cutoff = None
        if self.shared:
            cutoff = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
        with self.store.holding():
            orphans = self.store.orphan_ids(cutoff)
            if orphans:
                with self.store.writing():
                    self.store.delete_ids(orphans)
        if orphans:
            log.info("removed %d passages an interrupted ingest left behind", len(orphans))
        return len(orphans)

    # -- ingest ---------------------------------------------------------------------------------
    def ingest_files(
        self,
        files: Sequence[tuple[Path, str]],
        progress: Progress | None = None,
        on_file: Callable[[FileResult], None] | None = None,
    ) -> IngestReport:
        """Index ``(path, source)`` pairs; unchanged files are skipped by content hash."""
        report = IngestReport()
        self.collect_orphans()
        known = self.store.manifest()
        for path, source in files:
            try:
                document = parse_file(path, source, self.max_file_bytes)
                result = self._ingest_document(document, known, progress)
            except IngestError as err:
                result = FileResult(source, "rejected", message=str(err))
            except Exception as err:  # one bad file must not stop a folder or lose the others
                if isinstance(err, StoreUnavailable | EmbedderMismatch):
                    raise
                log.exception("ingest of %s failed", source)
                result = FileResult(
                    source, "rejected", message=f"{source}: could not be read ({err})"
                )
            report.results.append(result)
            if on_file:
                on_file(result)
        self._rebuild_keyword_if_stale()
        return report

    def _rebuild_keyword_if_stale(self) -> None:
        with self.store.holding():
            if self.keyword.version != self.version():
                self.rebuild_keyword()

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
        now = datetime.now(UTC).isoformat(timespec="seconds")
        # Embedding (the slow part) is done; the writes hold the lock, one document at a time,
        # so that a serving process waits at most that long to reopen the index.
        with self.store.holding():
            previous = self.store.manifest().get(source)  # another process may have written
            if previous == document.doc_hash:
                known[source] = previous
                return FileResult(source, "unchanged", message="already indexed")
            # All or nothing: the new passages are written first (invisible: no manifest entry
            # names their doc_hash), then one manifest write switches the document over, then
            # the old version's passages go. A crash before the switch leaves the old one whole.
            with self.store.writing():
                self.store.add(chunks, vectors, now)
                self.store.commit(source, document.doc_hash, len(chunks), now)
                new_ids = {c.id for c in chunks}
                self.store.delete_ids(sorted(set(self.store.ids_of_source(source)) - new_ids))
        status: FileStatus = "replaced" if previous is not None else "indexed"
        known[source] = document.doc_hash
        return FileResult(source, status, len(chunks))

    def remove(self, source: str) -> FileResult:
        with self.store.holding():
            if source not in self.store.manifest():
                return FileResult(source, "rejected", message=f"{source} is not indexed")
            with self.store.writing():
                self.store.uncommit(source)  # invisible from here on, even if the deletes stop
                ids = self.store.ids_of_source(source)
                self.store.delete_ids(ids)
                self.rebuild_keyword()
        return FileResult(source, "removed", len(ids))

    def rebuild(self) -> None:
        """Forget every passage (``ingest --rebuild``)."""
        with self.store.writing():
            self.store.reset()
            self.rebuild_keyword()

    def reembed(self, progress: Progress | None = None) -> int:
        """Re-embed every committed passage from its stored text and rebuild the keyword index:
        a rebuild that needs none of the original files and loses nothing. Returns the count."""
        self.collect_orphans()
        _, chunks = self.committed()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for start in range(0, len(chunks), self.embed_batch):
            part = chunks[start : start + self.embed_batch]
            vectors = self.embeddings.embed_documents([c.search_text for c in part])
            with self.store.writing():
                self.store.add(part, vectors, now)
            if progress:
                progress(len(part), len(chunks))
        with self.store.holding():
            self.rebuild_keyword()
        return len(chunks)

    # -- reading ------------------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        return self.store.documents()

    def article_chunks(self, source: str, article: int) -> list[Chunk]:
        """One article's committed passages in reading order (for the article view)."""
        doc_hash = self.store.manifest().get(source)
        where = {"$and": [{"source": source}, {"article": article}, {"doc_hash": doc_hash or ""}]}
        return sorted(self.store.iter_chunks(where=where), key=lambda c: c.ordinal)
