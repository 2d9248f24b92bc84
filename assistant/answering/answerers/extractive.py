"""The default answerer, no LLM: quote the sentences of the top passages that answer best."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.models import Hit
from assistant.query import Lang, QueryPlan
from ingest.chunking import sentence_spans
from vectorstore import ChineseTokenizer

_FIGURE_Q = re.compile(
    r"多少|几[个名位件项次人年]?|how many|how much|number of|数量|比例|percent", re.I
)
_WHEN_Q = re.compile(r"何时|什么时候|哪一?年|since when|\bwhen\b|what year|哪年|时间", re.I)
_FIGURE = re.compile(r"\d|[一二三四五六七八九十百千万两]+[个名位件项次人元家条所]")
_DATE = re.compile(r"\d{4}\s*年|\d+\s*月|以来|开始")
_WHO_Q = re.compile(r"谁|作者|\bwho\b|\bwrote\b|\bauthor\b|position|职务|职位", re.I)


def lead_in(hit: Hit, lang: Lang) -> str:
    """Names the source article: 据钱荣新《…》（内蒙古宁城县）： / According to …:"""
    c = hit.chunk
    where = c.place if c.province and c.place.startswith(c.province) else f"{c.province}{c.place}"
    if lang == "zh":
        who = c.author or ""
        title = f"《{c.title}》" if c.title else ""
        place = f"（{where}）" if where else ""
        return f"据{who}{title}{place}："
    parts = [p for p in (c.author, f"《{c.title}》" if c.title else "", where) if p]
    return f"According to {', '.join(parts)}:"


class ExtractiveAnswerer:
    """Picks up to ``max_sentences`` sentences from the best passages, keeps them in reading
    order grouped by article, and ends each passage's run of sentences with its [n]."""

    name = "extractive"
    streams = False  # the answer is composed whole

    def __init__(
        self, tokenizer: ChineseTokenizer, max_sentences: int = 3, passages: int = 3
    ) -> None:
        self.tokenizer = tokenizer
        self.max_sentences = max_sentences
        self.passages = passages

    def _score(
        self, sentence: str, terms: set[str], names: set[str], plan: QueryPlan, rank: int
    ) -> float:
        tokens = set(self.tokenizer.tokens(sentence))
        score = len(terms & tokens) + 0.5 * sum(1 for n in names if n in sentence)
        score += 1.5 / (rank + 1)
        question = plan.question
        if _FIGURE_Q.search(question) and _FIGURE.search(sentence):
            score += 2.5
        if _WHEN_Q.search(question) and _DATE.search(sentence):
            score += 2.5
        if sentence.startswith(("（作者系", "(作者系")):
            # The author's post answers "who"; for anything else it only repeats the place.
            score = score + 3 if _WHO_Q.search(question) else score * 0.3
        return score

    def stream(self, plan: QueryPlan, hits: Sequence[Hit]) -> Iterator[str]:
        if hits:
            yield self._answer(plan, hits)

    def _answer(self, plan: QueryPlan, hits: Sequence[Hit]) -> str:
        terms = set(self.tokenizer.tokens(plan.text)) | set(self.tokenizer.tokens(plan.chinese))
        terms = {t for t in terms if not t.startswith("#")}
        names = set(plan.names)
        scored: list[tuple[float, int, int, str]] = []
        for rank, hit in enumerate(hits[: self.passages]):
            text = hit.chunk.text
            for start, end in sentence_spans(text):
                sentence = text[start:end].strip()
                if len(sentence) >= 4:
                    scored.append(
                        (self._score(sentence, terms, names, plan, rank), rank, start, sentence)
                    )
        best = sorted(scored, key=lambda s: (-s[0], s[1], s[2]))[: self.max_sentences]
        # Drop weak companions: a sentence far below the best adds reading, not evidence.
        best = [s for s in best if s[0] >= best[0][0] * 0.5]
        return self._compose(plan.lang, hits, best)

    def _compose(
        self, lang: Lang, hits: Sequence[Hit], best: list[tuple[float, int, int, str]]
    ) -> str:
        """The sentences grouped by article, each article under its lead-in; a run of sentences
        from one passage ends with that passage's [rank] (the chain renumbers them)."""
        # Group by article (in the order of the article's best passage), then reading order.
        article_of = {
            rank: (hits[rank].chunk.source, hits[rank].chunk.article) for _, rank, _, _ in best
        }
        article_rank: dict[tuple[str, int], int] = {}
        for _, rank, _, _ in sorted(best, key=lambda s: s[1]):
            article_rank.setdefault(article_of[rank], rank)
        best.sort(key=lambda s: (article_rank[article_of[s[1]]], hits[s[1]].chunk.ordinal, s[2]))
        groups: list[str] = []
        current_article = None
        parts: list[str] = []
        for i, (_, rank, _, sentence) in enumerate(best):
            if article_of[rank] != current_article:
                if parts:
                    groups.append("".join(parts))
                parts = [lead_in(hits[rank], lang) + ("" if lang == "zh" else " ")]
                current_article = article_of[rank]
            last_of_run = i + 1 == len(best) or best[i + 1][1] != rank
            parts.append(sentence + (f"[{rank + 1}]" if last_of_run else ""))
        groups.append("".join(parts))
        return "\n".join(groups)
