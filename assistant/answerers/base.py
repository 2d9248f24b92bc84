"""The answerer protocol: passages in, answer text with [n] markers out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from assistant.models import Hit
from assistant.query import QueryPlan


@dataclass(frozen=True)
class Draft:
    """An answer before its citations are checked: ``text`` cites ``hits`` as [1], [2]…"""

    text: str
    hits: tuple[Hit, ...]
    notice: str = ""


class Answerer(Protocol):
    name: str

    def answer(self, plan: QueryPlan, hits: list[Hit]) -> Draft: ...


class StreamingAnswerer(Answerer, Protocol):
    def stream(self, plan: QueryPlan, hits: list[Hit]) -> Iterator[str]: ...
