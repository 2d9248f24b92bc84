"""The corpus's lexicon, kept with the keyword index for the query side: its places, its people
and the passages that define a term."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ingest.models import Chunk
from ingest.places import place_variants


@dataclass(frozen=True)
class Lexicon:
    places: tuple[str, ...] = ()  # articles' places, provinces and the places they name
    people: tuple[str, ...] = ()  # authors
    definitions: tuple[tuple[str, str], ...] = ()  # (term, id of a passage that defines it)

    def to_json(self) -> dict[str, Any]:
        return {
            "places": list(self.places),
            "people": list(self.people),
            "definitions": [[term, chunk_id] for term, chunk_id in self.definitions],
        }

    @classmethod
    def from_json(cls, data: Any) -> Lexicon:
        """The lexicon ``to_json`` wrote; ValueError for anything else (such as the dict of
        lists an older keyword index saved)."""
        try:
            return cls(
                _strings(data["places"]),
                _strings(data["people"]),
                tuple(_pair(entry) for entry in data["definitions"]),
            )
        except (KeyError, TypeError) as err:
            raise ValueError(f"not a saved lexicon: {err!r}") from err


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"not a list of strings: {value!r:.80}")
    return tuple(value)


def _pair(value: Any) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError(f"not a (term, chunk id) pair: {value!r:.80}")
    term, chunk_id = _strings(value)
    return term, chunk_id


# Where a text defines a term: “四个机关”（政治机关、…）, “两个清单”即…, 本法所称监督，是指….
_DEFINITIONS = [
    re.compile(r"[“「]([^”」\n]{2,12})[”」]\s*[（(][^）)]{4,}[）)]"),
    re.compile(r"[“「]([^”」\n]{2,12})[”」]\s*[，,]?\s*(?:即|是指|指的是)"),
    re.compile(r"(?:所称|所谓)\s*[“「]?([\u4e00-\u9fff]{2,12})[”」]?\s*[，,]?\s*(?:是指|指)"),
]


def corpus_definitions(chunks: Iterable[Chunk]) -> tuple[tuple[str, str], ...]:
    """``(term, chunk id)`` for every passage that defines a term, sorted."""
    found: set[tuple[str, str]] = set()
    for chunk in chunks:
        for pattern in _DEFINITIONS:
            found.update((m.group(1), chunk.id) for m in pattern.finditer(chunk.text))
    return tuple(sorted(found))


# A term the writers coined and put in quotes: “四个机关”, “入口关”, “两个清单”.
_QUOTED = re.compile(r"[“「]([\u4e00-\u9fff0-9]{2,8})[”」]")


def corpus_names(chunks: Iterable[Chunk]) -> set[str]:
    """Words jieba must keep whole: authors, places (with and without 县/区/市) and the quoted
    terms of the text (the search-mode tokenizer still yields their parts too)."""
    names: set[str] = set()
    for chunk in chunks:
        names.update(_QUOTED.findall(chunk.text))
        names.update(place_variants(chunk.place))
        if chunk.author:
            names.add(chunk.author)
        names.update(chunk.names)
    return {n for n in names if len(n) >= 2}
