"""How much of a question the corpus and the retrieved passages cover: the evidence a refusal
rests on (see ``refusal.py``).

A question is read as *concepts*: a Chinese content word, or an English word or phrase with its
Chinese translations (glossary, then CC-CEDICT). Names of places and people are handled apart.
A concept is *known* when the corpus has one of its forms at all, and *covered* when one of its
forms occurs in the passages that would answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answering.abbreviations import abbreviated_in
from assistant.query.analyzer import QueryAnalyzer, QueryPlan
from vectorstore import ChineseTokenizer
from vectorstore.tokenizer import STOP_WORDS

# Words that frame a question rather than carry its subject (Chinese and English).
FRAME_WORDS = STOP_WORDS | frozenset(
    (
        "的话 名字 名称 叫 叫做 做 干 哪里 哪儿 哪种 几个 几名 几位 几件 几项 几次 为什么 为何 什么样 内容 情况 方面 具体 主要 所说 指 是指 意思 "
        "含义 谁 些 请 问 介绍 说明 讲 谈 提到 文章 专栏 这个 那个 哪一 哪一年 时候 何时 多久 多长 所在 怎么样 做法 办法 措施 方式 有关 相关 "
        "哪方面 什么样的 being much many each every other than then also can could would should "
        "will shall may might must describe explain give list say says said mention "
        "mentioned according article column use used using make made take took get got "
        "way ways kind kinds thing things mean means meaning called name named up out "
        "over under since per keep kept hold held let lets ask asked often during after "
        "before while within through via whether happen happened done doing try tried "
        "work works working part role one two three "
        "county district city province municipality prefecture town township village region"
    ).split()
)
_CJK = re.compile(r"[\u3400-\u9fff]")
# 什么颜色, 哪种材质, 多大面积: the noun after the interrogative names the attribute asked for.
_ASKED_ATTRIBUTE = re.compile(r"(?:什么|哪种|哪类|何种)([\u4e00-\u9fff]{2})")
_PLACE_END = re.compile(r"(?:省|自治区|市|县|区|州|旗|镇|乡)$")
# China's province-level divisions, as written without their suffix.
PROVINCES = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门".split()
)
_SUFFIXES = frozenset("省 市 县 区 旗 州 镇 乡".split())
# A question with none of these cannot name a place ``unknown_names`` keeps (the tagger is slow
# to load: a cold answer skips it when it can).
_MAY_NAME_PLACE = re.compile("|".join(sorted(_SUFFIXES | PROVINCES, key=len, reverse=True)))
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,6}?(?:省|自治区|市|县|区|州|旗)")
_GENERIC_PLACE = re.compile(r"^(?:全|本|该|各|市区|城区|辖区|社区|地区|园区|景区|小区|老城区)")


@dataclass(frozen=True)
class Concept:
    label: str
    forms: tuple[str, ...]  # any of these in the passages covers the concept
    known: bool  # the corpus has one of the forms somewhere


@dataclass(frozen=True)
class Coverage:
    concepts: tuple[Concept, ...]
    covered: tuple[Concept, ...]
    unknown_names: tuple[str, ...]  # places the question names that the corpus lacks
    # The attribute asked for (什么颜色 → 颜色) when the library never uses that word: it cannot
    # state it, whatever else the passages say about the subject.
    unknown_attribute: str = ""

    @property
    def missing(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c not in self.covered)

    @property
    def unknown(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if not c.known)

    @property
    def ratio(self) -> float:
        """Share of the question's concepts found in the passages."""
        return len(self.covered) / len(self.concepts) if self.concepts else 1.0

    @property
    def unknown_share(self) -> float:
        """Share of the question's concepts the corpus never mentions."""
        return len(self.unknown) / len(self.concepts) if self.concepts else 0.0


class CoverageChecker:
    def __init__(
        self, tokenizer: ChineseTokenizer, analyzer: QueryAnalyzer, vocabulary: set[str]
    ) -> None:
        self.tokenizer = tokenizer
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.characters = {ch for token in vocabulary if token.startswith("#") for ch in token[1:]}

    def _in_corpus(self, form: str) -> bool:
        """The corpus has the word, every character pair of it, or (a compound of three or more
        characters) the word less one character at an end: 失业金 is related to 失业."""
        if form in self.vocabulary:
            return True
        han = "".join(_CJK.findall(form))
        if len(han) == 1:
            return han in self.characters
        if not han:
            return False
        if len(han) >= 3 and (han[1:] in self.vocabulary or han[:-1] in self.vocabulary):
            return True
        return all(f"#{han[i : i + 2]}" in self.vocabulary for i in range(len(han) - 1))

    def concepts(self, plan: QueryPlan) -> list[Concept]:
        if plan.lang == "zh":
            related = dict(plan.related)
            raw = [(w, (w, *related.get(w, ()))) for w in self._chinese_words(plan)]
            # Latin words in a Chinese question (GDP) are read like an English question's.
            raw += self._english_concepts(plan)
        else:
            raw = self._english_concepts(plan)
        return [
            Concept(label, forms, any(self._in_corpus(f) for f in forms)) for label, forms in raw
        ]

    def _english_concepts(self, plan: QueryPlan) -> list[tuple[str, tuple[str, ...]]]:
        translations = dict(plan.translations)
        out = [(e.phrase, e.terms) for e in plan.expansions if e.phrase not in FRAME_WORDS]
        for word in plan.rest:
            if (
                word in FRAME_WORDS
                or word in STOP_WORDS
                or word in plan.name_words
                or word.isdigit()
                or len(word) < 3
            ):
                continue
            # A Latin word the Chinese text itself uses (GDP, PM2.5, 5G) is its own form.
            own = (word,) if word in self.vocabulary else ()
            out.append((word, (*own, *translations.get(word, ()))))
        return out

    def _chinese_words(self, plan: QueryPlan) -> list[str]:
        text = plan.text
        for name in sorted(plan.names, key=len, reverse=True):
            text = text.replace(name, " ")
        words: list[str] = []
        for word in self.tokenizer.words_of(text):
            word = word.lstrip("几多少")
            if word.startswith(("最", "更")):
                continue  # a superlative frames the question (最多能, 最快, 最晚), not its subject
            if (
                len(word) >= 2
                and _CJK.search(word)
                and word not in FRAME_WORDS
                and word not in STOP_WORDS
            ) and word not in words:
                words.append(word)
        return words

    def unknown_names(self, plan: QueryPlan, known: set[str]) -> list[str]:
        """Places a question names that no article mentions: in Chinese, jieba ``ns`` words
        with 市/区/县…; in English, a capitalised word inside the sentence that is neither a
        corpus name, nor in the glossary, nor a word the corpus has (Guangzhou, Hainan)."""
        if plan.lang != "zh":
            return self._unknown_english_names(plan)
        if not _MAY_NAME_PLACE.search(plan.text):
            return []  # every place kept below ends in a suffix or is a province: no tagger
        out = []
        pairs = self.tokenizer.pos_pairs(plan.text)
        for i, (word, flag) in enumerate(pairs):
            if word in _SUFFIXES and i and len(pairs[i - 1][0]) >= 2 and pairs[i - 1][1][0] == "n":
                # jieba may split an unknown place from its suffix: 白云/nr + 县
                word = pairs[i - 1][0] + word
            elif flag == "nt":  # an organisation named after its place: 深圳市人大常委会
                prefix = _PLACE_PREFIX.match(word)
                word = prefix.group(0) if prefix else ""
            elif flag != "ns":
                continue
            # A province-level name counts bare too (上海, 浙江): jieba also tags common words
            # as places (东西), so other places need their suffix (深圳市, 白云县).
            bare = flag == "ns" and word in PROVINCES
            if not word or not (bare or _PLACE_END.search(word)) or _GENERIC_PLACE.match(word):
                continue
            if not any(k in word or word in k for k in known) and not self._in_corpus(word):
                out.append(word)
        return out

    def _unknown_english_names(self, plan: QueryPlan) -> list[str]:
        names = self.analyzer.name_words(plan.question)
        glossed = {w for e in plan.expansions for w in e.phrase.split()}
        translations = dict(plan.translations)
        out = []
        for match in re.finditer(r"(?<=[a-z,;:] )([A-Z][a-z]{3,})", plan.question):
            word = match.group(1).lower().removesuffix("'s")
            if word in names or word in FRAME_WORDS or word in STOP_WORDS or word in glossed:
                continue
            if not any(self._in_corpus(f) for f in translations.get(word, ())):
                out.append(match.group(1))
        return out

    @staticmethod
    def covers(concepts: tuple[Concept, ...], text: str) -> bool:
        """Whether ``text`` holds any of the concepts (true when there are none to hold)."""
        squashed = _squashed(text)
        return not concepts or any(_held(c, squashed) for c in concepts)

    def check(self, plan: QueryPlan, evidence: str, known_names: set[str]) -> Coverage:
        concepts = self.concepts(plan)
        squashed = _squashed(evidence)
        covered = tuple(c for c in concepts if _held(c, squashed))
        asked = _ASKED_ATTRIBUTE.search(plan.text)
        attribute = next(
            (c.label for c in concepts if asked and c.label == asked.group(1) and not c.known), ""
        )
        return Coverage(
            tuple(concepts), covered, tuple(self.unknown_names(plan, known_names)), attribute
        )


def _squashed(text: str) -> str:
    """``text`` without spaces, lower-cased (a concept's Latin forms are lower-case)."""
    return re.sub(r"\s+", "", text).lower()


def _held(concept: Concept, squashed: str) -> bool:
    """Whether a ``_squashed`` text holds one of the concept's forms, or a full form one of them
    abbreviates."""
    return any(f and abbreviated_in(f.lower(), squashed) for f in concept.forms)


__all__ = ["Concept", "Coverage", "CoverageChecker", "FRAME_WORDS"]
