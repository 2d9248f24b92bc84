"""Votes on answers: appended as JSON lines to ``<data dir>/feedback.jsonl`` by the web page,
read back and reconciled by ``bitan feedback``.

Each record names its conversation, turn and answer, so repeated or contradictory clicks on
one answer reconcile to its last vote; clicking a vote again withdraws it (``"vote":
"withdrawn"``, ``"liked": null``), never a dislike. Records written before these ids existed
count each on their own."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.query.language import detect_language

LIKE, DISLIKE, WITHDRAWN = "like", "dislike", "withdrawn"


def vote_of(liked: bool | str | None) -> str:
    """Gradio's ``LikeData.liked`` as a vote: True a like, False a dislike, and '' (or None),
    which Gradio sends when a selected thumb is clicked again, a withdrawal."""
    if liked is True:
        return LIKE
    if liked is False:
        return DISLIKE
    return str(liked) if liked else WITHDRAWN


@dataclass(frozen=True)
class Feedback:
    vote: str  # like, dislike or withdrawn
    conversation_id: str
    turn_id: int  # the turn's place in its conversation, from 0
    answer_id: str
    question: str
    answer: str
    cited: tuple[str, ...]  # the cited passages' chunk ids
    sources: tuple[dict, ...] = ()  # the cited passages as shown: ask --json's citations
    rewritten_question: str = ""
    abstained: bool = False
    comment: str = ""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def record(self) -> dict[str, Any]:
        """The JSON line; ``liked`` (true, false, or null for a withdrawal) is kept for
        readers of the older records, which had only it."""
        record = asdict(self)
        record["liked"] = {LIKE: True, DISLIKE: False}.get(self.vote)
        record["cited"] = list(self.cited)
        record["sources"] = list(self.sources)
        return record


class FeedbackLog:
    """One JSON object per line; appends are serialised so concurrent users do not interleave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, feedback: Feedback) -> None:
        line = json.dumps(feedback.record(), ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")

    def read(self) -> list[dict]:
        """The records, split on "\\n" alone: JSON keeps U+2028 and other line separators a
        comment may hold unescaped, so ``splitlines`` would cut a record in two."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").split("\n")
        return [json.loads(line) for line in lines if line.strip()]


@dataclass(frozen=True)
class AnswerVotes:
    """One answer's clicks reconciled: its last vote stands (``net`` +1, -1 or 0)."""

    conversation_id: str
    turn_id: int | None
    answer_id: str
    question: str
    answer: str
    cited: tuple[str, ...]
    sources: tuple[dict, ...]
    net: int
    clicks: int
    comments: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackSummary:
    likes: int  # like clicks, before reconciling
    dislikes: int
    withdrawals: int
    answers: tuple[AnswerVotes, ...]  # in the order first voted on

    @property
    def disliked(self) -> tuple[AnswerVotes, ...]:
        return tuple(a for a in self.answers if a.net < 0)

    @property
    def net_likes(self) -> int:
        return sum(1 for a in self.answers if a.net > 0)

    @property
    def net_dislikes(self) -> int:
        return len(self.disliked)

    def record(self) -> dict[str, Any]:
        """``bitan feedback --json``: the counts, the disliked answers and the comments."""
        return {
            "likes": self.likes,
            "dislikes": self.dislikes,
            "withdrawals": self.withdrawals,
            "answers": len(self.answers),
            "net_likes": self.net_likes,
            "net_dislikes": self.net_dislikes,
            "disliked": [
                {
                    "conversation_id": a.conversation_id,
                    "turn_id": a.turn_id,
                    "answer_id": a.answer_id,
                    "question": a.question,
                    "answer": a.answer,
                    "cited": list(a.cited),
                    "comments": list(a.comments),
                }
                for a in self.disliked
            ],
            "comments": [
                {"question": a.question, "net": a.net, "comment": c}
                for a in self.answers
                for c in a.comments
            ],
        }


def _vote(record: dict) -> str:
    if "vote" in record:
        return str(record["vote"])
    return vote_of(record.get("liked"))  # an older record: liked true or false


def summarize(records: Iterable[dict]) -> FeedbackSummary:
    """Counts of the clicks, and each answer's clicks reconciled by conversation and turn."""
    counts = {LIKE: 0, DISLIKE: 0, WITHDRAWN: 0}
    answers: dict[tuple, dict] = {}
    for n, record in enumerate(records):
        vote = _vote(record)
        if vote in counts:
            counts[vote] += 1
        conversation = str(record.get("conversation_id") or "")
        key = (conversation, record.get("turn_id")) if conversation else ("", n)
        entry = answers.setdefault(key, {"record": record, "net": 0, "clicks": 0, "comments": []})
        entry["record"] = record  # the latest: its answer is the one voted on last
        entry["clicks"] += 1
        entry["net"] = {LIKE: 1, DISLIKE: -1}.get(vote, 0)
        if str(record.get("comment") or "").strip():
            entry["comments"].append(str(record["comment"]).strip())
    return FeedbackSummary(
        likes=counts[LIKE],
        dislikes=counts[DISLIKE],
        withdrawals=counts[WITHDRAWN],
        answers=tuple(
            AnswerVotes(
                conversation_id=key[0],
                turn_id=entry["record"].get("turn_id"),
                answer_id=str(entry["record"].get("answer_id") or ""),
                question=str(entry["record"].get("question", "")),
                answer=str(entry["record"].get("answer", "")),
                cited=tuple(entry["record"].get("cited") or ()),
                sources=tuple(entry["record"].get("sources") or ()),
                net=entry["net"],
                clicks=entry["clicks"],
                comments=tuple(entry["comments"]),
            )
            for key, entry in answers.items()
        ),
    )


def eval_items(summary: FeedbackSummary) -> list[dict]:
    """The disliked answers as evaluation items (the format of ``bitan eval``'s files), gold
    left empty for a person to fill in; the passages that were cited and the complaint ride
    along (``bitan eval`` ignores those fields)."""
    items = []
    for n, votes in enumerate(summary.disliked, 1):
        items.append(
            {
                "id": f"fb{n:03d}",
                "lang": detect_language(votes.question),
                "question": votes.question,
                "gold": [],
                "cited": [
                    {"id": chunk_id, **source}
                    for chunk_id, source in zip(votes.cited, _padded(votes), strict=False)
                ],
                "answer": votes.answer,
                "comments": list(votes.comments),
                "feedback": {
                    "conversation_id": votes.conversation_id,
                    "turn_id": votes.turn_id,
                    "answer_id": votes.answer_id,
                },
            }
        )
    return items


def _padded(votes: AnswerVotes) -> list[dict]:
    """The sources beside each cited id (an older record has ids only)."""
    return [*votes.sources, *([{}] * (len(votes.cited) - len(votes.sources)))]
