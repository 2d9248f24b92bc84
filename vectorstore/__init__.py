"""Stage 2: embedders, Chroma, the keyword index. Imports ``ingest``, never ``assistant``."""

from vectorstore.chroma_store import ChunkStore, DocumentInfo
from vectorstore.corpus_index import CorpusIndex, FileResult, IngestReport
from vectorstore.embedders import E5Embeddings, NamedEmbeddings, SentenceTransformerEmbeddings
from vectorstore.errors import EmbedderMismatch, StoreUnavailable
from vectorstore.keyword import KeywordIndex, corpus_version
from vectorstore.lexicon import Lexicon, corpus_names
from vectorstore.query_cache import CachedQueryEmbeddings
from vectorstore.tokenizer import ChineseTokenizer, normalize_width

__all__ = [
    "ChineseTokenizer",
    "CachedQueryEmbeddings",
    "ChunkStore",
    "CorpusIndex",
    "DocumentInfo",
    "E5Embeddings",
    "EmbedderMismatch",
    "FileResult",
    "IngestReport",
    "KeywordIndex",
    "Lexicon",
    "NamedEmbeddings",
    "SentenceTransformerEmbeddings",
    "StoreUnavailable",
    "corpus_names",
    "corpus_version",
    "normalize_width",
]
