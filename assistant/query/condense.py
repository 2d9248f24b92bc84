"""Follow-up questions made whole, offline: "那邳州呢？" after a 宁城县 question becomes the same
question about 邳州; "涉及多少件？" or "What is his position?" borrow the previous turn's subject."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.query.analyzer import QueryAnalyzer, QueryPlan

_ANAPHORA_ZH = re.compile(r"[他她它其该此]|这个|那个|这些|那些|上述|该地|当地")
_ANAPHORA_EN = re.compile(
    r"\b(?:he|she|him|his|her|hers|it|its|they|them|their|there|this|that|these|those)\b", re.I
)
_PERSONAL_EN = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_PERSONAL_ZH = re.compile(r"[他她]")
_CONTINUE = re.compile(
    r"^(?:那|那么|还有|另外|and\b|what about\b|how about\b|and what about\b)", re.I
)
_HAN = re.compile(r"[\u3400-\u9fff]")
# A Chinese question that opens with a verb, a quantity or a question word has no subject of
# its own ("涉及多少件代表意见建议？", "具体怎么做的？"): it continues the conversation.
_SUBJECTLESS_ZH = re.compile(
    r"^(?:涉及|包括|包含|有没有|有哪些|有多少|是否|是不是|是谁|是什么|是哪|共|一共|总共|具体|主要|"
    r"怎么|怎样|如何|为什么|为何|什么时候|何时|哪些|哪个|多少|几|还|又|都)"
)


class Condenser(Protocol):
    def condense(self, plan: QueryPlan, history: Sequence[tuple[str, str]]) -> str:
        """The question of ``plan`` made whole from the earlier (question, answer) turns."""
        ...


class RuleCondenser:
    """The common follow-up shapes, by rule; ``history`` holds (question, answer) turns."""

    def __init__(self, analyzer: QueryAnalyzer) -> None:
        self.analyzer = analyzer

    def condense(self, plan: QueryPlan, history: Sequence[tuple[str, str]]) -> str:
        question = plan.question
        if not history:
            return question
        previous, previous_answer = history[-1]
        before = self.analyzer.analyze(previous)
        if plan.names and _CONTINUE.search(plan.text) or (plan.names and self._short(question)):
            if before.names and set(plan.names) != set(before.names):
                return self._replace_names(previous, before.names, question, plan.names)
            return question
        if plan.names or not (
            self._short(question)
            or self._anaphoric(question)
            or _CONTINUE.search(question)
            or _SUBJECTLESS_ZH.search(question)
        ):
            return question
        person = self._person_in(previous_answer) if self._personal(question) else ""
        if person:
            question = (
                _PERSONAL_EN.sub(f"{person}'s", question, count=1)
                if plan.lang == "en"
                else _PERSONAL_ZH.sub(person, question, count=1)
            )
        return f"{question} ({previous})"

    @staticmethod
    def _short(question: str) -> bool:
        han = len(_HAN.findall(question))
        return han <= 10 if han else len(question.split()) <= 5

    @staticmethod
    def _anaphoric(question: str) -> bool:
        return bool(_ANAPHORA_ZH.search(question) or _ANAPHORA_EN.search(question))

    @staticmethod
    def _personal(question: str) -> bool:
        return bool(_PERSONAL_EN.search(question) or _PERSONAL_ZH.search(question))

    def _person_in(self, answer: str) -> str:
        people = self.analyzer.analyze(answer).people if answer else ()
        return people[0] if people else ""

    def _replace_names(
        self, previous: str, old: Sequence[str], question: str, new: Sequence[str]
    ) -> str:
        """The previous question with its names swapped for the new ones (kept as typed)."""
        new_text = self._typed_names(question) or "、".join(new)
        out = previous
        replaced = False
        for name in sorted({v for n in old for v in self._variants(n)}, key=len, reverse=True):
            if name in out:
                out = out.replace(name, new_text)
                replaced = True
        spelled = self.analyzer.name_words(previous)
        if spelled:
            pattern = (
                r"\b(?:"
                + "|".join(sorted(map(re.escape, spelled), key=len, reverse=True))
                + r")(?:'s)?\b"
            )
            out, n = re.subn(pattern, new_text, out, flags=re.I)
            out = (
                re.sub(rf"(?:{re.escape(new_text)}\s*)+", new_text + " ", out)
                .replace(" ?", "?")
                .strip()
            )
            replaced = replaced or n > 0
        return out if replaced else f"{question} ({previous})"

    def _typed_names(self, question: str) -> str:
        words = self.analyzer.name_words(question)
        if words:
            return " ".join(w for w in re.findall(r"[A-Za-z]+", question) if w.lower() in words)
        plan = self.analyzer.analyze(question)
        for name in sorted(plan.names, key=len, reverse=True):
            for variant in sorted(self._variants(name), key=len, reverse=True):
                if variant in question:
                    return variant
        return ""

    def _variants(self, name: str) -> set[str]:
        from ingest.places import place_variants

        return place_variants(name) | {name}
