"""A law's or report's front matter: its amendment history (2018年12月29日…《关于修改…的决定》
修正), its promulgation line and its table of contents. These say when and how a text was made,
not what it says, so they are never cited as an answer."""

from __future__ import annotations

import re

_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_HISTORY = re.compile(
    rf"(?:^|\n)\s*[（(]?\s*{_DATE}[^\n]{{0,120}}?(?:通过|修正|修订|公布|施行)|"
    r"根据[^\n]{0,160}?《关于修改[^\n]{0,80}?决定》[^\n]{0,20}?(?:修正|修订)"
)
_CONTENTS = re.compile(r"^\s*目\s*录")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条")


_SENTENCE = re.compile(r"[。！？；;：:，,!?]")


def is_front_matter(text: str) -> bool:
    """Whether a passage is front matter: a table of contents; dated adoption and amendment
    lines with no article (条) of the text itself; or a bare title or 文号 line (short, with no
    sentence in it), which names a document but says nothing of what it rules."""
    if _CONTENTS.match(text):
        return True
    if len(text.strip()) <= 60 and not _SENTENCE.search(text):
        return True
    return bool(_HISTORY.search(text)) and not _ARTICLE.search(text)
