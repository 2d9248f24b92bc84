"""Read a file's bytes into text: detect its encoding, refuse binary data with a clear message."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ingest.errors import IngestError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES

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


def read_text(path: Path) -> str:
    """Read a supported file as text."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(
            f"{path.name}: unsupported file type {suffix or '(none)'} (known: {known})"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path.name}: cannot read the file ({err.strerror})") from err
    text, _ = decode_bytes(data, path.name)
    if suffix in {".md", ".markdown"}:
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return text
