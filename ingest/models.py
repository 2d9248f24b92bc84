"""The frozen records that flow from ingest to the index and back out as citations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A heading inside an article and the span of the article text it covers."""

    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One article of a document: its cleaned body text and what is known about it."""

    source: str
    title: str
    text: str
    author: str = ""
    province: str = ""
    place: str = ""
    post: str = ""
    sections: tuple[Section, ...] = ()
    ordinal: int = 0

    def section_at(self, offset: int) -> str:
        """The heading of the section that holds ``offset`` ('' before the first heading)."""
        heading = ""
        for section in self.sections:
            if section.start <= offset:
                heading = section.heading
        return heading


@dataclass(frozen=True)
class Chunk:
    """A passage short enough to cite, with the metadata of the article it comes from."""

    id: str
    text: str
    source: str
    title: str
    author: str
    province: str
    place: str
    section: str
    start: int
    end: int
    article: int
    ordinal: int
    doc_hash: str
    post: str = ""
    names: tuple[str, ...] = field(default=())  # places and people the article names

    @property
    def context(self) -> str:
        """What is prefixed to the passage for embedding and keyword search."""
        parts = [p for p in (self.place, self.author, self.title, self.section) if p]
        return " · ".join(parts)

    @property
    def search_text(self) -> str:
        """What is embedded: the passage under its article context."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    @property
    def keyword_text(self) -> str:
        """What the keyword index sees: the passage with its place, author and section, but not
        the headline, whose words would otherwise match every passage of the article alike."""
        head = " ".join(p for p in (self.place, self.author, self.section) if p)
        return f"{head}\n{self.text}" if head else self.text


@dataclass(frozen=True)
class Document:
    """A whole file after loading: its articles and the hash of its bytes."""

    source: str
    doc_hash: str
    articles: tuple[Article, ...]
