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
from typing import Any

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
        self._lock = threading.Lock()
        # jieba's prefix dictionary split by first character, each part read when a text first
        # holds that character (``_Jieba``): a cold answer reads a few hundred parts, not the
        # 600k entries (0.5–1.3 s). Without a cache dir, one full load per process, as before.
        self._dictionary = _default_dictionary(cache_dir)
        self._jieba = _Jieba(self._dictionary)
        self._pos: Any = None  # jieba.posseg over the default dictionary, built at first use
        # Answers re-read the same passages' sentences question after question: their tokens
        # are remembered (emptied when a word is added, which can change a segmentation).
        self._cached_tokens = functools.lru_cache(maxsize=8192)(self._tokens)
        self.words: set[str] = set()
        self.add_words(words)

    def add_words(self, words: Iterable[str]) -> None:
        """Keep these names whole (places, people, organisations)."""
        with self._lock:
            for word in words:
                word = word.strip()
                if len(word) >= 2 and word not in self.words:
                    self._jieba.ready(word).add_word(word, freq=50_000)
                    self.words.add(word)
                    self._cached_tokens.cache_clear()

    def pos_pairs(self, text: str) -> list[tuple[str, str]]:
        """jieba's (word, part of speech) pairs for ``text``: ``jieba.posseg.lcut`` on jieba's
        default dictionary (not this instance's added names), exactly."""
        posseg = _load_posseg(self._dictionary)
        if self._dictionary is None:
            return [(p.word, p.flag) for p in posseg.lcut(text)]
        with self._lock:
            if self._pos is None:
                # posseg's tagger on a private copy of the default dictionary whose words and
                # tags are read by parts (jieba's constructor would read all of dict.txt).
                pos = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
                pos.tokenizer = _Jieba(self._dictionary, tags=True)
                pos.word_tag_tab = pos.tokenizer.tags
                self._pos = pos
            self._pos.tokenizer.ready(text)
            return [(p.word, p.flag) for p in self._pos.lcut(text)]

    def words_of(self, text: str) -> list[str]:
        """Plain jieba words (accurate mode, no sub-words, no bigrams), for reading a question."""
        text = normalize_width(text)
        with self._lock:
            return [w for w in self._jieba.ready(text).lcut(text) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        """Search-mode words, figures with their units and (optionally) character bigrams."""
        return list(self._cached_tokens(text))

    def _tokens(self, text: str) -> tuple[str, ...]:
        text = normalize_width(text)
        with self._lock:
            raw = self._jieba.ready(text).lcut_for_search(text)
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


_LOCK = threading.Lock()


def _load_posseg(dictionary: _Dictionary | None):  # -> the jieba.posseg module
    """``jieba.posseg``. Importing it builds the module's tagger, which parses the whole of
    jieba's dict.txt for the word tags (0.6 s, the biggest part of a cold answer's first
    question). With ``dictionary`` (the cached parts), that tagger gets an empty file to parse
    and a table that reads every part the first time it is used instead (only users of
    ``jieba.posseg`` itself, like ingest's name tagger, use it; ``pos_pairs`` reads by parts)."""
    module = sys.modules.get("jieba.posseg")
    if module is not None and hasattr(module, "dt"):
        return module
    with _LOCK:
        module = sys.modules.get("jieba.posseg")
        if module is not None and hasattr(module, "dt"):
            return module
        import jieba

        if dictionary is None:
            import jieba.posseg

            return jieba.posseg
        jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
        try:
            import jieba.posseg
        finally:
            del jieba.dt.get_dict_file
        jieba.posseg.dt.word_tag_tab = _AllTags(dictionary)
        return jieba.posseg


def _Jieba(dictionary: _Dictionary | None, tags: bool = False) -> Any:  # noqa: N802
    """A private ``jieba.Tokenizer`` on the default dictionary: its frequencies (and, with
    ``tags``, its part-of-speech tags) read part by part from ``dictionary`` as texts need them
    (``ready``), or, without one, a copy of the default tokenizer's (one full load per process,
    shared with ingest's name tagger). jieba has no public way to share a loaded dictionary,
    hence the attributes set by hand."""
    import jieba

    class Tokenizer(jieba.Tokenizer):
        def ready(self, text: str) -> Tokenizer:
            """Load the dictionary's entries for the characters of ``text``: every key jieba
            looks up while cutting ``text`` (or adding it as a word) starts with one of them."""
            if dictionary is not None:
                missing = set(text).difference(self.read)
                for ch in missing:
                    self.FREQ.update(dictionary.words(ch))
                    if self.tags is not None:
                        self.tags.update(dictionary.tags(ch))
                self.read.update(missing)
            return self

    tokenizer = Tokenizer()
    if dictionary is None:
        jieba.dt.check_initialized()
        tokenizer.FREQ, tokenizer.total = dict(jieba.dt.FREQ), jieba.dt.total
    else:
        tokenizer.FREQ, tokenizer.total = {}, dictionary.total
    tokenizer.tags = {} if tags else None
    tokenizer.read = set()
    tokenizer.initialized = True
    return tokenizer


class _Dictionary:
    """jieba's default dictionary, one marshalled part per first character: its prefix
    dictionary (word → frequency, every word's prefixes at 0), its tags, and its total."""

    def __init__(self, total: int, words: dict[str, bytes], tags: dict[str, bytes]) -> None:
        self.total, self._words, self._tags = total, words, tags

    def words(self, ch: str) -> dict[str, int]:
        return _part(self._words, ch)

    def tags(self, ch: str) -> dict[str, str]:
        return _part(self._tags, ch)

    def all_tags(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for ch in self._tags:
            table.update(self.tags(ch))
        return table


def _part(parts: dict[str, bytes], ch: str) -> dict:
    blob = parts.get(ch)
    return marshal.loads(blob) if blob else {}


class _AllTags:
    """jieba.posseg's word-tag table, read whole from the parts at its first use."""

    def __init__(self, dictionary: _Dictionary) -> None:
        self._dictionary = dictionary
        self._table: dict[str, str] | None = None

    def _read(self) -> dict[str, str]:
        if self._table is None:
            with _LOCK:
                if self._table is None:
                    self._table = self._dictionary.all_tags()
        return self._table

    def get(self, word: str, default: Any = None) -> Any:
        return self._read().get(word, default)

    def update(self, other: Any) -> None:
        self._read().update(other)

    def __getitem__(self, word: str) -> str:
        return self._read()[word]

    def __setitem__(self, word: str, tag: str) -> None:
        self._read()[word] = tag

    def __contains__(self, word: object) -> bool:
        return word in self._read()

    def __len__(self) -> int:
        return len(self._read())


_DICTIONARIES: dict[Path, _Dictionary] = {}


def _default_dictionary(cache_dir: Path | None) -> _Dictionary | None:
    """jieba's default dictionary by parts, from ``cache_dir`` (written there the first time,
    from a fresh load of dict.txt); None without a cache dir, or when it cannot be written."""
    path = _cache_path(cache_dir)
    if path is None:
        return None
    with _LOCK:
        if path in _DICTIONARIES:
            return _DICTIONARIES[path]
        try:
            dictionary = _Dictionary(*marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError):
            assert cache_dir is not None
            parts = _build_parts(cache_dir)
            if not _write(path, marshal.dumps(parts)):
                return None
            dictionary = _Dictionary(*parts)
        _DICTIONARIES[path] = dictionary
        return dictionary


def _build_parts(cache_dir: Path) -> tuple[int, dict[str, bytes], dict[str, bytes]]:
    """The parts, from what jieba itself builds: a fresh tokenizer's prefix dictionary (through
    jieba's own cache, in ``cache_dir`` too) and dict.txt's tags read as posseg reads them."""
    import jieba

    cache_dir.mkdir(parents=True, exist_ok=True)
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(cache_dir)
    fresh.check_initialized()
    words: dict[str, dict[str, int]] = {}
    for word, freq in fresh.FREQ.items():
        words.setdefault(word[0], {})[word] = freq
    tags: dict[str, dict[str, str]] = {}
    with fresh.get_dict_file() as f:
        for line in f:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                tags.setdefault(word[0], {})[word] = tag
    return (
        fresh.total,
        {ch: marshal.dumps(part) for ch, part in words.items()},
        {ch: marshal.dumps(part) for ch, part in tags.items()},
    )


def _cache_path(cache_dir: Path | None) -> Path | None:
    """``cache_dir``/jieba-<version>-<size>-<mtime>.parts, for jieba's default dict.txt."""
    import jieba

    if cache_dir is None or jieba.dt.dictionary != jieba.DEFAULT_DICT:
        return None
    try:
        with jieba.get_dict_file() as dictionary:
            stat = os.stat(dictionary.name)
    except (OSError, AttributeError):
        return None
    version = getattr(jieba, "__version__", "?")
    return cache_dir / f"jieba-{version}-{stat.st_size}-{int(stat.st_mtime)}.parts"


def _write(path: Path, data: bytes) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        return False  # a read-only data dir: no cache, jieba reads its dictionary each time
    return True
