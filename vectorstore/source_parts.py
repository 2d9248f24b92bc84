"""What the keyword index keeps of each committed document: its passages' ids, the words jieba
must keep whole and its part of the lexicon. With these kept, adding or removing one document
reads only that document from Chroma, not every passage (11 s at 100k passages)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ingest.models import Chunk
from vectorstore.lexicon import Lexicon, corpus_definitions, corpus_names


@dataclass(frozen=True)
class SourcePart:
    doc_hash: str
    ids: tuple[str, ...]  # sorted, so a build's passage order does not depend on how it read
    names: tuple[str, ...]  # words jieba keeps whole (corpus_names)
    places: tuple[str, ...]  # before the corpus's people are taken out (Lexicon.places)
    people: tuple[str, ...]
    definitions: tuple[tuple[str, str], ...]
    # (article, title, author, place, passages) for each article, in order: the library's list
    # without reading every passage's metadata (13 s at 100k passages).
    articles: tuple[tuple[int, str, str, str, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_hash": self.doc_hash,
            "ids": list(self.ids),
            "names": list(self.names),
            "places": list(self.places),
            "people": list(self.people),
            "definitions": [list(d) for d in self.definitions],
            "articles": [list(a) for a in self.articles],
        }

    @classmethod
    def from_json(cls, data: Any) -> SourcePart:
        """ValueError for anything ``to_json`` did not write."""
        try:
            return cls(
                str(data["doc_hash"]),
                tuple(map(str, data["ids"])),
                tuple(map(str, data["names"])),
                tuple(map(str, data["places"])),
                tuple(map(str, data["people"])),
                tuple((str(t), str(i)) for t, i in data["definitions"]),
                tuple(
                    (int(n), str(title), str(author), str(place), int(count))
                    for n, title, author, place, count in data["articles"]
                ),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"not a saved document part: {err!r}") from err


def source_parts(chunks: Iterable[Chunk]) -> dict[str, SourcePart]:
    """One part per document of ``chunks`` (all of a document's committed passages)."""
    by_source: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        by_source[chunk.source].append(chunk)
    parts = {}
    for source, group in by_source.items():
        places = {p for c in group for p in (c.place, c.province, *c.names) if p}
        articles: dict[int, list[Chunk]] = defaultdict(list)
        for chunk in group:
            articles[chunk.article].append(chunk)
        parts[source] = SourcePart(
            doc_hash=group[0].doc_hash,
            ids=tuple(sorted(c.id for c in group)),
            names=tuple(sorted(corpus_names(group))),
            places=tuple(sorted(places)),
            people=tuple(sorted({c.author for c in group if c.author})),
            definitions=corpus_definitions(group),
            articles=tuple(
                (n, first.title, first.author, first.place, len(chunks))
                for n, chunks in sorted(articles.items())
                for first in [min(chunks, key=lambda c: c.ordinal)]
            ),
        )
    return parts


def passage_ids(parts: Mapping[str, SourcePart]) -> list[str]:
    """Every passage, documents in source order: the order a build indexes them in."""
    return [cid for source in sorted(parts) for cid in parts[source].ids]


def merged_names(parts: Mapping[str, SourcePart]) -> set[str]:
    return {name for part in parts.values() for name in part.names}


def merged_lexicon(parts: Mapping[str, SourcePart]) -> Lexicon:
    """The corpus's lexicon: its places (articles' places, provinces and the places they name,
    less its people), its people (authors) and the passages that define a term, each sorted."""
    people = {p for part in parts.values() for p in part.people}
    places = {p for part in parts.values() for p in part.places} - people
    definitions = {d for part in parts.values() for d in part.definitions}
    return Lexicon(tuple(sorted(places)), tuple(sorted(people)), tuple(sorted(definitions)))


__all__ = ["SourcePart", "merged_lexicon", "merged_names", "passage_ids", "source_parts"]
