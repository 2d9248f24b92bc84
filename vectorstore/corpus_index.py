"""The whole index: Chroma (the truth), the keyword index derived from it, and the embedder."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from ingest import Chunk, ChunkingOptions, Document, IngestError, chunk_document, parse_file
from ingest.loading import DEFAULT_MAX_BYTES
from vectorstore.chroma_store import ChunkStore, DocumentInfo
from vectorstore.embedders import NamedEmbeddings
from vectorstore.errors import EmbedderMismatch, StoreUnavailable
from vectorstore.keyword import KeywordIndex, manifest_version
from vectorstore.shared_dir import LockBusy
from vectorstore.source_parts import merged_lexicon, merged_names, passage_ids, source_parts

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
    def sync_keyword(self, wait: float | None = None) -> bool:
        """Bring this process in step with the index another process may have changed (`bitan
        ingest` beside `bitan serve`): reopen Chroma when it was written to (see
        ChunkStore.refresh), then load the saved keyword index, or rebuild it from Chroma when
        that is missing or stale (a crash came in between, or the writer is still saving it).
        True when the keyword index in memory changed. With ``wait``, a writer that holds the
        lock longer than that is not waited for: the index in memory stays (answers keep coming
        from it) and the next call tries again."""
        self.store.refresh() if wait is None else self.store.refresh(wait)
        current = self.version()
        if self.keyword.version == current:
            return False
        if self._load_keyword(current):
            return True
        try:
            with self.store.holding(wait):  # not while a writer saves it
                if not self._load_keyword(self.version()):
                    self.rebuild_keyword()
        except LockBusy:
            return False
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
        """Build the keyword index over the committed documents and save it. Only documents
        that changed since the index in memory was built are read from Chroma (every passage
        when there is no such index, or most documents changed): at 100k passages reading them
        all is 11 s, one document a few milliseconds."""
        manifest = self.store.manifest()
        kept = {s: p for s, p in self.keyword.sources.items() if manifest.get(s) == p.doc_hash}
        changed = {s: h for s, h in manifest.items() if s not in kept}
        if len(changed) > max(8, len(manifest) // 4):
            kept, chunks = {}, self.committed()[1]
        else:
            chunks = [
                c
                for source, doc_hash in changed.items()
                for c in self.store.iter_chunks(
                    {"$and": [{"source": source}, {"doc_hash": doc_hash}]}
                )
            ]
        parts = {**kept, **source_parts(chunks)}
        texts = {c.id: c.keyword_text for c in chunks}
        # A kept passage needs its text only when its counts are not remembered, or when a word
        # jieba now keeps whole (a new document's place or person) occurs in it.
        kept_ids = {cid for part in kept.values() for cid in part.ids}
        need = kept_ids - self.keyword.remembered(kept_ids)
        names = merged_names(parts)
        new_words = self.keyword.new_words(names)
        if new_words and kept_ids:
            need |= self.store.containing(new_words) & kept_ids
        if need:
            texts.update((c.id, c.keyword_text) for c in self.store.get(sorted(need)))
        ids = passage_ids(parts)
        self.keyword.build(
            ids,
            [texts.get(cid) for cid in ids],
            names,
            merged_lexicon(parts),
            version=manifest_version(manifest),
            sources=parts,
        )
        self.keyword.save(self.keyword_dir)

    def collect_orphans(self) -> int:
        """Delete passages left by an interrupted ingest (never visible); how many. On a shared
        server only those written over a day ago: another process may be mid-ingest."""
        if self.store.count() == self.store.committed_passages():
            return 0  # nothing but committed passages (scanning every one is 10 s at 100k)
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
            self.keyword.forget()  # the files may be parsed anew into passages of the same ids
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
        """One entry per article of every committed document, in source and reading order: from
        the keyword index's parts when they are those of the committed documents (a manifest
        read), else from every passage's metadata."""
        committed = self.store.committed_times()
        parts = self.keyword.sources
        if any(s not in parts or parts[s].doc_hash != h for s, (h, _) in committed.items()):
            return self.store.documents()
        return [
            DocumentInfo(source, title, author, place, article, count, indexed_at, doc_hash)
            for source, (doc_hash, indexed_at) in sorted(committed.items())
            for article, title, author, place, count in parts[source].articles
        ]

    def article_chunks(self, source: str, article: int) -> list[Chunk]:
        """One article's committed passages in reading order (for the article view)."""
        doc_hash = self.store.manifest().get(source)
        where = {"$and": [{"source": source}, {"article": article}, {"doc_hash": doc_hash or ""}]}
        return sorted(self.store.iter_chunks(where=where), key=lambda c: c.ordinal)
