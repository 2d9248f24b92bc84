"""The answerer protocol: passages in, answer text with [n] markers out, as a stream."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
    """Writes an answer from ``hits[:passages]``; its [n] markers number those passages.
    ``streams`` tells whether the pieces are worth showing as they come (an LLM's tokens) or
    only the whole (the extractive answer comes in one piece)."""

    name: str
    passages: int
    streams: bool

    def stream(self, plan: QueryPlan, hits: Sequence[Hit]) -> Iterator[str]: ...


def answer(answerer: Answerer, plan: QueryPlan, hits: Sequence[Hit]) -> Draft:
    """The whole answer of ``answerer``: its stream joined."""
    return Draft("".join(answerer.stream(plan, hits)), tuple(hits[: answerer.passages]))
