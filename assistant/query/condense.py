"""Follow-up questions made whole, offline: "那邳州呢？" after a 宁城县 question becomes the same
question about 邳州; "涉及多少件？" or "What is his position?" borrow the previous turn's subject."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.query.analyzer import QueryAnalyzer, QueryPlan

# 该 alone is mostly the modal "should" (该怎么办), so only 该 + a noun points back.
# 这个/那个 before a kind of document (这个通知, 这份文件) points at the document being read, not
# at the previous question.
_ANAPHORA_ZH = re.compile(
    r"[他她它其此]|(?:这个|那个|这些|那些)(?!通知|文件|规定|办法|条例|法律|报告|文章|意见|方案|决定|政策)|"
    r"上述|当地|该(?:地|县|区|市|单位|部门|项|条|法|规定|办法)"
)
_ANAPHORA_EN = re.compile(
    r"\b(?:he|she|him|his|her|hers|it|its|they|them|their|there|this|that|these|those)\b", re.I
)
_PERSONAL_EN = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.I)
_PERSONAL_ZH = re.compile(r"[他她]")
_CONTINUE = re.compile(
    r"^(?:那|那么|还有|另外|and\b|what about\b|how about\b|and what about\b)", re.I
)
# "And who handles the funding?": a question word, a verb and its object make a question of its
# own; "And" only joins it to the conversation, as it does a short "And how long?".
_COMPLETE_AND = re.compile(
    r"^and\s+(?:who|what|which|how|when|where|why)\s+(?!about\b)\S+\s+\S+.*\S+", re.I
)
_HAN = re.compile(r"[\u3400-\u9fff]")
# A Chinese question that opens with a verb, a quantity or a question word has no subject of
# its own ("涉及多少件代表意见建议？", "具体怎么做的？"): it continues the conversation.
_SUBJECTLESS_ZH = re.compile(
    r"^(?:涉及|包括|包含|有没有|有哪些|有多少|是否|是不是|是谁|是什么|是哪|共|一共|总共|具体|主要|"
    r"怎么|怎样|如何|为什么|为何|什么时候|何时|哪些|哪个|多少|几|还|又|都)"
)


# What is left of a question that only points at a new subject: 那…呢, what about…
_ELLIPSIS_ZH = re.compile(
    r"那么|那|呢|吗|还有|另外|怎么样|如何|的|和|与|及|要是|如果|[，。？！、?!,.\s]"
)
_ELLIPSIS_EN = frozenset("and what about how then the of in for county district city ? 's".split())
_WHAT_ABOUT_ZH = re.compile(
    r"^(?:那么|那|还有|另外)(?:要是|如果)?([\u4e00-\u9fff]{2,8})(?:的话)?呢[?？]?$"
)


# A short English question that starts with its question word has no subject of its own.
_SUBJECTLESS_EN = re.compile(
    r"^(?:how (?:much|many|long|often)|since when|when|where|why|and)\b[^?]{0,25}\??$", re.I
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
        if plan.names:
            # A question that names its subject and says what it asks is whole (尧都区补助多少？);
            # one that only names a new subject (那郧阳区呢？, What about Baodi?) takes the
            # previous question with the names swapped.
            if self._elliptical(plan) and before.names and set(plan.names) != set(before.names):
                return self._replace_names(previous, before.names, question, plan.names)
            return question
        if _COMPLETE_AND.search(question.strip()) and not _ANAPHORA_EN.search(question):
            return question
        if not (
            self._anaphoric(question)
            or _SUBJECTLESS_EN.search(question)
            or _CONTINUE.search(question)
            or _SUBJECTLESS_ZH.search(question)
        ):
            return question
        swapped = self._swap_head(question, previous) if plan.lang == "zh" else ""
        if swapped:
            return swapped
        person = self._person_in(previous_answer) if self._personal(question) else ""
        if person:
            question = (
                _PERSONAL_EN.sub(f"{person}'s", question, count=1)
                if plan.lang == "en"
                else _PERSONAL_ZH.sub(person, question, count=1)
            )
        return f"{question} ({previous})"

    def _elliptical(self, plan: QueryPlan) -> bool:
        """Nothing is left of the question but its names and the words of "what about"."""
        text = plan.text
        for name in sorted(plan.names, key=len, reverse=True):
            for variant in sorted(self._variants(name), key=len, reverse=True):
                text = text.replace(variant, " ")
        if plan.lang == "zh":
            return len(_HAN.findall(_ELLIPSIS_ZH.sub("", text))) < 2
        words = [w for w in re.findall(r"[a-z']+", text.lower()) if w not in plan.name_words]
        return all(w in _ELLIPSIS_EN for w in words)

    @staticmethod
    def _swap_head(question: str, previous: str) -> str:
        """那生育保险呢？ after 工伤保险是不是全由公司交？ → 生育保险是不是全由公司交？: Chinese
        compounds end in their head, so the new noun replaces the earlier one of the same head
        and length. '' when there is no such noun."""
        match = _WHAT_ABOUT_ZH.match(question.strip())
        if not match:
            return ""
        new = match.group(1)
        for size in range(len(new) - 1, 1, -1):
            head = new[-size:]
            at = previous.find(head)
            start = at - (len(new) - size)
            if at >= 0 and start >= 0:
                old = previous[start : at + size]
                if old != new and len(_HAN.findall(old)) == len(old):
                    return previous.replace(old, new, 1)
        return ""

    @staticmethod
    def _anaphoric(question: str) -> bool:
        """A pronoun that points back: in Chinese anywhere; in English only in a short question
        ("What is his position?"), since a longer one usually names what its pronoun means
        ("Do deputies still get their salary…?")."""
        if _ANAPHORA_ZH.search(question):
            return True
        return bool(_ANAPHORA_EN.search(question)) and len(question.split()) <= 6

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
