"""Tables as passages: each row a line of ``header: cell`` pairs, never a grid of pipes.

Every reader writes a table as Markdown pipe rows (the first row the header, then a delimiter
row), so one parser serves Markdown, HTML and Word. A row becomes ``指标: 地区生产总值增长;
属性: 预期性; 目标: 5%左右``, so a passage holding any row of the table also holds what its cells
mean; the chunker packs whole rows and never splits one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_DELIMITER_CELL = re.compile(r"^:?-+:?$")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # empty when the table has none
    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> list[str]:
        """One line per row of ``header: cell`` pairs (a table of a header only: that row)."""
        if not self.rows:
            return [row_text((), self.header)] if any(self.header) else []
        return [line for line in (row_text(self.header, row) for row in self.rows) if line]


def row_text(header: Sequence[str], cells: Sequence[str]) -> str:
    """``header: cell`` pairs joined by "; "; an empty cell is left out, a cell without a header
    (or the same as it) stands alone, and a cell repeated by a merged span is said once."""
    pairs: list[str] = []
    for i, cell in enumerate(cells):
        if not cell:
            continue
        name = header[i] if i < len(header) else ""
        pair = f"{name}: {cell}" if name and name != cell else cell
        if not pairs or pairs[-1] != pair:
            pairs.append(pair)
    return "; ".join(pairs)


def is_row(line: str) -> bool:
    """A Markdown table row: ``| a | b |`` (or ``a | b`` beside a delimiter row)."""
    return "|" in line


def is_delimiter(line: str) -> bool:
    """``|---|:---:|``: the line under a Markdown table's header."""
    cells = split_row(line)
    return bool(cells) and "-" in line and all(_DELIMITER_CELL.match(c) for c in cells)


def split_row(line: str) -> list[str]:
    """The cells of a pipe row, stripped; ``\\|`` is a pipe inside a cell, written as '/'."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [_WS.sub(" ", c).strip().replace("\\|", "/") for c in _CELL_SPLIT.split(line)]


def starts_table(lines: Sequence[str], i: int) -> bool:
    """Whether a table starts at ``lines[i]``: a row followed by a delimiter row, or two rows
    that both open with a pipe (blank lines between them allowed)."""
    line = lines[i].strip()
    if not is_row(line) or is_delimiter(line):
        return False
    following = _next_text(lines, i)
    if following is None:
        return False
    nxt = lines[following].strip()
    return is_delimiter(nxt) or (line.startswith("|") and nxt.startswith("|"))


def take_tables(lines: Sequence[str], i: int) -> tuple[list[Table], int]:
    """The tables of the pipe rows from ``lines[i]`` on, and the index after them. A row right
    above a delimiter row is the header of a new table; blank lines between rows that open with
    a pipe do not end the run (the HTML and Word readers put one between paragraphs)."""
    rows: list[str] = []
    j = i
    while j < len(lines):
        line = lines[j].strip()
        if not line:
            following = _next_text(lines, j)
            if following is None or not rows or not rows[-1].startswith("|"):
                break
            if not lines[following].strip().startswith("|"):
                break
            j = following
            continue
        if not is_row(line):
            break
        rows.append(line)
        j += 1
    end = j
    tables: list[Table] = []
    header: tuple[str, ...] = ()
    body: list[tuple[str, ...]] = []
    for n, row in enumerate(rows):
        if is_delimiter(row):
            continue
        if n + 1 < len(rows) and is_delimiter(rows[n + 1]):
            if header or body:
                tables.append(Table(header, tuple(body)))
            header, body = tuple(split_row(row)), []
        else:
            body.append(tuple(split_row(row)))
    if header or body:
        tables.append(Table(header, tuple(body)))
    return tables, end


def _next_text(lines: Sequence[str], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j
    return None


def to_markdown(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cell texts as a Markdown table, the first row its header."""
    width = max((len(r) for r in rows), default=0)
    if not width:
        return ""

    def line(cells: Sequence[str]) -> str:
        cells = [c.replace("|", "\\|") for c in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(cells) + " |"

    out = [line(rows[0]), "|" + "---|" * width]
    out += [line(r) for r in rows[1:]]
    return "\n".join(out)
