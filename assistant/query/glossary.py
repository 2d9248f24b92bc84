"""English → Chinese terms of the people's-congress field, for searching Chinese text in English."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.query.english import english_words, singular

BUNDLED_GLOSSARY = Path(__file__).resolve().parent.parent / "data" / "glossary.tsv"


def read_pairs(paths: Iterable[Path] = (BUNDLED_GLOSSARY,)) -> list[tuple[str, tuple[str, ...]]]:
    """The glossary files' lines as written: (English phrase, its Chinese terms), in order."""
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
                continue
            phrase, terms = line.split("\t", 1)
            new = tuple(t.strip() for t in terms.split("|") if t.strip())
            if phrase.strip() and new:
                pairs.append((phrase.strip(), new))
    return pairs


@dataclass(frozen=True)
class Expansion:
    phrase: str
    terms: tuple[str, ...]


class Glossary:
    """Phrases (one to five words) mapped to Chinese terms; the longest phrase wins."""

    def __init__(self, entries: dict[str, tuple[str, ...]]) -> None:
        self.entries = entries
        self.longest = max((len(p.split()) for p in entries), default=1)

    @classmethod
    def load(cls, paths: Iterable[Path] = (BUNDLED_GLOSSARY,)) -> Glossary:
        entries: dict[str, tuple[str, ...]] = {}
        for phrase, new in read_pairs(paths):
            key = " ".join(english_words(phrase))
            if key:
                entries[key] = tuple(dict.fromkeys(entries.get(key, ()) + new))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def expand(self, text: str) -> tuple[list[Expansion], list[str]]:
        """The glossary phrases found in ``text`` and the words no phrase covered."""
        words = english_words(text)
        found: list[Expansion] = []
        rest: list[str] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                phrase = " ".join(words[i : i + size])
                terms = self.entries.get(phrase) or (
                    self.entries.get(singular(phrase)) if size == 1 else None
                )
                if terms:
                    found.append(Expansion(phrase, terms))
                    i += size
                    break
            else:
                rest.append(words[i])
                i += 1
        return found, rest
