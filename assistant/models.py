"""Answers stay structured (text with [n] markers + the cited passages) until rendering."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.models import Chunk


def source_label(chunk: Chunk) -> str:
    """How a passage's source is named wherever it is shown: 《headline》 · 发文字号 · 发文机关 (when
    the headline does not name it) · 成文日期 · author · place · section path (the file name when
    there is no headline). A long heading in the path is cut short (the citation record keeps
    it whole)."""
    parts = [f"《{chunk.title}》" if chunk.title else chunk.source, chunk.doc_number]
    parts.append(chunk.issuer if chunk.issuer not in chunk.title else "")
    parts += [chunk.date, chunk.author, chunk.place]
    headings = [h if len(h) <= 20 else f"{h[:18]}…" for h in chunk.section.split(" › ") if h]
    parts.append(" › ".join(headings))
    return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its fused score and the stage scores behind it."""

    chunk: Chunk
    score: float
    dense: float = 0.0
    keyword: float = 0.0


@dataclass(frozen=True)
class Citation:
    n: int
    chunk: Chunk
    score: float  # the fused rank score (relative: it orders passages, it does not grade them)
    similarity: float = 0.0  # e5 cosine of question and passage: an absolute scale

    def record(self) -> dict:
        c = self.chunk
        return {
            "n": self.n,
            "text": c.text,
            "title": c.title,
            "author": c.author,
            "place": c.place,
            "section": c.section,
            "source": c.source,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Term:
    zh: str
    en: str | None  # None: no source knows it, so it stays Chinese

    def record(self) -> dict:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Gloss:
    """The key terms of what an answer quotes from its passage [n] (or of the passage)."""

    n: int
    terms: tuple[Term, ...]

    def record(self) -> dict:
        return {"n": self.n, "terms": [t.record() for t in self.terms]}

    def line(self) -> str:
        """``代表 — deputy; 每月200元 — 200 yuan a month; 底色``"""
        return "; ".join(f"{t.zh} — {t.en}" if t.en else t.zh for t in self.terms)


@dataclass(frozen=True)
class Answer:
    question: str
    rewritten_question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    latency_ms: float = 0.0
    notices: tuple[str, ...] = ()  # e.g. the question was cut; the model's answer was not used
    why: str = ""  # for a question not answered, the judge's reason (shown folded away)
    outcome: str = "answer"  # or "possibly_relevant", "not_in_library" (answering/refusal.py)
    retrieved: tuple[Hit, ...] = field(default=(), compare=False)  # the ranking behind it
    glosses: tuple[Gloss, ...] = ()  # for an English question: the key terms of each source

    def gloss(self, n: int) -> Gloss | None:
        """The gloss of citation [n], if it has one."""
        return next((g for g in self.glosses if g.n == n), None)

    @property
    def notice(self) -> str:
        """The notices as one line, for display."""
        return " ".join(self.notices)

    def record(self, item_id: str | None = None) -> dict:
        """The JSON record of ``ask --json``, ``/ask`` and ``eval --out`` (DESIGN's contract),
        with the optional ``"notices"`` list only when there is a notice and the optional
        ``"glosses"`` (``[{"n", "terms": [{"zh", "en"}]}]``, ``en`` null when unknown) only
        for an English question."""
        record = {
            "id": item_id,
            "question": self.question,
            "rewritten_question": self.rewritten_question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.record() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
        }
        if self.notices:
            record["notices"] = list(self.notices)
        if self.glosses:
            record["glosses"] = [g.record() for g in self.glosses]
        return record
