"""Check an answer's [n] markers against the passages it was given, and renumber them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.models import Hit

MARKER = re.compile(r"\[(\d{1,3})\]")  # a citation marker, [1] … [999]


@dataclass(frozen=True)
class Checked:
    text: str
    hits: tuple[Hit, ...]  # only the passages cited, in the order of first citation
    dropped: tuple[int, ...]  # markers that pointed at no passage


def check_citations(text: str, hits: Sequence[Hit]) -> Checked:
    """Drop markers outside 1..len(hits); renumber the rest by first appearance."""
    order: list[int] = []
    dropped: list[int] = []

    def renumber(match: re.Match) -> str:
        n = int(match.group(1))
        if not 1 <= n <= len(hits):
            dropped.append(n)
            return ""
        if n not in order:
            order.append(n)
        return f"[{order.index(n) + 1}]"

    new_text = MARKER.sub(renumber, text)
    new_text = re.sub(r"(\[\d+\])(?:\1)+", r"\1", new_text)  # [1][1] → [1]
    return Checked(new_text.strip(), tuple(hits[n - 1] for n in order), tuple(dropped))
