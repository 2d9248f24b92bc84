"""Plain-text rendering of answers for the terminal and the first web chat."""

from __future__ import annotations

from assistant.models import Answer


def source_line(n: int, title: str, author: str, place: str, section: str) -> str:
    parts = [p for p in (f"《{title}》" if title else "", author, place, section) if p]
    return f"[{n}] " + " · ".join(parts)


def render_markdown(answer: Answer, passages: bool = True) -> str:
    lines = [answer.text or "专栏中没有找到相关内容 / The column does not cover this."]
    if answer.notice:
        lines.append(f"\n_{answer.notice}_")
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            ch = c.chunk
            lines.append(f"**{source_line(c.n, ch.title, ch.author, ch.place, ch.section)}**")
            if passages:
                lines.append(f"> {ch.text}")
    return "\n".join(lines)
