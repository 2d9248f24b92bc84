"""Hybrid, cross-lingual retrieval: dense (e5 in Chroma) and keyword (BM25 over jieba) lists for
the question and, for an English one, for its Chinese rendering; fused by reciprocal rank, with
the passages of an article the question names lifted (never filtered: a question may compare)."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

from assistant.models import Chunk, Hit
from assistant.query import QueryPlan
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.timing import Stopwatch
from ingest.frontmatter import is_front_matter
from ingest.places import place_variants
from vectorstore import CorpusIndex, NamedEmbeddings

FRONT_MATTER_SPARE = 3
PASSAGES_REMEMBERED = 4096


class HybridRetriever:
    """QueryPlan → the ``k`` best passages as Hits with their fused and stage scores.

    Written by hand rather than as LangChain's EnsembleRetriever: the lists are fused with
    per-list weights, the named article's and the defining passages get a flat bonus, and only
    committed passages count, none of which an off-the-shelf ensemble does."""

    def __init__(
        self,
        index: CorpusIndex,
        k: int = 5,
        candidates: int = 30,
        rrf_k: int = 60,
        entity_boost: float = 1.0,  # in units of one first-ranked list
        keyword_weight: float = 2.0,  # a keyword list's weight in the fusion (a dense list's is 1)
    ) -> None:
        self.index = index
        self.k = k
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.entity_boost = entity_boost
        self.keyword_weight = keyword_weight
        # The kept passages' texts and metadata, by id, for the keyword index build they were read
        # in: the same passages come back question after question, and reading them from
        # Chroma was a third of an answer's time beside the embedding.
        self._passages: OrderedDict[str, Chunk] = OrderedDict()
        self._passages_generation: object = None
        self._passages_lock = threading.Lock()

    def retrieve(
        self, plan: QueryPlan, k: int | None = None, timings: dict[str, float] | None = None
    ) -> list[Hit]:
        """The best passages; ``timings``, when given, receives each stage's milliseconds."""
        k = k or self.k
        if not plan.text:
            return []
        store, keyword = self.index.store, self.index.keyword
        timed = Stopwatch(timings)
        texts = [plan.text]
        if plan.lang == "en" and plan.chinese:
            texts.append(plan.chinese)
        with timed("embed"):
            vectors = embed_queries(self.index.embeddings, texts)
        with timed("dense"):
            dense_lists = store.nearest_ids(vectors, self.candidates)
            where = _article_filter(plan)
            # The named article's passages, searched with the most Chinese of the query vectors.
            named = store.nearest_ids(vectors[-1:], self.candidates, where)[0] if where else []
            defining = _defining_passages(plan, keyword.lexicon.definitions)
            # Only committed passages count (the keyword index holds exactly those): a document
            # being ingested, or left half-written by a crash, is not visible to questions.
            dense_lists = [[p for p in found if p[0] in keyword] for found in dense_lists]
            named = [p for p in named if p[0] in keyword]
        with timed("keyword"):
            # A Chinese question's keyword search also looks for the corpus's synonyms of its
            # everyday words (员工 → 职工); e5 needs no such help.
            searched = list(texts)
            if plan.lang == "zh" and plan.terms:
                searched[0] = f"{plan.text} {' '.join(plan.terms)}"
            keyword_lists = [keyword.search(t, self.candidates) for t in searched]
        with timed("fuse"):
            lists = [*dense_lists, *keyword_lists]
            weights = [1.0] * len(dense_lists) + [self.keyword_weight] * len(keyword_lists)
            rankings = [[cid for cid, _ in found] for found in lists]
            fused = dict(reciprocal_rank_fusion(rankings, weights, k=self.rrf_k))
            # The named article's passages get one flat bonus (not a ranking of their own, which
            # would count the dense similarity twice).
            bonus = self.entity_boost / (self.rrf_k + 1)
            for cid, _ in named:
                fused[cid] = fused.get(cid, 0.0) + bonus
            # A question about what a term means: the passage that defines it gets the same.
            for cid in defining:
                if cid in keyword:
                    fused[cid] = fused.get(cid, 0.0) + bonus
            # A few spare candidates stand in for front matter, which is never an answer.
            top = sorted(fused, key=lambda c: (-fused[c], c))[: k + FRONT_MATTER_SPARE]
            chunks = {c.id: c for c in self._chunks(top) if not is_front_matter(c.text)}
            top = [cid for cid in top if cid in chunks][:k]
            dense_best = _best(dense_lists, -1.0)
            keyword_best = _best(keyword_lists, 0.0)
        return [
            Hit(chunks[cid], fused[cid], dense_best.get(cid, 0.0), keyword_best.get(cid, 0.0))
            for cid in top
        ]

    def _chunks(self, ids: list[str]) -> list[Chunk]:
        """``store.get(ids)``, remembered while the keyword index stays the same build (a new or
        removed document, here or in another process, rebuilds or reloads it: the memory is
        emptied; only passages it holds are ever asked for)."""
        generation = self.index.keyword.generation
        with self._passages_lock:
            if generation is not self._passages_generation:
                self._passages.clear()
                self._passages_generation = generation
            missing = [cid for cid in ids if cid not in self._passages]
        got = {c.id: c for c in self.index.store.get(missing)} if missing else {}
        with self._passages_lock:
            if self._passages_generation is generation:
                for chunk in got.values():
                    self._passages[chunk.id] = chunk
                for cid in ids:
                    if cid in self._passages:
                        self._passages.move_to_end(cid)
                while len(self._passages) > PASSAGES_REMEMBERED:
                    self._passages.popitem(last=False)
            known = {cid: self._passages.get(cid) or got.get(cid) for cid in ids}
        return [chunk for chunk in known.values() if chunk is not None]


def embed_queries(embeddings: NamedEmbeddings, texts: list[str]) -> list[list[float]]:
    """The question vectors, in one batched call when the embedder offers one."""
    batch = getattr(embeddings, "embed_queries", None)
    if batch is not None:
        return batch(texts)
    return [embeddings.embed_query(t) for t in texts]


def _best(lists: Sequence[Sequence[tuple[str, float]]], floor: float) -> dict[str, float]:
    """Each id's best score over the lists."""
    best: dict[str, float] = {}
    for found in lists:
        for cid, score in found:
            best[cid] = max(score, best.get(cid, floor))
    return best


_DEFINITION_CUE = re.compile(
    r"是指|指的是|指什么|是什么|什么是|包括|包含|哪[几些两一二三四五六七八九十]|含义|意思|"
    r"\bwhat (?:is|are|does)\b|\bmeans?\b|\bwhich\b|\bstands? for\b|\bconsists? of\b",
    re.I,
)


def _defining_passages(plan: QueryPlan, definitions: Sequence[tuple[str, str]]) -> list[str]:
    """The passages that define a term the question asks the meaning of."""
    if not definitions or not _DEFINITION_CUE.search(plan.text):
        return []
    asked = f"{plan.text} {plan.chinese}"
    out = []
    for term, chunk_id in definitions:
        if term in asked:
            out.append(chunk_id)
    return out


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
