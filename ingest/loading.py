"""Read a file's bytes into text: detect its encoding, refuse binary data with a clear message."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path, PurePath

from ingest import formats
from ingest.errors import IngestError
from ingest.models import FileProperties

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx", ".html", ".htm"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Chinese legacy encodings tried after UTF-8. charset-normalizer ranks them (it measures how
# coherent the decoded text is); we only narrow its candidates to the ones this corpus can be in.
_LEGACY = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return ``(text, encoding)``; raise IngestError for binary or undecodable data."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding), name), encoding
    if b"\x00" not in data:
        try:
            return _checked(data.decode("utf-8"), name), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY, threshold=0.2).best()
    if best is None:
        raise IngestError(
            f"{name}: not a text file in a known encoding (UTF-8, UTF-16, GB18030/GBK, Big5)"
        )
    return _checked(str(best), name), best.encoding


def _checked(text: str, name: str) -> str:
    text = text.lstrip("\ufeff")
    controls = len(_CONTROL.findall(text))
    if not text.strip():
        raise IngestError(f"{name}: the file is empty")
    if controls > max(3, len(text) // 100):
        raise IngestError(f"{name}: looks like binary data, not text")
    return _CONTROL.sub("", text)


@dataclass(frozen=True)
class LoadedText:
    """A file's text; ``hard_wrapped`` is False when its lines are known to be paragraphs
    (DOCX, HTML) and None when the cleaning step should look (plain text, PDF text layers)."""

    text: str
    hard_wrapped: bool | None = None
    properties: FileProperties = FileProperties()


def check_name(name: str) -> str:
    """The file's suffix, or an IngestError naming the types we take."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(f"{name}: unsupported file type {suffix or '(none)'} (known: {known})")
    return suffix


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise IngestError(
            f"{name}: the file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB "
            "limit (BITAN_MAX_FILE_MB)"
        )


def load_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Text from a file's bytes, by the type its name says; raises IngestError for bad input."""
    suffix = check_name(name)
    _check_size(len(data), name, max_bytes)
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if suffix == ".pdf":
        return LoadedText(formats.pdf_text(data, name), hard_wrapped=True)  # layout lines
    if suffix == ".docx":
        text, properties = formats.docx_read(data, name, max_bytes)
        return LoadedText(text, hard_wrapped=False, properties=properties)
    if suffix in {".html", ".htm"}:
        text, _ = decode_bytes(data, name)
        return LoadedText(formats.html_text(text, name), hard_wrapped=False)
    text, _ = decode_bytes(data, name)
    if suffix in {".md", ".markdown"}:
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return LoadedText(text)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[LoadedText, bytes]:
    """Load a file from disk: its text and its raw bytes (for the content hash)."""
    check_name(path.name)
    try:
        _check_size(path.stat().st_size, path.name, max_bytes)  # before reading it into memory
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path.name}: cannot read the file ({err.strerror})") from err
    return load_bytes(data, path.name, max_bytes), data
