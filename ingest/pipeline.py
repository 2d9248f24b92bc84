"""From a file to a Document: load, clean, split into articles, chunk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.chunking import ChunkingOptions, chunk_article
from ingest.cleaning import clean
from ingest.loading import DEFAULT_MAX_BYTES, LoadedText, load_bytes, read_file
from ingest.models import Chunk, Document
from ingest.structure import split_articles


def parse_text(
    text: str, source: str, doc_hash: str | None = None, hard_wrapped: bool | None = None
) -> Document:
    """A Document from text already decoded."""
    doc_hash = doc_hash or hashlib.sha256(text.encode("utf-8")).hexdigest()
    articles = split_articles(clean(text, hard_wrapped), source)
    articles = [a for a in articles if a.text.strip()]
    return Document(source=source, doc_hash=doc_hash, articles=tuple(articles))


def _parse_loaded(loaded: LoadedText, source: str, data: bytes) -> Document:
    return parse_text(loaded.text, source, hashlib.sha256(data).hexdigest(), loaded.hard_wrapped)


def parse_file(
    path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read and structure one file of any supported type; raises IngestError with a
    user-facing message."""
    loaded, data = read_file(path, max_bytes)
    return _parse_loaded(loaded, source or path.name, data)


def parse_bytes(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Structure an uploaded file's bytes; its type comes from the name ``source``."""
    return _parse_loaded(load_bytes(data, source, max_bytes), source, data)


def chunk_document(document: Document, opts: ChunkingOptions | None = None) -> list[Chunk]:
    return [c for a in document.articles for c in chunk_article(a, document.doc_hash, opts)]
