"""Turn OCR'd column text into logical blocks: paragraphs, headings, bylines and author notes.

The OCR breaks lines inside words, stretches justified lines with spaces between characters and
uses blank lines for column breaks. This is specific to that layout, so it is written here by
hand; everything it removes from such text is whitespace (tests check that every other character
survives). Text whose lines are paragraphs (Markdown, and what the PDF, Word and HTML readers
write) also loses its markup: heading marks, emphasis (``**``), list markers and table pipes are
structure, not text. A table becomes one ``row`` block per row (see ingest.tables), with the short
line just before it as its ``caption``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ingest import tables
from ingest.headings import is_metadata_line

BlockKind = Literal["byline", "note", "heading", "para", "row", "caption"]

# CJK ideographs, CJK and full-width punctuation, curly quotes, ellipsis, dashes, the byline mark.
_CJK = r"\u2014\u2018-\u201f\u2026\u25a0\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_UNIT_END = re.compile(r"[。！？；：…!?;:]+[”’」』）)】\]》]*$")
_INNER_STOP = re.compile(r"[，。；！？：,;!?]")
_BYLINE = re.compile(r"^■")
_NOTE = re.compile(r"^[（(]\s*作\s*者\s*系")
_MD_HEADING = re.compile(r"^(#{1,6})(?!#)\s*(\S.*?)\s*#*$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")  # a Markdown horizontal rule
_LIST_MARKER = re.compile(r"^(?:>\s*)*(?:[-*+•]\s+)?")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|~~)(?=[^\s*_~])(.+?)(?<=[^\s*_~])\1")
_CODE = re.compile(r"`+([^`\n]+?)`+")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_SENTENCE_STOP = re.compile(r"[。！？!?；;][”’」』）)】\]》]*$")
CAPTION_CHARS = 40  # the line before a table is its caption when it is at most this long


@dataclass(frozen=True)
class Block:
    """One logical line of a document; ``after_break`` is True when a blank line came before it.

    A heading's ``level`` is its Markdown (or Word) level, 0 for a heading found by its looks;
    its ``style`` says how it was marked ("#", "##"…, "plain", or a numbering of
    ingest.headings set by the structure step). A row or caption's ``table`` numbers its table
    within the document (1, 2, …)."""

    kind: BlockKind
    text: str
    after_break: bool = False
    level: int = 0
    style: str = ""
    table: int = 0


def strip_markup(text: str) -> str:
    """Inline Markdown reduced to its text: ``**重点**`` → 重点, ``[文](url)`` → 文, `代码` → 代码."""
    if not any(mark in text for mark in "*_~`["):
        return text
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    previous = None
    while previous != text:  # ***a*** and nested **a *b***
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def display_width(text: str) -> float:
    """Width in CJK cells: a CJK character is 1, an ASCII character half of one."""
    return sum(1.0 if _CJK_CHAR.match(ch) else 0.5 for ch in text if not ch.isspace())


def fix_spaces(line: str, keep_separators: bool = False) -> str:
    """Drop the justification spaces next to CJK characters; keep Latin/digit word spaces.

    In a heading (``keep_separators``) a space between two runs of several characters is a
    separator ("坚持党的领导 把牢政治机关定位") and is kept as one space.
    """
    line = line.strip(" \t\u3000\u00a0\r")
    out: list[str] = []
    pos = 0
    words: _Words | None = None
    for match in _SPACES.finditer(line):
        start, end = match.span()
        out.append(line[pos:start])
        pos = end
        before, after = line[start - 1 : start] or " ", line[end : end + 1] or " "
        if not (_CJK_CHAR.match(before) or _CJK_CHAR.match(after)):
            out.append(" ")
        elif keep_separators:
            words = words or _Words(line)
            if words.is_separator(start, end):
                out.append(" ")
    out.append(line[pos:])
    return "".join(out)


class _Words:
    """The whitespace-separated words of a line, found once (looking them up for each space
    took time in proportion to the line's length, so a long line took quadratic time)."""

    def __init__(self, line: str) -> None:
        spans = [m.span() for m in re.finditer(r"\S+", line)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def is_separator(self, start: int, end: int) -> bool:
        """True when the words before and after the space ``line[start:end]`` both have two
        characters or more."""
        left = bisect.bisect_right(self.ends, start) - 1
        right = bisect.bisect_left(self.starts, end)
        return (
            left >= 0
            and self.ends[left] - self.starts[left] >= 2
            and right < len(self.starts)
            and self.ends[right] - self.starts[right] >= 2
        )


def _kind_of(line: str) -> BlockKind | None:
    if _BYLINE.match(line):
        return "byline"
    if _NOTE.match(line):
        return "note"
    return None


def is_hard_wrapped(lines: list[str]) -> bool:
    """True for OCR-like text whose lines were cut at a fixed column width. Markdown table rows
    and headings are not measured (a long table's rows are all about as wide)."""
    widths = [
        display_width(line)
        for line in lines
        if line.strip() and not line.lstrip().startswith(("|", "#"))
    ]
    if len(widths) < 8:
        return False
    near_full = 0
    for i, width in enumerate(widths):
        local = max(widths[max(0, i - 6) : i + 7])
        near_full += width >= local - 2
    return near_full / len(widths) >= 0.6 and sorted(widths)[len(widths) // 2] <= 45


def _local_widths(lines: list[str]) -> list[float]:
    widths = [display_width(line) for line in lines]
    text_idx = [i for i, line in enumerate(lines) if line.strip()]
    local = [0.0] * len(lines)
    for n, i in enumerate(text_idx):
        window = [widths[j] for j in text_idx[max(0, n - 6) : n + 7]]
        local[i] = sorted(window)[len(window) * 3 // 4]
    return local


def _heading_like(line: str, local_width: float, limit: float = 30) -> bool:
    most = min(local_width * 0.8, limit)
    if display_width(line[: 2 * int(most) + 2]) > most:
        return False  # its beginning is already too wide (and a huge line is not measured)
    width = display_width(line)
    return (
        1 < width <= most
        and not _INNER_STOP.search(line)
        and not line.startswith(("（", "("))
        and not is_metadata_line(line)
    )


def clean(text: str, hard_wrapped: bool | None = None) -> list[Block]:
    """Split raw text into logical blocks with OCR line breaks and spacing repaired."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if hard_wrapped is None:
        hard_wrapped = is_hard_wrapped(lines)
    blocks = _wrapped_blocks(lines) if hard_wrapped else _plain_blocks(lines)
    return _with_captions([b for b in blocks if b.text])


def _with_captions(blocks: list[Block]) -> list[Block]:
    """The line right above a table becomes its caption when it is short and not a sentence
    (``表1 主要预期目标``, ``主要指标如下：``)."""
    out = list(blocks)
    for i, block in enumerate(out):
        if block.kind != "row" or i == 0 or out[i - 1].kind == "row":
            continue
        before = out[i - 1]
        if (
            before.kind == "para"
            and len(before.text) <= CAPTION_CHARS
            and not _SENTENCE_STOP.search(before.text)
        ):
            caption = before.text.rstrip("：:")
            out[i - 1] = Block("caption", caption, before.after_break, table=block.table)
    return out


def _plain_blocks(lines: list[str]) -> Iterable[Block]:
    """Text whose lines are already paragraphs (Markdown, DOCX, HTML, unwrapped .txt)."""
    lines = [_without_markers(line) for line in lines]
    has_md_headings = any(_MD_HEADING.match(line) for line in lines)
    after_break = False
    table_count = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            after_break = True
            i += 1
            continue
        if tables.starts_table(lines, i):
            found, i = tables.take_tables(lines, i)
            for table in found:
                table_count += 1
                for row in table.lines():
                    yield Block("row", strip_markup(row), after_break, table=table_count)
                    after_break = False
            after_break = True
            continue
        i += 1
        line = strip_markup(line)
        md = _MD_HEADING.match(line)
        kind = _kind_of(line)
        if md:
            level = len(md.group(1))
            text = fix_spaces(md.group(2), True)
            yield Block("heading", text, after_break, level, "#" * level)
        elif kind:
            yield Block(kind, fix_spaces(line), after_break)
        elif not has_md_headings and _heading_like(line, 40, 25):
            yield Block("heading", fix_spaces(line, True), after_break, 0, "plain")
        else:
            # Unwrapped text has no justification spaces: a space between two words stays.
            yield Block("para", fix_spaces(line, True), after_break)
        after_break = False


def _without_markers(line: str) -> str:
    """A line without its Markdown list or quote marker ('' for a horizontal rule)."""
    line = line.strip()
    if _RULE.match(line):
        return ""
    return line[_LIST_MARKER.match(line).end() :] if line[:1] in "-*+•>" else line


def _wrapped_blocks(lines: list[str]) -> Iterable[Block]:
    """OCR column text: join the pieces of each paragraph, keep headings and bylines apart."""
    local = _local_widths(lines)
    para: list[str] = []
    para_break = False
    last_full = True  # the paragraph's last line filled the column (so it may continue)
    after_break = False

    def flush() -> Iterable[Block]:
        if para:
            yield Block("para", strip_markup(fix_spaces("".join(para))), para_break)
            para.clear()

    for i, raw in enumerate(lines):
        line = fix_spaces(raw)
        if not line:
            after_break = True
            continue
        kind = _kind_of(line)
        open_ended = bool(para) and not _UNIT_END.search(para[-1])
        if kind:
            yield from flush()
            yield Block(kind, line, after_break)
        elif open_ended:
            para.append(line)
            last_full = display_width(line) >= local[i] - 1.5
        elif _heading_like(line, local[i]) or _before_byline(lines, i):
            yield from flush()
            yield Block("heading", fix_spaces(raw, True), after_break, 0, "plain")
        elif para and last_full and not _standalone(lines, i):
            para.append(line)
            last_full = display_width(line) >= local[i] - 1.5
        else:
            yield from flush()
            para.append(line)
            para_break = after_break
            last_full = display_width(line) >= local[i] - 1.5
        after_break = False
    yield from flush()


def _before_byline(lines: list[str], i: int) -> bool:
    """A line with no punctuation right before the next byline or the end: a headline."""
    if _INNER_STOP.search(lines[i]) or _NOTE.match(lines[i].strip()):
        return False
    following = [line.strip() for line in lines[i + 1 :] if line.strip()]
    return not following or bool(_BYLINE.match(following[0]))


def _standalone(lines: list[str], i: int) -> bool:
    """A line with no punctuation that stands before a blank line, a byline or the end."""
    if _INNER_STOP.search(lines[i]):
        return False
    rest = [line.strip() for line in lines[i + 1 : i + 3]]
    return not rest or not rest[0] or bool(_BYLINE.match(rest[0]))


def cleaned_text(blocks: Iterable[Block]) -> str:
    """The cleaned document as text, one block per line."""
    return "\n".join(block.text for block in blocks)
