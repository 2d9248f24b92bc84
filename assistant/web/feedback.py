"""Likes and dislikes on answers, appended as JSON lines to a file in the data dir."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Feedback:
    liked: bool
    question: str
    answer: str
    cited: tuple[str, ...]  # the cited passages' chunk ids
    rewritten_question: str = ""
    abstained: bool = False
    comment: str = ""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


class FeedbackLog:
    """One JSON object per line; appends are serialised so concurrent users do not interleave."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, feedback: Feedback) -> None:
        record = asdict(feedback)
        record["cited"] = list(feedback.cited)
        line = json.dumps(record, ensure_ascii=False)
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
