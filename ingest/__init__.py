"""Stage 1: raw files → clean text → articles → chunks. Imports nothing from later stages."""

from ingest.chunking import ChunkingOptions, chunk_article
from ingest.errors import IngestError
from ingest.loading import SUPPORTED_SUFFIXES
from ingest.models import Article, Chunk, Document, Section
from ingest.pipeline import chunk_document, parse_file, parse_text

__all__ = [
    "Article",
    "Chunk",
    "ChunkingOptions",
    "Document",
    "IngestError",
    "SUPPORTED_SUFFIXES",
    "Section",
    "chunk_article",
    "chunk_document",
    "parse_file",
    "parse_text",
]
