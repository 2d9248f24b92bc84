"""Files uploaded through the web page: kept under the data dir with safe names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")


def safe_name(name: str) -> str:
    """The file's own name without any folder part (``../../x.txt`` → ``x.txt``, also with
    Windows separators), control and reserved characters, or leading dots."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = _UNSAFE.sub("_", base).strip().lstrip(".").strip()
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
