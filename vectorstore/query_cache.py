"""Question vectors, remembered: a small LRU in front of an embedder's query side."""

from __future__ import annotations

import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence

from langchain_core.embeddings import Embeddings

from vectorstore.embedders import NamedEmbeddings


def query_key(text: str) -> str:
    """The cache key of a question: NFC, whitespace collapsed (e5 is cased, so case is kept)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


class CachedQueryEmbeddings(Embeddings):
    """Wraps a NamedEmbeddings: the same ``name`` and passages; questions go through an LRU keyed
    by (embedder name, normalised text), and ``embed_queries`` embeds the misses in one call.

    Hand-written rather than ``functools.lru_cache``: that cannot batch a list's misses."""

    def __init__(self, inner: NamedEmbeddings, size: int = 1024) -> None:
        self.inner = inner
        self.name = inner.name
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per question, the uncached ones embedded together in one batch."""
        keys = [(self.name, query_key(t)) for t in texts]
        with self._lock:
            found = {k: self._vectors[k] for k in keys if k in self._vectors}
            for k in found:
                self._vectors.move_to_end(k)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            batch = getattr(self.inner, "embed_queries", None)
            texts_missing = [k[1] for k in missing]
            if batch is not None:
                vectors = batch(texts_missing)
            else:
                vectors = [self.inner.embed_query(t) for t in texts_missing]
            with self._lock:
                for k, v in zip(missing, vectors, strict=True):
                    found[k] = v
                    self._vectors[k] = v
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return [list(found[k]) for k in keys]

    def cache_clear(self) -> None:
        """Forget every remembered question vector."""
        with self._lock:
            self._vectors.clear()
