"""Which language a question is in (for the answer's lead-in and messages)."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["zh", "en"]
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> Lang:
    """Chinese when the text has more Han characters than Latin words, else English."""
    han = len(_HAN.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if han and han >= latin_words else "en"
