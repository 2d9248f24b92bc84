"""When to say "the column does not say": a rule over the coverage of the question.

The rule, calibrated on our own questions (eval/own.jsonl: 32 answerable, 18 out of scope — other
places, figures and facts the column never gives), not on the dev file:

1. the question names a place that no indexed document mentions (成都市武侯区, 深圳市…); or
2. a third or more of its concepts occur nowhere in the corpus (人口, GDP, 天气, 出生…); or
3. at most half of its concepts (and at least two of them) occur in the best three passages
   (asking Baodi's *budget*: the corpus knows 预决算, but not in any Baodi passage).

On our questions, measured when it was set: the answerable ones cover 0.67–1.0 of their concepts in
the top passages with at most a quarter unknown to the corpus; the out-of-scope ones cover 0–0.67
with up to all of them unknown. e5's similarity does not separate the two (0.79–0.91 against
0.85–0.94) and is not used. See docs/refusal.md for the table.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.evidence import Coverage, CoverageChecker
from assistant.models import Hit
from assistant.query import QueryAnalyzer, QueryPlan
from vectorstore import CorpusIndex

# What a refusal says, in the user's language (the one table of these texts).
NOT_COVERED = {"zh": "专栏中没有找到相关内容。", "en": "The column does not cover this."}
NEAREST = {
    "zh": "以下是最接近的段落，仅供参考：",
    "en": "The nearest passages are listed below for reference only.",
}


def refusal_text(lang: str) -> str:
    """The refusal shown above the nearest passages."""
    return NOT_COVERED[lang] + ("" if lang == "zh" else " ") + NEAREST[lang]


UNKNOWN_SHARE = 1 / 3
MIN_COVERAGE = 0.5


@dataclass(frozen=True)
class Verdict:
    refuse: bool
    reason: str
    coverage: Coverage


def decide(coverage: Coverage) -> Verdict:
    if coverage.unknown_names:
        return Verdict(True, f"unknown place: {'、'.join(coverage.unknown_names)}", coverage)
    if coverage.concepts and coverage.unknown_share >= UNKNOWN_SHARE:
        words = ", ".join(c.label for c in coverage.unknown)
        return Verdict(True, f"not in the corpus: {words}", coverage)
    if len(coverage.concepts) >= 2 and coverage.ratio <= MIN_COVERAGE:
        words = ", ".join(c.label for c in coverage.missing)
        return Verdict(True, f"not in the best passages: {words}", coverage)
    return Verdict(False, "", coverage)


class EvidenceJudge:
    """Reads the evidence of the best ``nearest`` passages into a Verdict. The coverage reader
    it uses knows the corpus's vocabulary, so it is rebuilt when the index changes."""

    def __init__(self, index: CorpusIndex, analyzer: QueryAnalyzer, nearest: int = 3) -> None:
        self.index = index
        self.analyzer = analyzer
        self.nearest = nearest
        self._checker: tuple[str, CoverageChecker] | None = None
        self._lock = threading.Lock()

    def checker(self) -> CoverageChecker:
        keyword = self.index.keyword
        with self._lock:
            if self._checker is None or self._checker[0] != keyword.version:
                checker = CoverageChecker(keyword.tokenizer, self.analyzer, keyword.vocabulary())
                self._checker = (keyword.version, checker)
            return self._checker[1]

    def judge(self, plan: QueryPlan, hits: Sequence[Hit]) -> Verdict | None:
        """None when nothing was retrieved (a refusal with no passages to show)."""
        if not hits:
            return None
        evidence = "\n".join(
            f"{h.chunk.keyword_text} {h.chunk.title}" for h in hits[: self.nearest]
        )
        coverage = self.checker().check(plan, evidence, self.analyzer.known_names())
        return decide(coverage)
