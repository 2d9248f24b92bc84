"""From a file to a Document: load, clean, split into articles, chunk."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.chunking import ChunkingOptions, chunk_article
from ingest.cleaning import clean
from ingest.loading import decode_bytes, read_text
from ingest.models import Chunk, Document
from ingest.structure import split_articles


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_text(text: str, source: str, doc_hash: str | None = None) -> Document:
    """A Document from text already decoded."""
    doc_hash = doc_hash or hashlib.sha256(text.encode("utf-8")).hexdigest()
    articles = split_articles(clean(text), source)
    return Document(source=source, doc_hash=doc_hash, articles=tuple(articles))


def parse_file(path: Path, source: str | None = None) -> Document:
    """Read and structure one file; raises IngestError with a user-facing message."""
    return parse_text(read_text(path), source or path.name, file_hash(path))


def parse_bytes(data: bytes, source: str) -> Document:
    text, _ = decode_bytes(data, source)
    return parse_text(text, source, hashlib.sha256(data).hexdigest())


def chunk_document(document: Document, opts: ChunkingOptions | None = None) -> list[Chunk]:
    return [c for a in document.articles for c in chunk_article(a, document.doc_hash, opts)]
