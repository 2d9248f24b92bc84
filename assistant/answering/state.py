"""The typed state that flows through the answer chain, one frozen record per step."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.answerers import Draft
from assistant.answering.refusal import Verdict
from assistant.models import Hit
from assistant.query import Lang, QueryPlan


@dataclass(frozen=True)
class AnswerState:
    """What the chain knows about one question so far. Each step returns a copy with its part
    filled in (``dataclasses.replace``): condense → ``rewritten``/``plan``, retrieve → ``hits``,
    judge → ``verdict``, answer → ``draft``, check → ``text``/``cited``/``notice``."""

    question: str
    history: tuple[tuple[str, str], ...] = ()
    rewritten: str = ""
    plan: QueryPlan | None = None
    hits: tuple[Hit, ...] = ()
    verdict: Verdict | None = None
    draft: Draft | None = None
    text: str = ""
    cited: tuple[Hit, ...] = ()
    notice: str = ""
    answered: bool = False  # an answer was written (also a fallback one after a failed model)

    @property
    def lang(self) -> Lang:
        return self.plan.lang if self.plan else "zh"

    @property
    def refused(self) -> bool:
        """The judge found no passages or too little evidence in them."""
        return self.verdict is None or self.verdict.refuse

    @property
    def abstained(self) -> bool:
        return not self.answered
