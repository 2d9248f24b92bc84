"""``bitan eval``: run an evaluation file through the assistant and measure it."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.models import Answer
from assistant.service import Assistant

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class EvalItem:
    id: str
    lang: str
    question: str
    turns: tuple[str, ...] = ()
    gold: tuple[str, ...] = ()
    author: str = ""
    title: str = ""
    answer_contains: tuple[str, ...] = ()
    unanswerable: bool = False

    @classmethod
    def from_json(cls, data: dict) -> EvalItem:
        return cls(
            id=str(data.get("id", "")),
            lang=str(data.get("lang", "")),
            question=str(data["question"]),
            turns=tuple(data.get("turns") or ()),
            gold=tuple(data.get("gold") or ()),
            author=str(data.get("author") or ""),
            title=str(data.get("title") or ""),
            answer_contains=tuple(data.get("answer_contains") or ()),
            unanswerable=bool(data.get("unanswerable", False)),
        )


def load_items(path: Path) -> list[EvalItem]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(EvalItem.from_json(json.loads(line)))
            except (ValueError, KeyError) as err:
                raise ValueError(f"{path}:{n}: not an evaluation item ({err})") from err
    return items


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def holds(text: str, gold: Iterable[str]) -> bool:
    """Whether ``text`` holds one of the gold phrases (whitespace ignored)."""
    squashed = _squash(text)
    return any(_squash(g) in squashed for g in gold if g.strip())


def gold_rank(answer: Answer, gold: Iterable[str]) -> int | None:
    """1-based rank of the first retrieved passage that holds a gold phrase (whitespace ignored)."""
    gold = list(gold)
    for rank, hit in enumerate(answer.retrieved, 1):
        if holds(hit.chunk.text, gold):
            return rank
    return None


@dataclass
class Outcome:
    item: EvalItem
    answer: Answer

    @property
    def rank(self) -> int | None:
        return gold_rank(self.answer, self.item.gold) if self.item.gold else None

    @property
    def right(self) -> bool:
        """What the user sees is right: answered, and a cited passage holds the answer."""
        return not self.answer.abstained and any(
            holds(c.chunk.text, self.item.gold) for c in self.answer.citations
        )

    @property
    def right_at_1(self) -> bool:
        """The same for citation [1] alone."""
        first = self.answer.citations[:1]
        return not self.answer.abstained and any(holds(c.chunk.text, self.item.gold) for c in first)

    @property
    def attributed(self) -> bool:
        """The top citation names the expected author, or (no author given) the title."""
        cited = self.answer.citations or tuple(self.answer.retrieved[:1])
        if not cited:
            return False
        chunk = cited[0].chunk
        if self.item.author:
            return chunk.author == self.item.author
        return bool(self.item.title) and self.item.title in chunk.title

    @property
    def figures_present(self) -> bool:
        text = _squash(self.answer.text)
        return all(_squash(f) in text for f in self.item.answer_contains)


def run_items(assistant: Assistant, items: Iterable[EvalItem]) -> Iterator[Outcome]:
    for item in items:
        turns = list(item.turns) or [item.question]
        history: list[tuple[str, Answer]] = []
        answer = None
        for turn in turns:
            answer = assistant.ask(turn, history=[(q, a.text) for q, a in history])
            history.append((turn, answer))
        assert answer is not None
        yield Outcome(item, answer)


@dataclass
class Metrics:
    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        self.rows.append((name, value))


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def summarize(outcomes: list[Outcome]) -> Metrics:
    m = Metrics()
    langs = sorted({o.item.lang for o in outcomes})
    for lang in [*langs, "all"]:
        group = [o for o in outcomes if o.item.gold and not o.item.unanswerable]
        group = [o for o in group if lang == "all" or o.item.lang == lang]
        if group:
            m.add(f"right ({lang})", _ratio(sum(o.right for o in group), len(group)))
            m.add(f"right@1 ({lang})", _ratio(sum(o.right_at_1 for o in group), len(group)))
    for lang in [*langs, "all"]:
        group = [o for o in outcomes if o.item.gold and (lang == "all" or o.item.lang == lang)]
        if not group:
            continue
        ranks = [o.rank for o in group]
        for k in (1, 3, 5):
            m.add(f"hit@{k} ({lang})", _ratio(sum(1 for r in ranks if r and r <= k), len(ranks)))
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        m.add(f"MRR ({lang})", f"{mrr:.3f}")
    attributed = [
        o for o in outcomes if (o.item.author or o.item.title) and not o.item.unanswerable
    ]
    m.add(
        "attribution (top citation's author, else title)",
        _ratio(sum(o.attributed for o in attributed), len(attributed)),
    )
    figures = [o for o in outcomes if o.item.answer_contains]
    m.add(
        "asked figures in the answer", _ratio(sum(o.figures_present for o in figures), len(figures))
    )
    refusable = [o for o in outcomes if o.item.unanswerable]
    m.add(
        "unanswerable refused", _ratio(sum(o.answer.abstained for o in refusable), len(refusable))
    )
    answerable = [o for o in outcomes if not o.item.unanswerable]
    m.add(
        "answerable answered",
        _ratio(sum(not o.answer.abstained for o in answerable), len(answerable)),
    )
    sizes = [sum(len(h.chunk.text) for h in o.answer.retrieved[:5]) for o in outcomes]
    if sizes:
        m.add("median chars in the top five", f"{statistics.median(sizes):.0f}")
    latencies = sorted(o.answer.latency_ms for o in outcomes)
    if latencies:
        p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
        m.add("latency median / p95 (ms)", f"{statistics.median(latencies):.1f} / {p95:.1f}")
    return m


def write_records(outcomes: list[Outcome], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for o in outcomes:
            out.write(json.dumps(o.answer.record(o.item.id), ensure_ascii=False) + "\n")
