"""Chinese (and English) tokens for the keyword index: jieba search mode plus the corpus's names."""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

# Function words and punctuation that carry no meaning for retrieval (Chinese and English).
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "是",
        "在",
        "有",
        "也",
        "都",
        "而",
        "或",
        "并",
        "等",
        "对",
        "把",
        "被",
        "将",
        "从",
        "向",
        "为",
        "以",
        "于",
        "之",
        "其",
        "这",
        "那",
        "这些",
        "那些",
        "中",
        "上",
        "下",
        "个",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "他们",
        "什么",
        "怎么",
        "怎样",
        "如何",
        "哪",
        "哪些",
        "哪个",
        "吗",
        "呢",
        "吧",
        "啊",
        "么",
        "多少",
        "几",
        "是否",
        "有没有",
        "请问",
        "一下",
        "进行",
        "开展",
        "关于",
        "通过",
        "一个",
        "一些",
        "没有",
        "不",
        "所",
        "说",
        "就",
        "又",
        "还",
        "要",
        "会",
        "能",
        "可以",
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "does",
        "do",
        "did",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "as",
        "about",
        "into",
        "their",
        "there",
        "his",
        "her",
        "he",
        "she",
        "they",
        "them",
        "any",
        "some",
        "please",
        "tell",
        "me",
    ]
)
_TOKEN = re.compile(r"\w", re.UNICODE)
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*([个名件位元年月日次项条家人所万亿%％])")


def normalize_width(text: str) -> str:
    """Full-width letters, digits and spaces to half-width (NFKC), lower-cased."""
    return unicodedata.normalize("NFKC", text).lower()


class ChineseTokenizer:
    """jieba in search mode (a private dictionary instance, so names added here stay local)."""

    def __init__(self, words: Iterable[str] = (), bigrams: bool = True) -> None:
        self.bigrams = bigrams
        import jieba

        jieba.setLogLevel(logging.WARNING)
        # One dictionary load per process (about 1.5 s): jieba's default tokenizer loads it (the
        # name tagger in ingest uses that one too), and this private instance takes a copy of
        # its frequencies, so the words added here still stay local. jieba has no public way
        # to share a loaded dictionary, hence the attributes set by hand.
        jieba.dt.check_initialized()
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ, self._jieba.total = dict(jieba.dt.FREQ), jieba.dt.total
        self._jieba.initialized = True
        self._lock = threading.Lock()
        # Answers re-read the same passages' sentences question after question: their tokens
        # are remembered (emptied when a word is added, which can change a segmentation).
        self._cached_tokens = functools.lru_cache(maxsize=8192)(self._tokens)
        self.words: set[str] = set()
        self.add_words(words)

    def add_words(self, words: Iterable[str]) -> None:
        """Keep these names whole (places, people, organisations)."""
        for word in words:
            word = word.strip()
            if len(word) >= 2 and word not in self.words:
                self._jieba.add_word(word, freq=50_000)
                self.words.add(word)
                self._cached_tokens.cache_clear()

    def words_of(self, text: str) -> list[str]:
        """Plain jieba words (accurate mode, no sub-words, no bigrams), for reading a question."""
        text = normalize_width(text)
        with self._lock:
            return [w for w in self._jieba.lcut(text) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        """Search-mode words, figures with their units and (optionally) character bigrams."""
        return list(self._cached_tokens(text))

    def _tokens(self, text: str) -> tuple[str, ...]:
        text = normalize_width(text)
        with self._lock:
            raw = self._jieba.lcut_for_search(text)
        out = [t for t in (tok.strip() for tok in raw) if t and _TOKEN.search(t)]
        out = [t for t in out if t not in STOP_WORDS]
        # "200元", "13个": a figure with its unit is a token of its own, as well as its parts.
        out.extend(a + b for a, b in _NUMBER_UNIT.findall(text))
        if self.bigrams:
            # Character bigrams catch what word segmentation splits differently in question and
            # passage ("四个机关" → 四个/机关 in one, a whole word in the other).
            for run in _HAN_RUN.findall(text):
                out.extend("#" + run[i : i + 2] for i in range(len(run) - 1))
        return tuple(out)
