"""The frozen records that flow from ingest to the index and back out as citations."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.headings import LAW_ARTICLE


@dataclass(frozen=True)
class Section:
    """A heading inside an article and the span of the article text it covers.

    ``path`` names it with the headings it lies under (``一、2024年工作回顾 › （三）扩大有效需求``);
    ``body`` is where its own text starts: the line after a heading that stands on its own line
    (-1), or ``start`` for a run-in heading (its paragraph is the body), for the text of a
    section that resumes after a run-in paragraph or a table, and for a table with no caption.
    A ``table`` section's text is the rows of one table, a line each."""

    heading: str
    start: int
    end: int
    path: str = ""
    body: int = -1
    table: bool = False

    @property
    def label(self) -> str:
        """The section path, as passages carry it."""
        return self.path or self.heading


@dataclass(frozen=True)
class FileProperties:
    """What a file says about itself outside its text (a .docx's core properties)."""

    title: str = ""
    author: str = ""
    created: str = ""  # YYYY-MM-DD


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
    doc_number: str = ""  # 发文字号: 国办发〔2019〕4号
    issuer: str = ""  # 发文机关
    date: str = ""  # 成文日期, YYYY-MM-DD
    file_author: str = ""  # the file's own record of its author (a .docx's core properties)
    file_created: str = ""  # and of when it was created, YYYY-MM-DD

    def section_at(self, offset: int) -> str:
        """The path of the section that holds ``offset`` ('' outside every section)."""
        label = ""
        for section in self.sections:
            if section.start <= offset <= section.end:
                label = section.label
        return label


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
    # An official document's own particulars (see ingest.docmeta); '' when it gives none.
    doc_number: str = ""  # 发文字号
    issuer: str = ""  # 发文机关
    date: str = ""  # 成文日期, YYYY-MM-DD
    file_author: str = ""  # a .docx's core properties: author
    file_created: str = ""  # and created, YYYY-MM-DD

    @property
    def context(self) -> str:
        """What is prefixed to the passage for embedding and keyword search."""
        parts = [p for p in (self.place, self.author, self.title, self.heading_path) if p]
        return " · ".join(parts)

    @property
    def heading_path(self) -> str:
        """The section path as the passage's context, without a law's article number (第三十条)
        when the passage opens with that article: the number says nothing of the subject and
        the passage says it anyway (measured: with it, two law questions lost their answer)."""
        head, _, last = self.section.rpartition(" › ")
        article = LAW_ARTICLE.match(last)
        return head if article and self.text.startswith(article.group(0)) else self.section

    @property
    def search_text(self) -> str:
        """What is embedded: the passage under its article context."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    @property
    def keyword_text(self) -> str:
        """What the keyword index sees: the passage with its place, author, section, 发文字号 and
        发文机关 (so a question naming them finds the document), but not the headline, whose
        words would otherwise match every passage of the article alike."""
        parts = (self.place, self.author, self.heading_path, self.doc_number, self.issuer)
        head = " ".join(p for p in parts if p)
        return f"{head}\n{self.text}" if head else self.text


@dataclass(frozen=True)
class Document:
    """A whole file after loading: its articles and the hash of its bytes."""

    source: str
    doc_hash: str
    articles: tuple[Article, ...]
