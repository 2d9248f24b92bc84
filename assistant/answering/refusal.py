"""When to answer, and when to say the library does not: three outcomes from the evidence.

- **not in the library**: nothing was retrieved; the question names a place the library never
  mentions; or half or more of its concepts are nowhere in the library and less than half are in
  the best passages (a World Cup question to a law library; 宁城县的GDP), unless the passages
  state a figure in the very unit asked for.
- **possibly relevant**: the passages are on the topic, but none states what was asked: the
  question wants a figure or a date and no passage that speaks of its subject gives one of that
  kind (a money figure for 多少钱, a period for 多久, a distance for 多远, stated as a bound of
  the asked direction for 最多/至少); or it names a place or person and less than half of its
  other concepts are in that article's best passages (宝坻区的年度预算).
- **answer** otherwise.

A word the library lacks is not evidence on its own: a concept is known when the library has the
word, a CC-CEDICT synonym of it (员工 → 职工), its character pairs, or the compound less one
character (失业金 → 失业). Calibrated on our own questions (eval/own.jsonl for the column,
eval/own-laws.jsonl for three laws), never on the public dev files; figures in docs/refusal.md.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.answering.evidence import Coverage, CoverageChecker
from assistant.answering.kinds import Asked, asked, bound, gives, states_bound
from assistant.models import Hit
from assistant.query import QueryAnalyzer, QueryPlan
from vectorstore import CorpusIndex

# What a refusal says, in the user's language (the one table of these texts).
Outcome = Literal["answer", "possibly_relevant", "not_in_library"]

# What a refusal says, in the user's language (the one table of these texts).
NOT_COVERED = {
    "zh": "资料库中没有找到能回答这个问题的内容。",
    "en": "The library does not answer this.",
}
NEAREST = {
    "zh": "以下是最接近的段落，仅供参考：",
    "en": "The nearest passages are listed below for reference only.",
}
POSSIBLY = {
    "zh": "找到了相关段落，但其中没有直接回答这个问题的内容，请自行查看：",
    "en": "These passages are on the topic, but none of them states what was asked:",
}

UNKNOWN_SHARE = 0.5  # half or more of the concepts nowhere in the library
MIN_COVERAGE = 0.5  # less than half of the concepts in the best passages


def refusal_text(lang: str, outcome: Outcome = "not_in_library") -> str:
    """The plain line shown above the passages of a question that is not answered."""
    if outcome == "possibly_relevant":
        return POSSIBLY[lang]
    return NOT_COVERED[lang] + ("" if lang == "zh" else " ") + NEAREST[lang]


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: str  # why, for the collapsible "why" and the logs (not the notice)
    coverage: Coverage | None = None

    @property
    def refuse(self) -> bool:
        return self.outcome != "answer"


def decide(coverage: Coverage, want: Asked, figure_given: bool, named: bool = False) -> Verdict:
    if coverage.unknown_names:
        return Verdict("not_in_library", f"unknown place: {'、'.join(coverage.unknown_names)}", coverage)  # fmt: skip
    if coverage.unknown_attribute:
        return Verdict("possibly_relevant", f"the library never states a {coverage.unknown_attribute}", coverage)  # fmt: skip
    unknown = ", ".join(c.label for c in coverage.unknown)
    # What the question asks about is mostly unknown to the library and mostly missing from the
    # passages (the words it shares with them are generic: 国家, 问题): the library does not
    # hold it; unless the passages state a figure in the very unit asked for (罚多少钱 → 元).
    specific = want.kind == "figure" and want.family != "count" and figure_given
    if (
        coverage.concepts
        and coverage.unknown_share >= UNKNOWN_SHARE
        and coverage.ratio < 0.5
        and not specific
    ):
        return Verdict("not_in_library", f"not in the library: {unknown}", coverage)
    if want.wants_figure and not figure_given:
        return Verdict("possibly_relevant", f"no {want.family or want.kind} in the passages", coverage)  # fmt: skip
    # A question about a named place or person pins retrieval to that article, so its
    # passages are always "about" the name; whether they say what was asked is then told by
    # the other concepts alone (宝坻区的年度预算: Baodi's passages never speak of a budget).
    # Unnamed questions are not held to this: their low word overlap is mostly everyday wording.
    # A figure in the very unit asked for (a share in %, a sum in 元), in a passage on the
    # question's subject, is evidence enough: the other words of an English question are often
    # loose renderings (share, line, now). A bare count or date is not that specific.
    if named and len(coverage.concepts) >= 2 and coverage.ratio < MIN_COVERAGE and not specific:
        missing = ", ".join(c.label for c in coverage.missing)
        return Verdict("possibly_relevant", f"not in the best passages: {missing}", coverage)
    return Verdict("answer", "", coverage)


class EvidenceJudge:
    """Reads the evidence of the best ``nearest`` passages into a Verdict. The coverage reader
    it uses knows the corpus's vocabulary, so it is rebuilt when the index changes."""

    def __init__(
        self, index: CorpusIndex, analyzer: QueryAnalyzer, nearest: int = 3, answered_from: int = 5
    ) -> None:
        self.index = index
        self.analyzer = analyzer
        self.nearest = nearest  # the passages whose words must cover the question
        self.answered_from = answered_from  # the passages an answer may quote
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
        want = asked(plan.question)
        # The answer may quote any passage the answerer reads, so the figure is looked for there.
        # It counts only in a passage that also speaks of something the question asks about
        # (吕岩是哪一年出生的: a passage with 2022年 but not 出生 does not say it).
        checker = self.checker()
        direction = bound(plan.question) if want.wants_figure else ""
        given = any(
            gives(want, h.chunk.text)
            and checker.covers(coverage.concepts, h.chunk.text)
            and states_bound(direction, h.chunk.text)
            for h in hits[: self.answered_from]
        )
        return decide(coverage, want, given, named=bool(plan.names))
