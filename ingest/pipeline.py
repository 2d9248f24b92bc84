"""From a file to a Document: load, clean, split into articles, chunk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.chunking import ChunkingOptions, chunk_article
from ingest.cleaning import clean
from ingest.loading import DEFAULT_MAX_BYTES, read_file
from ingest.models import Chunk, Document, FileProperties
from ingest.structure import split_articles


def parse_text(
    text: str,
    source: str,
    doc_hash: str | None = None,
    hard_wrapped: bool | None = None,
    properties: FileProperties | None = None,
) -> Document:
    """A Document from text already decoded (``properties``: what the file says about itself)."""
    doc_hash = doc_hash or hashlib.sha256(text.encode("utf-8")).hexdigest()
    articles = split_articles(clean(text, hard_wrapped), source, properties)
    articles = [a for a in articles if a.text.strip()]
    return Document(source=source, doc_hash=doc_hash, articles=tuple(articles))


def parse_file(
    path: Path, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read and structure one file of any supported type; raises IngestError with a
    user-facing message."""
    loaded, data = read_file(path, max_bytes)
    doc_hash = hashlib.sha256(data).hexdigest()
    return parse_text(
        loaded.text, source or path.name, doc_hash, loaded.hard_wrapped, loaded.properties
    )


def chunk_document(document: Document, opts: ChunkingOptions | None = None) -> list[Chunk]:
    return [c for a in document.articles for c in chunk_article(a, document.doc_hash, opts)]
