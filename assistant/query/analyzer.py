"""From a raw question to a query plan: normalised text, the corpus names it mentions, and for an
English question the Chinese terms to search the Chinese text with."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from assistant.query.aliases import AliasTable
from assistant.query.cedict import CedictExpander
from assistant.query.glossary import Expansion, Glossary
from assistant.query.language import Lang, detect_language
from ingest.places import place_variants
from vectorstore import normalize_width

# Question words and pronouns ask or point; they have no synonyms to search for (多少 is not
# 若干, 人家 is not 家庭).
_INTERROGATIVES = frozenset(
    "多少 几个 什么 怎么 怎样 如何 哪些 哪个 哪里 为什么 为何 是否 能否 多久 多长 "
    "人家 自己 我们 你们 他们 咱们 大家 别人".split()
)
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S*|www\.\S+", re.I)
_LATIN = re.compile(r"[a-z][a-z0-9.]+")


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
    # What the analysis of an English question found, kept so no later step reads it again:
    expansions: tuple[Expansion, ...] = ()  # glossary phrases and their Chinese terms
    rest: tuple[str, ...] = ()  # the words no glossary phrase covered
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # CC-CEDICT forms of ``rest``
    name_words: frozenset[str] = frozenset()  # the English words that spell a corpus name
    # Everyday words of the question → the corpus's words of the same sense (员工 → 职工).
    related: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return self.places + self.people

    @property
    def chinese(self) -> str:
        """A Chinese rendering of an English question: its names and translated terms."""
        return " ".join(dict.fromkeys(self.names + self.terms))


class QueryAnalyzer:
    """Reads questions into QueryPlans; a plan is cached until the corpus's names change, so a
    follow-up and the question before it are each read once."""

    cache_size = 256

    def __init__(
        self,
        glossary: Glossary,
        cedict: CedictExpander | None = None,
        places: list[str] | None = None,
        people: list[str] | None = None,
        segment: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.glossary = glossary
        self.cedict = cedict
        self.segment = segment  # Chinese words of a text (jieba), for the synonyms
        self.simplify = Simplifier()
        self._plans: OrderedDict[tuple[str, Lang], QueryPlan] = OrderedDict()
        self._plans_lock = threading.Lock()
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
        with self._plans_lock:
            # Built at the first English question (pypinyin and every name's readings are
            # about 0.6 s that a Chinese-only process never needs).
            self._alias_names = (canonical, self._people)
            self._alias_table: AliasTable | None = None
            self._plans.clear()

    @property
    def _aliases(self) -> AliasTable:
        with self._plans_lock:
            if self._alias_table is None:
                self._alias_table = AliasTable(*self._alias_names)
            return self._alias_table

    def known_names(self) -> set[str]:
        return set(self._places) | set(self._people)

    def name_words(self, text: str) -> set[str]:
        return self._aliases.name_words(text)

    def analyze(self, question: str, lang: Lang | None = None) -> QueryPlan:
        """Read a question; ``lang`` overrides detection (a rewritten follow-up keeps the
        language the user asked in)."""
        text = normalize_question(question, self.simplify)
        key = (question, lang or detect_language(text))
        with self._plans_lock:
            if key in self._plans:
                self._plans.move_to_end(key)
                return self._plans[key]
        plan = self._analyze(question, text, key[1])
        with self._plans_lock:
            self._plans[key] = plan
            while len(self._plans) > self.cache_size:
                self._plans.popitem(last=False)
        return plan

    def _analyze(self, question: str, text: str, lang: Lang) -> QueryPlan:
        found = self._chinese_names(text)
        if lang == "zh":
            return self._chinese_plan(question, text, found)
        found += [n for n in self._aliases.find(text) if n not in found]
        expansions, rest = self.glossary.expand(_URL.sub(" ", text))
        translations = self.cedict.expand(rest) if self.cedict is not None and rest else {}
        terms = [t for e in expansions for t in e.terms[:2]]
        # A word that spells a name is searched as the name, not translated.
        for word in rest:
            if word in translations and not self._aliases.find(word):
                terms.extend(translations[word][:2])
        return self._plan(
            question,
            text,
            lang,
            found,
            terms=tuple(dict.fromkeys(terms)),
            expansions=tuple(expansions),
            rest=tuple(rest),
            translations=tuple((w, tuple(f)) for w, f in translations.items()),
            name_words=frozenset(self._aliases.name_words(text)),
        )

    def _chinese_plan(self, question: str, text: str, found: list[str]) -> QueryPlan:
        """A Chinese question's plan; its everyday words get the corpus's synonyms, and the
        Latin words in it (GDP, PM2.5) the glossary's and CC-CEDICT's Chinese."""
        terms: list[str] = []
        latin = " ".join(_LATIN.findall(_URL.sub(" ", text)))  # a link's parts are not words
        expansions, rest = self.glossary.expand(latin) if latin else ([], [])
        terms += [t for e in expansions for t in e.terms[:2]]
        translations = self.cedict.expand(rest) if self.cedict is not None and rest else {}
        terms += [t for found_terms in translations.values() for t in found_terms[:2]]
        related: dict[str, list[str]] = {}
        if self.cedict is not None and self.segment is not None:
            rest_text = text
            for name in found:
                rest_text = rest_text.replace(name, " ")
            # Only words the library lacks need another form: a word it has is searched as is.
            vocabulary = self.cedict.vocabulary()
            words = [w for w in self.segment(rest_text) if len(w) >= 2 and w not in _INTERROGATIVES]
            # Every content word's synonyms help pick the sentence that answers (员工 is in the
            # library, but the law on point says 职工); only the words the library lacks need
            # another form to be searched by.
            related = self.cedict.synonyms(words)
            terms += [t for w, targets in related.items() if w not in vocabulary for t in targets]
        return self._plan(
            question,
            text,
            "zh",
            found,
            terms=tuple(dict.fromkeys(terms)),
            expansions=tuple(expansions),
            rest=tuple(rest),
            translations=tuple((w, tuple(f)) for w, f in translations.items()),
            related=tuple((w, tuple(t)) for w, t in related.items()),
        )

    def _plan(self, question: str, text: str, lang: Lang, found: list[str], **english) -> QueryPlan:
        people = tuple(n for n in found if n in self._people)
        places = tuple(n for n in found if n not in self._people)
        return QueryPlan(question, text, lang, places, people, **english)

    def _chinese_names(self, text: str) -> list[str]:
        """Corpus names written in the question (longest first, so 宁城县 before 宁城)."""
        found: list[str] = []
        for variant in self._by_length:
            if variant in text and self._variants[variant] not in found:
                found.append(self._variants[variant])
        return found
