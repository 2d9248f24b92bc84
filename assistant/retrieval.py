"""Hybrid retrieval: dense (e5 in Chroma) and keyword (BM25 over jieba) fused by rank."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.fusion import reciprocal_rank_fusion
from assistant.models import Hit
from vectorstore import CorpusIndex, normalize_width


class HybridRetriever(BaseRetriever):
    """A LangChain retriever; ``search`` gives the structured hits the chain works with."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # CorpusIndex (Any keeps pydantic from inspecting it)
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60

    @property
    def corpus(self) -> CorpusIndex:
        return self.index

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        k = k or self.k
        query = " ".join(normalize_width(query).split())
        if not query:
            return []
        vector = self.corpus.embeddings.embed_query(query)
        dense = self.corpus.store.dense_search(vector, self.candidates)
        keyword = self.corpus.keyword.search(query, self.candidates)
        dense_by_id = {c.id: (c, s) for c, s in dense}
        kw_by_id = dict(keyword)
        fused = reciprocal_rank_fusion(
            [[c.id for c, _ in dense], [cid for cid, _ in keyword]], k=self.rrf_k
        )[:k]
        missing = [cid for cid, _ in fused if cid not in dense_by_id]
        chunks = {c.id: c for c in self.corpus.store.get(missing)}
        chunks.update({cid: c for cid, (c, _) in dense_by_id.items()})
        return [
            Hit(
                chunks[cid],
                score,
                dense=dense_by_id.get(cid, (None, 0.0))[1],
                keyword=kw_by_id.get(cid, 0.0),
            )
            for cid, score in fused
            if cid in chunks
        ]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(page_content=h.chunk.text, id=h.chunk.id, metadata={"hit": h})
            for h in self.search(query)
        ]
