"""Chinese short forms (缩略语) found in their full form: 人大代表 in 人民代表大会代表,
人大常委会 in 人民代表大会常务委员会, 失业金 in 失业保险金.

A short form keeps characters of its full name in their order (人民代表大会 → 人大, 常务委员会 →
常委会), so its characters appear in order, a few characters apart, in the full form. Questions
use the short form, laws the full one. Only words of three or more characters are matched this way:
two characters in order a few characters apart happen by chance (CC-CEDICT's synonyms cover the
common two-character ones: 社保 → 社会保险).
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_LENGTH = 3
GAP = 3  # characters of the full form between two kept ones (人[民代表]大)
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str] | None:
    if len(word) < MIN_LENGTH or not _HAN.fullmatch(word):
        return None
    gap = f"[\u4e00-\u9fff]{{0,{GAP}}}?"
    return re.compile(gap.join(re.escape(ch) for ch in word))


def abbreviated_in(word: str, text: str) -> bool:
    """Whether ``text`` holds ``word`` or a full form that ``word`` abbreviates (no longer
    than twice the word plus two characters)."""
    if word in text:
        return True
    pattern = _pattern(word)
    if pattern is None:
        return False
    return any(len(m.group(0)) <= 2 * len(word) + 2 for m in pattern.finditer(text))


__all__ = ["abbreviated_in"]
