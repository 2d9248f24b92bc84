"""Hybrid, cross-lingual retrieval: dense (e5 in Chroma) and keyword (BM25 over jieba) lists for
the question and, for an English one, for its Chinese rendering; fused by reciprocal rank, with
the passages of an article the question names lifted (never filtered: a question may compare)."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.fusion import reciprocal_rank_fusion
from assistant.models import Hit
from assistant.query import QueryAnalyzer, QueryPlan
from ingest.models import Chunk
from ingest.places import place_variants
from vectorstore import CorpusIndex


def mentions(chunk: Chunk, plan: QueryPlan) -> bool:
    """Is ``chunk`` from an article whose place, province or author the question names?"""
    if chunk.author and chunk.author in plan.people:
        return True
    own = place_variants(chunk.place) | ({chunk.province} if chunk.province else set())
    return any(place_variants(p) & own for p in plan.places)


class HybridRetriever(BaseRetriever):
    """A LangChain retriever; ``retrieve`` gives the structured hits the chain works with."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # CorpusIndex (Any keeps pydantic from inspecting it)
    analyzer: Any  # QueryAnalyzer
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    entity_boost: float = 1.0  # in units of one first-ranked list
    timings: dict[str, float] = Field(default_factory=dict)

    @property
    def corpus(self) -> CorpusIndex:
        return self.index

    @property
    def query_analyzer(self) -> QueryAnalyzer:
        return self.analyzer

    @contextmanager
    def _timed(self, stage: str):
        start = time.perf_counter()
        yield
        self.timings[stage] = self.timings.get(stage, 0.0) + (time.perf_counter() - start) * 1000

    def plan(self, question: str) -> QueryPlan:
        with self._timed("normalise"):
            return self.query_analyzer.analyze(question)

    def retrieve(self, plan: QueryPlan, k: int | None = None) -> list[Hit]:
        k = k or self.k
        if not plan.text:
            return []
        store, keyword = self.corpus.store, self.corpus.keyword
        embed: Callable[[str], list[float]] = self.corpus.embeddings.embed_query
        rankings: list[list[str]] = []
        dense_scores: dict[str, float] = {}
        chunks: dict[str, Chunk] = {}
        vectors: dict[str, list[float]] = {}

        def dense(text: str, where: dict | None = None) -> None:
            if text not in vectors:
                with self._timed("embed"):
                    vectors[text] = embed(text)
            vector = vectors[text]
            with self._timed("dense"):
                found = store.dense_search(vector, self.candidates, where=where)
            for chunk, score in found:
                chunks[chunk.id] = chunk
                dense_scores[chunk.id] = max(score, dense_scores.get(chunk.id, -1.0))
            rankings.append([c.id for c, _ in found])

        def lexical(query: str | list[str]) -> dict[str, float]:
            with self._timed("keyword"):
                found = keyword.search(query, self.candidates)
            rankings.append([cid for cid, _ in found])
            return dict(found)

        dense(plan.text)
        kw = lexical(plan.text)
        if plan.lang == "en" and plan.chinese:
            dense(plan.chinese)
            kw.update({c: max(s, kw.get(c, 0.0)) for c, s in lexical(plan.chinese).items()})
        where = _article_filter(plan)
        if where:
            dense(plan.chinese if plan.lang == "en" and plan.chinese else plan.text, where)
        with self._timed("fuse"):
            fused = dict(reciprocal_rank_fusion(rankings, k=self.rrf_k))
            missing = [cid for cid in fused if cid not in chunks]
            chunks.update({c.id: c for c in store.get(missing)})
            bonus = self.entity_boost / (self.rrf_k + 1)
            for cid in fused:
                if cid in chunks and mentions(chunks[cid], plan):
                    fused[cid] += bonus
            ranked = sorted((cid for cid in fused if cid in chunks), key=lambda c: (-fused[c], c))
        return [
            Hit(chunks[cid], fused[cid], dense=dense_scores.get(cid, 0.0), keyword=kw.get(cid, 0.0))
            for cid in ranked[:k]
        ]

    def search(self, question: str, k: int | None = None) -> list[Hit]:
        return self.retrieve(self.plan(question), k)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(page_content=h.chunk.text, id=h.chunk.id, metadata={"hit": h})
            for h in self.search(query)
        ]


def _article_filter(plan: QueryPlan) -> dict | None:
    """A Chroma filter for the passages of the articles the question names."""
    clauses: list[dict] = []
    places = sorted({v for p in plan.places for v in place_variants(p)})
    if places:
        clauses += [{"place": {"$in": places}}, {"province": {"$in": places}}]
    if plan.people:
        clauses.append({"author": {"$in": list(plan.people)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}
