"""The answerer protocol: passages in, answer text with [n] markers out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.language import Lang
from assistant.models import Hit


@dataclass(frozen=True)
class Draft:
    """An answer before its citations are checked: ``text`` cites ``hits`` as [1], [2]…"""

    text: str
    hits: tuple[Hit, ...]
    notice: str = ""


class Answerer(Protocol):
    name: str

    def answer(self, question: str, hits: list[Hit], lang: Lang) -> Draft: ...
