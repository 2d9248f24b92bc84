"""Which sentences of a cited passage an answer rests on, as spans to highlight."""

from __future__ import annotations

import re

from assistant.answering.citations import MARKER
from assistant.models import Answer
from ingest.chunking import sentence_spans

_CLAIM = re.compile(r"([^\[\]]*?)((?:\[\d+\])+)")
_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


def _grams(text: str) -> set[str]:
    """Character bigrams of the Chinese and word unigrams of the Latin parts."""
    units = _WORD.findall(text.lower())
    grams = {a + b for a, b in zip(units, units[1:], strict=False) if len(a) == len(b) == 1}
    grams.update(u for u in units if len(u) > 1)
    return grams


def claims(text: str) -> dict[int, list[str]]:
    """``{n: [the stretches of the answer that end in [n]]}``."""
    out: dict[int, list[str]] = {}
    for match in _CLAIM.finditer(text):
        for n in MARKER.findall(match.group(2)):
            out.setdefault(int(n), []).append(match.group(1))
    return out


def cited_spans(answer: Answer, min_share: float = 0.6) -> dict[int, list[tuple[int, int]]]:
    """For each citation number, the spans of its passage's sentences that the answer took:
    a sentence counts when most of its bigrams are in the answer's claims for that number (a
    quoted or closely paraphrased sentence); else the best one if it shares a fair part."""
    by_number = claims(answer.text)
    out: dict[int, list[tuple[int, int]]] = {}
    for citation in answer.citations:
        said = _grams(" ".join(by_number.get(citation.n, [])))
        if not said:
            continue
        text = citation.chunk.text
        scored = []
        for start, end in sentence_spans(text):
            grams = _grams(text[start:end])
            if grams:
                scored.append((len(grams & said) / len(grams), start, end))
        chosen = [(s, e) for share, s, e in scored if share >= min_share]
        if not chosen and scored:
            share, s, e = max(scored)
            if share >= 0.25:
                chosen = [(s, e)]
        if chosen:
            out[citation.n] = chosen
    return out
