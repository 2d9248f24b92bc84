"""Chinese (and English) tokens for the keyword index: jieba search mode plus the corpus's names."""

from __future__ import annotations

import functools
import io
import logging
import marshal
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path

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

    def __init__(
        self, words: Iterable[str] = (), bigrams: bool = True, cache_dir: Path | None = None
    ) -> None:
        self.bigrams = bigrams
        self.cache_dir = cache_dir
        import jieba

        jieba.setLogLevel(logging.WARNING)
        if cache_dir is not None and jieba.dt.tmp_dir is None and not jieba.dt.initialized:
            # jieba's own cache of its prefix dictionary (a marshal file, 0.5 s to load instead
            # of 1.5 s to parse dict.txt) lives in the data dir rather than in /tmp.
            cache_dir.mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(cache_dir)
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

    def pos_pairs(self, text: str) -> list[tuple[str, str]]:
        """jieba's (word, part of speech) pairs for ``text``: ``jieba.posseg.lcut`` on jieba's
        default dictionary (not this instance's added names), exactly."""
        posseg = _load_posseg(self.cache_dir)
        return [(p.word, p.flag) for p in posseg.lcut(text)]

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


_POSSEG_LOCK = threading.Lock()


def _load_posseg(cache_dir: Path | None):  # -> the jieba.posseg module
    """``jieba.posseg``, its word-tag table read from a marshal cache in ``cache_dir`` when there
    is one. Importing jieba.posseg parses the whole of jieba's dict.txt for the tags (0.6 s, the
    biggest part of a cold answer's first question); the cache loads the same table in ~0.1 s.
    The cache is keyed by jieba's version and dict.txt's size and time; the table is the one
    jieba would build, so tags and answers are unchanged."""
    module = sys.modules.get("jieba.posseg")
    if module is not None and hasattr(module, "dt"):
        return module
    with _POSSEG_LOCK:
        module = sys.modules.get("jieba.posseg")
        if module is not None and hasattr(module, "dt"):
            return module
        import jieba

        cache = _word_tag_cache(cache_dir)
        tags = _read_word_tags(cache) if cache else None
        if tags is None:
            import jieba.posseg

            if cache is not None:
                _write_word_tags(cache, jieba.posseg.dt.word_tag_tab)
            return jieba.posseg
        # POSTokenizer's constructor (run at import for the module's ``dt``) reads the tags from
        # the default tokenizer's dictionary file: hand it an empty one, then the cached table.
        jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
        try:
            import jieba.posseg
        finally:
            del jieba.dt.get_dict_file
        jieba.posseg.dt.word_tag_tab = tags
        return jieba.posseg


def _word_tag_cache(cache_dir: Path | None) -> Path | None:
    import jieba

    if cache_dir is None or jieba.dt.dictionary != jieba.DEFAULT_DICT:
        return None
    try:
        with jieba.get_dict_file() as dictionary:
            stat = os.stat(dictionary.name)
    except (OSError, AttributeError):
        return None
    version = getattr(jieba, "__version__", "?")
    return cache_dir / f"jieba-{version}-{stat.st_size}-{int(stat.st_mtime)}.tags.marshal"


def _read_word_tags(path: Path) -> dict[str, str] | None:
    try:
        tags = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return tags if isinstance(tags, dict) and tags else None


def _write_word_tags(path: Path, tags: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(tags))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only data dir: no cache, jieba parses its dictionary each time
