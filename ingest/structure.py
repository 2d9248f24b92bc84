"""Group cleaned blocks into articles: bylines start them, headlines follow their bodies; inside
an article, headings nest into section paths (see ingest.headings)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from ingest import docmeta
from ingest.cleaning import Block
from ingest.headings import (
    LAW_ARTICLE,
    LAW_STYLES,
    Outline,
    classify,
    numbering,
    opens_with_topic,
    tidy_heading,
)
from ingest.models import Article, FileProperties, Section
from ingest.places import find_place, parse_byline, parse_note, place_in_text

_TRAILING_STOP = re.compile(r"[。！？；：…!?;:][”’」』）)】\]》]*$")
TITLE_CHARS = (5, 60)  # a document's first line is its title when it is this long and …
_NOT_TITLE = re.compile(r"[。！？；：!?;:]")  # … has none of these


def split_articles(
    blocks: list[Block], source: str, properties: FileProperties | None = None
) -> list[Article]:
    """The articles of one document; a document without bylines is a single article."""
    properties = properties or FileProperties()
    starts = [i for i, block in enumerate(blocks) if block.kind == "byline"]
    if not starts:
        return [_untitled_document(blocks, source, properties)]
    articles: list[Article] = []
    preamble = [b for b in blocks[: starts[0]] if b.kind == "para"]
    # A title over the first byline (a Word Title paragraph, a Markdown "# ") titles its article.
    lead = "" if preamble else _declared_title(blocks[: starts[0]])
    if preamble:
        articles.append(_untitled_document(blocks[: starts[0]], source, properties))
    bounds = [*starts, len(blocks)]
    for n, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        last = n == len(starts) - 1
        title = lead if n == 0 else ""
        article = _bylined_article(blocks[start:end], source, len(articles), last, title)
        articles.append(article)
    return articles


def _declared_title(blocks: list[Block]) -> str:
    """The text of the first level-1 heading (Word's Title style, Markdown's ``# ``), or ''."""
    return next((b.text for b in blocks if b.kind == "heading" and b.level == 1), "")


def _bylined_article(
    blocks: list[Block], source: str, ordinal: int, last: bool, title: str = ""
) -> Article:
    """One article from its byline on. Its title is the one the document declares (``title``,
    or a level-1 heading inside it), else the headline printed after its body, else its first
    line: a Title paragraph the author set wins over a title derived from the layout."""
    author, province = parse_byline(blocks[0].text)
    body = blocks[1:]
    declared = title or _declared_title(body)
    if declared and not title:
        body = [
            b for b in body if not (b.kind == "heading" and b.level == 1 and b.text == declared)
        ]
    note_at = next((i for i, b in enumerate(body) if b.kind == "note"), None)
    if note_at is not None:
        tail = body[note_at + 1 :]
        body = body[: note_at + 1]
    else:
        cut = len(body)
        while cut > 0 and body[cut - 1].kind != "note" and _is_title_like(body[cut - 1]):
            cut -= 1
        body, tail = body[:cut], body[cut:]
    headline = _headline(tail, last)
    post = parse_note(body[-1].text) if body and body[-1].kind == "note" else ""
    text, sections = _assemble(body)
    place = find_place(post, province) or find_place(text, province)
    return Article(
        source=source,
        title=declared or headline or _fallback_title(text, source),
        text=text,
        author=author,
        province=province,
        place=place,
        post=post,
        sections=sections,
        ordinal=ordinal,
    )


def _is_title_like(block: Block) -> bool:
    return block.kind == "heading" or (
        block.kind == "para" and not _TRAILING_STOP.search(block.text)
    )


def _headline(tail: list[Block], last: bool) -> str:
    """The first group of title lines after the body; in the page's last article, any later
    groups are page furniture (the column's name) and are left out."""
    lines: list[str] = []
    for block in tail:
        if lines and block.after_break and last:
            break
        lines.append(block.text)
    return " ".join(lines)


@dataclass
class _Open:
    heading: str
    start: int
    path: str
    body: int
    table: int = 0


def _assemble(body: list[Block]) -> tuple[str, tuple[Section, ...]]:
    """Article text (one block per line) and its sections as spans of that text, each with its
    path of headings. A run-in heading's section is its paragraph and the topic paragraphs after
    it (see ingest.headings), a table's its rows; the text after them resumes the section they
    lie in."""
    parts: list[str] = []
    sections: list[Section] = []
    outline = Outline()
    current: _Open | None = None
    resume = False  # after a table, the next paragraph resumes the section the table is in
    run_in = False  # the outline's last heading is a run-in heading still in scope
    offset = 0

    def open_(section: _Open | None) -> None:
        nonlocal current
        if current is not None:
            end = offset - 1
            sections.append(
                Section(
                    current.heading,
                    current.start,
                    end,
                    current.path,
                    current.body,
                    bool(current.table),
                )
            )
        current = section

    def resume_here() -> None:
        if outline.stack:
            open_(_Open(outline.heading, offset, outline.path, offset))
        else:
            open_(None)

    for block, role in zip(body, _roles(body), strict=True):
        kind, style, heading = role
        if kind == "heading":
            open_(_Open(heading, offset, outline.enter(style, heading), -1))
            resume = run_in = False
        elif kind == "run-in":
            open_(_Open(heading, offset, outline.enter(style, heading), offset))
            resume, run_in = False, True
        elif kind == "table":
            if current is None or current.table != block.table:
                if block.kind == "caption":
                    path = Outline.SEPARATOR.join(p for p in (outline.path, block.text) if p)
                    open_(_Open(block.text, offset, path, -1, block.table))
                else:
                    open_(_Open(outline.heading, offset, outline.path, offset, block.table))
            resume = True
        elif run_in and not opens_with_topic(block.text):
            outline.stack.pop()  # the run-in heading's points have ended
            resume = run_in = False
            resume_here()
        elif resume:
            resume = False
            resume_here()
        parts.append(block.text)
        offset += len(block.text) + 1
    text = "\n".join(parts)
    offset = len(text) + 1
    open_(None)
    return text, tuple(sections)


def _roles(body: list[Block]) -> list[tuple[str, str, str]]:
    """(role, style, heading) for each block: "heading", "run-in", "table" or "text".

    Markdown and Word headings are headings; so are lines the cleaning step found by their
    looks, and lines and paragraphs opening with a numbering (ingest.headings.classify). In a
    law, from its first article (第X条) on, 一、/（一）/1./（1） number an article's items and
    only 编/章/节 head sections."""
    articles = [i for i, b in enumerate(body) if b.kind == "para" and LAW_ARTICLE.match(b.text)]
    law_from = articles[0] if len(articles) >= 2 else len(body)
    roles: list[tuple[str, str, str]] = []
    for i, block in enumerate(body):
        in_law = i >= law_from
        if block.kind in ("row", "caption"):
            roles.append(("table", "", ""))
        elif block.kind == "heading":
            style = block.style or "plain"
            if style == "plain":
                style = numbering(block.text) or style
                if in_law and style not in LAW_STYLES and style != "plain":
                    roles.append(("text", "", ""))
                    continue
            roles.append(("heading", style, tidy_heading(block.text)))
        elif block.kind == "para":
            found = classify(block.text)
            if found is None or (in_law and found.style not in LAW_STYLES):
                roles.append(("text", "", ""))
            elif found.heading_line:
                roles.append(("heading", found.style, tidy_heading(block.text)))
            else:
                roles.append(("run-in", found.style, found.run_in))
        else:
            roles.append(("text", "", ""))
    return roles


def _untitled_document(blocks: list[Block], source: str, properties: FileProperties) -> Article:
    """A document with no bylines: titled by its top-level Markdown (or Word) heading, else its
    first line when that reads as a title, else its file's title property or name; with the
    particulars an official document gives at its head and tail (ingest.docmeta)."""
    meta, meta_lines = docmeta.extract([b.text for b in blocks])
    blocks = [
        Block("para", b.text, b.after_break) if i in meta_lines and b.kind == "heading" else b
        for i, b in enumerate(blocks)
    ]
    title_at = _title_block(blocks, meta_lines)
    md = [b for b in blocks if b.kind == "heading" and b.level]
    if title_at is not None:
        title = blocks[title_at].text
        body = blocks[:title_at] + blocks[title_at + 1 :]
    else:
        title = min(md, key=lambda b: b.level).text if md else ""
        body = list(blocks)
    text, sections = _assemble(body)
    title = title or properties.title
    head = f"{title}\n{text[:2000]}"
    return Article(
        source=source,
        title=title or PurePath(source).stem,
        text=text,
        place=find_place(head) or place_in_text(head),
        sections=sections,
        doc_number=meta.doc_number,
        issuer=meta.issuer or docmeta.issuer_in_title(title),
        date=meta.date,
        file_author=properties.author,
        file_created=properties.created,
    )


def _title_block(blocks: list[Block], skip: set[int]) -> int | None:
    """The block that is the document's title: its first level-1 heading; else its first line
    (past any 文号 or red-header line) when that is short (but not a mere word such as 通知),
    unnumbered and not a sentence."""
    for i, block in enumerate(blocks):
        if block.kind == "heading" and block.level == 1:
            return i
    if any(b.kind == "heading" and b.level for b in blocks):
        return None  # a Markdown document without a level-1 heading: titled by its top one
    first = next((i for i in range(len(blocks)) if i not in skip), None)
    if first is None or first + 1 >= len(blocks):
        return None
    block = blocks[first]
    text = block.text
    if (
        block.kind in ("heading", "para")
        and TITLE_CHARS[0] <= len(text) <= TITLE_CHARS[1]
        and not _NOT_TITLE.search(text)
        and not numbering(text)
        and not LAW_ARTICLE.match(text)
    ):
        return first
    return None


def _fallback_title(text: str, source: str) -> str:
    first = text.split("\n", 1)[0]
    return first[:30] if first else PurePath(source).stem
