"""The default answerer, no LLM: quote the sentences of the top passages that answer best."""

from __future__ import annotations

import re

from assistant.answerers.base import Draft
from assistant.language import Lang
from assistant.models import Hit
from ingest.chunking import sentence_spans
from vectorstore import ChineseTokenizer

_FIGURE_Q = re.compile(r"多少|几|how many|how much|number of|数量", re.I)
_DIGIT = re.compile(r"\d|[一二三四五六七八九十百千万]+[个名件位项次条家人]")


def lead_in(hit: Hit, lang: Lang) -> str:
    c = hit.chunk
    who = c.author or c.title
    where = "".join(p for p in (c.province if c.province != c.place else "", c.place) if p)
    if lang == "zh":
        title = f"《{c.title}》" if c.title and c.title != who else ""
        place = f"（{where}）" if where else ""
        return f"据{who}{title}{place}："
    parts = [p for p in (c.author, f"《{c.title}》" if c.title else "", where) if p]
    return f"According to {', '.join(parts)}:"


class ExtractiveAnswerer:
    """Picks up to ``max_sentences`` sentences from the best passages and cites each."""

    name = "extractive"

    def __init__(
        self, tokenizer: ChineseTokenizer, max_sentences: int = 3, passages: int = 3
    ) -> None:
        self.tokenizer = tokenizer
        self.max_sentences = max_sentences
        self.passages = passages

    def answer(self, question: str, hits: list[Hit], lang: Lang) -> Draft:
        if not hits:
            return Draft("", ())
        terms = set(self.tokenizer.tokens(question))
        wants_figure = bool(_FIGURE_Q.search(question))
        scored: list[tuple[float, int, int, str]] = []
        for rank, hit in enumerate(hits[: self.passages]):
            text = hit.chunk.text
            for start, end in sentence_spans(text):
                sentence = text[start:end].strip()
                tokens = set(self.tokenizer.tokens(sentence))
                score = len(terms & tokens) + 1.5 / (rank + 1)
                if wants_figure and _DIGIT.search(sentence):
                    score += 2
                scored.append((score, rank, start, sentence))
        best = sorted(scored, key=lambda s: -s[0])[: self.max_sentences]
        best.sort(key=lambda s: (s[1], s[2]))  # reading order, passage by passage
        used: list[int] = []
        parts: list[str] = []
        for _, rank, _, sentence in best:
            if rank not in used:
                used.append(rank)
            parts.append(f"{sentence}[{used.index(rank) + 1}]")
        top = hits[used[0]]
        text = lead_in(top, lang) + ("" if lang == "zh" else " ") + "".join(parts)
        return Draft(text, tuple(hits[r] for r in used))
