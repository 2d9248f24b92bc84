"""PDF, DOCX and HTML to plain text with Markdown-style headings, for the common cleaning step.

Each reader returns text in which a heading is a ``#`` line and paragraphs are separated by blank
lines, so the same cleaning, article splitting and chunking apply to every format.
"""

from __future__ import annotations

import io
import logging
import re

from ingest.errors import IngestError

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


def docx_text(data: bytes, name: str) -> str:
    """A Word document's paragraphs (and table cells) in order; Title/Heading styles become
    headings, so a document's headings become its sections."""
    from zipfile import BadZipFile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (BadZipFile, PackageNotFoundError, KeyError, ValueError) as err:
        raise IngestError(f"{name}: not a readable Word (.docx) file") from err
    out: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):  # a table: one paragraph per non-empty cell, row by row
            for row in block.rows:
                cells = [_inline(cell.text) for cell in row.cells]
                line = " ".join(dict.fromkeys(c for c in cells if c))
                if line:
                    out.append(line)
            continue
        text = _inline(block.text)
        if not text:
            continue
        level = _docx_level(block.style.name if block.style is not None else "")
        out.append(f"{'#' * min(level, 6)} {text}" if level else text)
    return "\n\n".join(out)


_DROP = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]
_BLOCKS = ["p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "div", "section", "article",
           "br", "tr", "table", "ul", "ol"]  # fmt: skip


def html_text(data: bytes | str, name: str) -> str:
    """The page's main text: ``<main>`` or ``<article>`` when there is one, else ``<body>``,
    without scripts, navigation, headers and footers; h1–h6 become headings."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for string in root.find_all(string=True):
        string.replace_with(_WS.sub(" ", str(string)))
    for tag in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        level = int(tag.name[1])
        tag.insert_before(f"\n\n{'#' * level} ")
        tag.insert_after("\n\n")
    for tag in root.find_all(_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [_inline(line) for line in root.get_text().split("\n")]
    text = "\n\n".join(line for line in lines if line and line.strip("#").strip())
    if not text.strip():
        raise IngestError(f"{name}: the page has no text")
    title = soup.title.get_text(strip=True) if soup.title else ""
    if title and not text.startswith("# "):
        text = f"# {_inline(title)}\n\n{text}"
    return text
