"""Deterministic stand-ins for the ports, for tests that are about something else."""

from __future__ import annotations

import hashlib
import math

from langchain_core.embeddings import Embeddings


class HashEmbeddings(Embeddings):
    """Bag of character bigrams hashed into ``dim`` buckets, L2-normalised: similar strings get
    similar vectors, the same string always the same vector. Fast and needs no model."""

    def __init__(self, dim: int = 64, name: str = "hash-bigrams") -> None:
        self.dim = dim
        self.name = name
        self.calls = 0

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        grams = [text[i : i + 2] for i in range(max(1, len(text) - 1))]
        for gram in grams:
            bucket = int(hashlib.md5(gram.encode()).hexdigest()[:8], 16) % self.dim
            vec[bucket] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
