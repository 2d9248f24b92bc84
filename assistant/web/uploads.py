"""Files uploaded through the web page: kept under the data dir with safe names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029<>:\"/\\|?*]+")
# Invisible format characters, removed: bidi marks, embeddings, overrides and isolates (which
# can make "evil‮txt.exe" read as "evilexe.txt"), zero-width characters, the BOM.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def base_name(name: str) -> str:
    """The file's own name without any folder part (``../../x.txt`` → ``x.txt``, also with
    Windows separators), invisible format characters, or control and reserved characters."""
    base = PureWindowsPath(PurePosixPath(_INVISIBLE.sub("", name or "")).name).name
    return _UNSAFE.sub("_", base).strip()


def is_hidden(name: str) -> bool:
    """A dot-file (``.env``, ``.md``): never indexed, as in folders `bitan ingest` walks."""
    return base_name(name).startswith(".")


def safe_name(name: str) -> str:
    """``base_name`` without leading dots, at most 200 characters, never empty."""
    base = base_name(name).lstrip(".").strip()
    return base[:200] or "upload"


def store_upload(temp_path: Path, original_name: str, uploads_dir: Path) -> Path:
    """Copy an upload into ``uploads_dir`` under its safe name; the result is always inside it."""
    uploads_dir.mkdir(parents=True, exist_ok=True)
    target = (uploads_dir / safe_name(original_name)).resolve()
    if target.parent != uploads_dir.resolve():  # cannot happen after safe_name; checked anyway
        raise ValueError(f"refusing to write outside {uploads_dir}")
    tmp = target.with_name(f".{target.name}.part")
    shutil.copyfile(temp_path, tmp)
    tmp.replace(target)
    return target
