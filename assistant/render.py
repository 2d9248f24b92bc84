"""Markdown rendering of answers for the terminal and the ``/chat`` endpoint."""

from __future__ import annotations

from assistant.answering.refusal import NOT_COVERED
from assistant.models import Answer, source_label


def render_markdown(answer: Answer, passages: bool = True) -> str:
    lines = [answer.text or f"{NOT_COVERED['zh']} / {NOT_COVERED['en']}"]
    if answer.notice:
        lines.append(f"\n_{answer.notice}_")
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            lines.append(f"**[{c.n}] {source_label(c.chunk)}**")
            if passages:
                lines.append(f"> {c.chunk.text}")
    return "\n".join(lines)
