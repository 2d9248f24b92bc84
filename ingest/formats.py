"""PDF, DOCX and HTML to plain text with Markdown-style headings, for the common cleaning step.

Each reader returns text in which a heading is a ``#`` line, paragraphs are separated by blank
lines and a table is a Markdown pipe table (its first row the header), so the same cleaning,
article splitting and chunking apply to every format.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ingest import tables
from ingest.errors import IngestError
from ingest.models import FileProperties

if TYPE_CHECKING:
    from bs4.element import PageElement, Tag

_WS = re.compile(r"\s+")
# Whitespace between two CJK characters comes from source-code line wrapping, not from the text.
_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[-—–]?\s*$")


def _inline(text: str) -> str:
    return _CJK_GAP.sub("", _WS.sub(" ", text)).strip()


def pdf_text(data: bytes, name: str) -> str:
    """The PDF's text layer, page after page; its lines are kept as laid out (the cleaning step
    joins lines that were wrapped). A PDF without a text layer is refused: it needs OCR first."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs its repairs of damaged files ("EOF marker not found") as warnings; the user
    # gets our one message instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{name}: the PDF is password-protected; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as err:
        raise IngestError(f"{name}: not a readable PDF (the file is damaged or not a PDF)") from err
    lines = [
        line
        for page in pages
        for line in page.splitlines()
        if not _PAGE_NUMBER.match(line)  # running page numbers are page furniture
    ]
    text = "\n".join(lines)
    if sum(not ch.isspace() for ch in text) < 10 * max(1, len(pages)) // 2:
        raise IngestError(
            f"{name}: the PDF has no text layer (a scan?); run OCR on it first, then add the result"
        )
    return text


def _docx_level(style_name: str) -> int:
    """Heading level of a Word paragraph style: Title → 1, Heading N / 标题 N → N + 1."""
    name = style_name.strip().lower()
    if name in {"title", "标题"}:
        return 1
    match = re.match(r"^(?:heading|标题)\s*(\d)$", name)
    return int(match.group(1)) + 1 if match else 0


# A .docx is a zip archive, and python-docx inflates each part it reads whole
# (ZipFile.read), so a file of a few MB can unpack to gigabytes. The archive is refused when it
# has more than _DOCX_MAX_PARTS members or its members' declared sizes add up to more than
# _DOCX_EXPANSION times the file size limit, and never more than _DOCX_MAX_UNPACKED (parsed
# Word XML takes about 20 times its size in memory, so 128 MB of it is already ~2.5 GB).
_DOCX_MAX_PARTS = 10_000
_DOCX_EXPANSION = 20
_DOCX_MAX_UNPACKED = 128 * 2**20
_COPY_PIECE = 2**20


def docx_limit(max_bytes: int) -> int:
    """The most a .docx may unpack to, for a file size limit of ``max_bytes``."""
    return min(_DOCX_EXPANSION * max_bytes, _DOCX_MAX_UNPACKED)


def _checked_docx(data: bytes, name: str, max_unpacked: int) -> bytes:
    """The archive's parts copied into a new archive whose sizes are true, or IngestError.

    Declared sizes can lie: ZipFile.read inflates a member's whole stream in one call (up to
    2 GB) before cutting it to the declared size. Copying reads each member in 1 MB pieces and
    never past its declared size, so python-docx then reads only what was declared and counted.
    """
    import zipfile
    import zlib

    unreadable = IngestError(f"{name}: not a readable Word (.docx) file")
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = source.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as err:
        raise unreadable from err
    if len(members) > _DOCX_MAX_PARTS:
        raise IngestError(
            f"{name}: the document has {len(members):,} parts inside, over the limit of "
            f"{_DOCX_MAX_PARTS:,}; is it really a Word file?"
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked:
        raise IngestError(
            f"{name}: the document unpacks to {unpacked / 2**20:,.0f} MB, over the "
            f"{max_unpacked / 2**20:.0f} MB limit for a .docx (a compressed bomb, or too big "
            "to read: split it into smaller documents)"
        )
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            for member in members:
                if source.getinfo(member.filename) is not member:
                    continue  # a repeated name: ZipFile reads the last one
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise unreadable  # Word writes only these; bzip2/lzma inflate unbounded
                with source.open(member) as part, copy.open(member.filename, "w") as target:
                    while piece := part.read(_COPY_PIECE):
                        target.write(piece)
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError) as err:
        raise unreadable from err  # RuntimeError: an encrypted member
    return out.getvalue()


def docx_text(data: bytes, name: str, max_bytes: int | None = None) -> str:
    """A Word document's paragraphs and tables in order (see ``docx_read``)."""
    return docx_read(data, name, max_bytes)[0]


def docx_read(data: bytes, name: str, max_bytes: int | None = None) -> tuple[str, FileProperties]:
    """A Word document's paragraphs and tables in order, and its core properties (title,
    author, created). Title/Heading styles become headings, so a document's headings become its
    sections; a table of two columns or more becomes a Markdown table, a one-column (layout)
    table its cells' paragraphs. ``max_bytes`` is the file size limit: it bounds what the
    archive may unpack to (see ``docx_limit``)."""
    from zipfile import BadZipFile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    limit = docx_limit(max_bytes) if max_bytes is not None else _DOCX_MAX_UNPACKED
    package = _checked_docx(data, name, limit)
    try:
        document = docx.Document(io.BytesIO(package))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError) as err:
        raise IngestError(f"{name}: not a readable Word (.docx) file") from err
    # Paragraph.style looks the style up among all of the document's styles each time (~1 ms
    # per paragraph): look each style id up once.
    levels: dict[str | None, int] = {}
    out = list(_docx_blocks(document, levels, 0))
    return "\n\n".join(out), _docx_properties(document)


_DOCX_TABLE_DEPTH = 4  # tables inside tables deeper than this are read as plain cell text


def _docx_blocks(container, levels: dict[str | None, int], depth: int) -> Iterator[str]:
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            yield from _docx_table(block, levels, depth)
            continue
        text = _inline(block.text)
        if not text:
            continue
        style_id = block._p.style
        if style_id not in levels:
            levels[style_id] = _docx_level(block.style.name if block.style is not None else "")
        level = levels[style_id]
        yield f"{'#' * min(level, 6)} {text}" if level else text


def _docx_table(table, levels: dict[str | None, int], depth: int) -> Iterator[str]:
    rows = [[_inline(cell.text) for cell in row.cells] for row in table.rows]
    width = max((len({c for c in row if c}) for row in rows), default=0)
    if width >= 2:
        yield tables.to_markdown(rows)
        return
    # A layout table (one column): its cells' paragraphs, as if it were not there.
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per row it spans
                continue
            seen.add(id(cell._tc))
            if depth < _DOCX_TABLE_DEPTH:
                yield from _docx_blocks(cell, levels, depth + 1)
            elif text := _inline(cell.text):
                yield text


_PLACEHOLDER_AUTHORS = {
    "python-docx", "administrator", "admin", "user", "owner", "unknown", "作者", "微软用户",
    "微软中国", "windows 用户", "windows user", "microsoft office 用户", "microsoft office user",
}  # fmt: skip


def _docx_properties(document) -> FileProperties:
    """The core properties worth keeping: no placeholder author (Administrator, python-docx)."""
    try:
        core = document.core_properties
        title = _inline(core.title or "")
        author = _inline(core.author or "")
        created = core.created.date().isoformat() if core.created else ""
    except (ValueError, TypeError, AttributeError):  # a malformed core.xml
        return FileProperties()
    title = re.sub(r"^Microsoft Word - ", "", title)
    if author.lower() in _PLACEHOLDER_AUTHORS:
        author = ""
    return FileProperties(title=title[:200], author=author[:100], created=created)


_DROP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"}
_BLOCKS = {"p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "div", "section", "article",
           "br", "tr", "table", "ul", "ol"}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html_text(data: bytes | str, name: str) -> str:
    """The page's main text: ``<main>`` or ``<article>`` when there is one, else ``<body>``,
    without scripts, navigation, headers and footers; h1–h6 become headings.

    The tree is walked once, without recursion and without changing it, so the time is linear
    in the page's size however deeply its tags nest (inserting the breaks into the tree, as
    before, cost time in proportion to the depth for each tag)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    found: dict[str, Tag] = {}
    for tag in _html_tags(soup):
        if tag.name in {"main", "article", "body", "title"}:
            found.setdefault(tag.name, tag)
    root = found.get("main") or found.get("article") or found.get("body") or soup
    lines = [_inline(line) for line in _html_flow(root).split("\n")]
    text = "\n\n".join(line for line in lines if line and line.strip("#").strip())
    if not text.strip():
        raise IngestError(f"{name}: the page has no text")
    title = found["title"].get_text(strip=True) if "title" in found else ""
    if title and not text.startswith("# "):
        text = f"# {_inline(title)}\n\n{text}"
    return text


_MAX_SPAN = 50


def _html_table(table: Tag) -> str:
    """A data table as a Markdown table (its caption on the line above), or '' for a layout
    table (one column, or tables inside it), whose content then flows as blocks. Cells spanning
    several columns or rows fill each place they cover, so every cell lines up with its
    header."""
    if table.find("table") is not None:
        return ""
    grid: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column → (rows still covered, text)
    for tr in table.find_all("tr"):
        row: list[str] = []
        cells = tr.find_all(["td", "th"], recursive=False)
        for cell in cells:
            while len(row) in pending:
                row.append(_take(pending, len(row)))
            text = _inline(cell.get_text(" "))
            cols = _span(cell.get("colspan"))
            rows = _span(cell.get("rowspan"))
            for _ in range(cols):
                if rows > 1:
                    pending[len(row)] = (rows - 1, text)
                row.append(text)
        while len(row) in pending:
            row.append(_take(pending, len(row)))
        grid.append(row)
    width = max((len({c for c in row if c}) for row in grid), default=0)
    if width < 2:
        return ""
    caption = table.find("caption")
    text = tables.to_markdown(grid)
    title = _inline(caption.get_text(" ")) if caption is not None else ""
    return f"{title}\n\n{text}" if title else text


def _take(pending: dict[int, tuple[int, str]], column: int) -> str:
    left, text = pending.pop(column)
    if left > 1:
        pending[column] = (left - 1, text)
    return text


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value)), _MAX_SPAN))
    except ValueError:
        return 1


def _html_tags(soup: Tag) -> Iterator[Tag]:
    """The tags of the page in document order, leaving out the dropped ones and their content."""
    from bs4.element import Tag

    stack: list[PageElement] = list(reversed(soup.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Tag) and node.name not in _DROP:
            yield node
            stack.extend(reversed(node.contents))


def _html_flow(root: Tag) -> str:
    """The text under ``root`` with a blank line around each block, ``#`` before headings and
    runs of whitespace made single spaces; comments and declarations are left out."""
    from bs4.element import CData, NavigableString, PreformattedString, Tag

    parts: list[str] = []
    # Elements still to visit, last first; a plain str is the break that closes a block.
    stack: list[PageElement | str] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if type(node) is str:
            parts.append(node)
        elif isinstance(node, Tag):
            if node.name in _DROP:
                continue
            if node.name == "table" and (table := _html_table(node)):
                parts.append(f"\n\n{table}\n\n")
                continue
            if node.name in _HEADINGS:
                parts.append(f"\n\n{'#' * int(node.name[1])} ")
                stack.append("\n\n")
            elif node.name in _BLOCKS:
                parts.append("\n\n")
                stack.append("\n\n")
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and (
            not isinstance(node, PreformattedString) or isinstance(node, CData)
        ):
            parts.append(_WS.sub(" ", node))
    return "".join(parts)
