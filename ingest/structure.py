"""Group cleaned blocks into articles: bylines start them, headlines follow their bodies."""

from __future__ import annotations

import re
from pathlib import PurePath

from ingest.cleaning import Block
from ingest.models import Article, Section
from ingest.places import find_place, parse_byline, parse_note

_TRAILING_STOP = re.compile(r"[。！？；：…!?;:][”’」』）)】\]》]*$")


def split_articles(blocks: list[Block], source: str) -> list[Article]:
    """The articles of one document; a document without bylines is a single article."""
    starts = [i for i, block in enumerate(blocks) if block.kind == "byline"]
    if not starts:
        return [_untitled_document(blocks, source)]
    articles: list[Article] = []
    preamble = [b for b in blocks[: starts[0]] if b.kind == "para"]
    if preamble:
        articles.append(_untitled_document(blocks[: starts[0]], source))
    bounds = [*starts, len(blocks)]
    for n, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        last = n == len(starts) - 1
        article = _bylined_article(blocks[start:end], source, len(articles), last)
        articles.append(article)
    return articles


def _bylined_article(blocks: list[Block], source: str, ordinal: int, last: bool) -> Article:
    author, province = parse_byline(blocks[0].text)
    body = blocks[1:]
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
        title=headline or _fallback_title(text, source),
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


def _assemble(body: list[Block]) -> tuple[str, tuple[Section, ...]]:
    """Article text (one block per line) and its sections as spans of that text."""
    parts: list[str] = []
    marks: list[tuple[str, int]] = []
    offset = 0
    for block in body:
        if block.kind == "heading":
            marks.append((block.text, offset))
        parts.append(block.text)
        offset += len(block.text) + 1
    text = "\n".join(parts)
    sections = tuple(
        Section(heading, start, marks[i + 1][1] - 1 if i + 1 < len(marks) else len(text))
        for i, (heading, start) in enumerate(marks)
    )
    return text, sections


def _untitled_document(blocks: list[Block], source: str) -> Article:
    """A document with no bylines: titled by its first top-level heading or file name."""
    top = [b for b in blocks if b.kind == "heading"]
    title_block = min(top, key=lambda b: b.level) if top else None
    if title_block is not None and title_block.level == 1:
        body = [b for b in blocks if b is not title_block]
        title = title_block.text
    else:
        body = list(blocks)
        title = title_block.text if title_block is not None else ""
    text, sections = _assemble(body)
    return Article(
        source=source,
        title=title or PurePath(source).stem,
        text=text,
        place=find_place(f"{title}\n{text[:2000]}"),
        sections=sections,
    )


def _fallback_title(text: str, source: str) -> str:
    first = text.split("\n", 1)[0]
    return first[:30] if first else PurePath(source).stem
