"""From a raw question to a query plan: normalised text, the corpus names it mentions, and for an
English question the Chinese terms to search the Chinese text with."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.aliases import AliasTable
from assistant.cedict import CedictExpander
from assistant.glossary import Glossary
from assistant.language import Lang, detect_language
from ingest.places import place_variants
from vectorstore import normalize_width


class Simplifier:
    """Traditional → simplified Chinese with OpenCC (loaded once, on first use)."""

    def __init__(self) -> None:
        self._cc = None
        self._lock = threading.Lock()

    def __call__(self, text: str) -> str:
        if self._cc is None:
            with self._lock:
                if self._cc is None:
                    from opencc import OpenCC

                    self._cc = OpenCC("t2s")
        return self._cc.convert(text)


def normalize_question(text: str, simplify: Simplifier) -> str:
    """Traditional → simplified, full-width → half-width (NFKC, lower-cased), one space."""
    return " ".join(simplify(normalize_width(text)).split())


@dataclass(frozen=True)
class QueryPlan:
    question: str  # as asked (after whitespace clean-up)
    text: str  # normalised
    lang: Lang
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # Chinese terms for an English question

    @property
    def names(self) -> tuple[str, ...]:
        return self.places + self.people

    @property
    def chinese(self) -> str:
        """A Chinese rendering of an English question: its names and translated terms."""
        return " ".join(dict.fromkeys(self.names + self.terms))


class QueryAnalyzer:
    def __init__(
        self,
        glossary: Glossary,
        cedict: CedictExpander | None = None,
        places: list[str] | None = None,
        people: list[str] | None = None,
    ) -> None:
        self.glossary = glossary
        self.cedict = cedict
        self.simplify = Simplifier()
        self.set_lexicon(places or [], people or [])

    def set_lexicon(self, places: list[str], people: list[str]) -> None:
        """The corpus's names (refreshed when the index changes)."""
        self._places = sorted(set(places))
        self._people = sorted(set(people))
        self._variants: dict[str, str] = {}
        # Longest first, so a stem the corpus also lists on its own (尧都) maps to 尧都区.
        for place in sorted(self._places, key=len, reverse=True):
            for variant in place_variants(place):
                self._variants.setdefault(variant, self._variants.get(place, place))
        for person in self._people:
            self._variants[person] = person
        self._by_length = sorted(self._variants, key=len, reverse=True)
        canonical = sorted({self._variants[p] for p in self._places})
        self._aliases = AliasTable(canonical, self._people)

    def known_names(self) -> set[str]:
        return set(self._places) | set(self._people)

    def name_words(self, text: str) -> set[str]:
        return self._aliases.name_words(text)

    def analyze(self, question: str, lang: Lang | None = None) -> QueryPlan:
        """Read a question; ``lang`` overrides detection (a rewritten follow-up keeps the
        language the user asked in)."""
        text = normalize_question(question, self.simplify)
        lang = lang or detect_language(text)
        found = self._chinese_names(text)
        terms: list[str] = []
        if lang == "en":
            found += [n for n in self._aliases.find(text) if n not in found]
            expansions, rest = self.glossary.expand(text)
            for expansion in expansions:
                terms.extend(expansion.terms[:2])
            rest = [w for w in rest if not self._aliases.find(w)]
            if self.cedict is not None and rest:
                for zh in self.cedict.expand(rest).values():
                    terms.extend(zh[:2])
        people = tuple(n for n in found if n in self._people)
        places = tuple(n for n in found if n not in self._people)
        return QueryPlan(question, text, lang, places, people, tuple(dict.fromkeys(terms)))

    def _chinese_names(self, text: str) -> list[str]:
        """Corpus names written in the question (longest first, so 宁城县 before 宁城)."""
        found: list[str] = []
        for variant in self._by_length:
            if variant in text and self._variants[variant] not in found:
                found.append(self._variants[variant])
        return found
