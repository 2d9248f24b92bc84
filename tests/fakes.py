"""Deterministic fakes for the parts a unit test need not run for real (the e5 index, a model).
Everything else in a unit test is the real code."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from assistant.models import Hit
from assistant.query import QueryPlan
from ingest.models import Chunk
from vectorstore import ChineseTokenizer


def chunk(text: str, **meta: object) -> Chunk:
    """A passage with made-up but complete metadata (id from its text)."""
    fields: dict = {
        "id": hashlib.sha1(text.encode()).hexdigest()[:12],
        "text": text,
        "source": "law.md",
        "title": "青山县物业管理办法",
        "author": "",
        "province": "",
        "place": "青山县",
        "section": "第一章 总则",
        "start": 0,
        "end": len(text),
        "article": 0,
        "ordinal": 0,
        "doc_hash": "h",
    }
    fields.update(meta)
    return Chunk(**fields)


def hits(*texts: str, **meta: object) -> list[Hit]:
    return [Hit(chunk(t, ordinal=i, **meta), 1.0 / (i + 1)) for i, t in enumerate(texts)]


class FixedRetriever:
    """Returns the same passages for every question."""

    def __init__(self, found: Sequence[Hit]) -> None:
        self.found = list(found)

    def retrieve(self, plan: QueryPlan, k: int | None = None, timings: dict | None = None):
        return self.found[: k or len(self.found)]


@dataclass
class ScriptedAnswerer:
    """A streaming answerer (like an LLM) that writes the given pieces, or fails with ``error``
    after them."""

    pieces: list[str]
    error: Exception | None = None
    name: str = "scripted"
    passages: int = 5
    streams: bool = True
    calls: list[str] = field(default_factory=list)

    def stream(self, plan: QueryPlan, found: Sequence[Hit]) -> Iterator[str]:
        self.calls.append(plan.question)
        yield from self.pieces
        if self.error is not None:
            raise self.error


class FakeKeyword:
    """What the evidence judge reads of the keyword index: tokenizer, vocabulary, version."""

    def __init__(self, texts: Sequence[str], version: str = "v1") -> None:
        self.tokenizer = ChineseTokenizer()
        self.version = version
        self._vocabulary = {t for text in texts for t in self.tokenizer.tokens(text)}

    def vocabulary(self) -> set[str]:
        return self._vocabulary


class FakeIndex:
    def __init__(self, texts: Sequence[str]) -> None:
        self.keyword = FakeKeyword(texts)
