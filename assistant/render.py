"""Markdown rendering of answers for the terminal and the ``/chat`` endpoint."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from assistant.answering.citations import MARKER
from assistant.answering.glosses import quoted_runs
from assistant.answering.refusal import NOT_COVERED
from assistant.models import Answer, source_label

# What Markdown (CommonMark + GFM, KaTeX-style math) could turn into markup: raw HTML and
# entities, links and images, emphasis, code, tables, strike-through, math, headings.
_ACTIVE = re.compile(r"([\\`*_\[\]<>!|~$&#])")
_URL = re.compile(r"(?<=[A-Za-z])://")  # http://… would become a link (GFM autolinks)
_HAN = re.compile(r"[\u3400-\u9fff]")
GLOSS_MARK = "↳ "


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: every character that could start markup is
    backslash-escaped, so ``![x](http://…)`` or ``<img …>`` show as themselves."""
    return _URL.sub(r"\\://", _ACTIVE.sub(r"\\\1", text))


def _escape_answer(text: str) -> str:
    """An answer's text escaped, its [n] markers (ours) kept as they are; a ``(`` or ``:``
    right after one is escaped too, so ``[1](http://…)`` or ``[1]: http://…`` is no link."""
    out, pos = [], 0
    for match in MARKER.finditer(text):
        out += [_escape_after_marker(text[pos : match.start()], pos), match.group(0)]
        pos = match.end()
    out.append(_escape_after_marker(text[pos:], pos))
    return "".join(out)


def _escape_after_marker(fragment: str, pos: int) -> str:
    escaped = escape_markdown(fragment)
    return "\\" + escaped if pos and escaped[:1] in ("(", ":") else escaped


def render_markdown(answer: Answer, passages: bool = True, escape: bool = False) -> str:
    """The answer, its notice, and its sources with their passages quoted. ``escape`` (for
    ``/chat``, whose reader renders Markdown) makes the answer's and the documents' text
    literal; the terminal shows them as they are."""
    plain = (lambda s: s) if not escape else escape_markdown
    text = answer.text or f"{NOT_COVERED['zh']} / {NOT_COVERED['en']}"
    inline = glossed_inline(answer)
    lines = [_with_glosses(text, answer, inline, escape)]
    if answer.notice:
        lines.append(f"\n_{plain(answer.notice)}_")
    if answer.citations:
        lines.append("")
        for c in answer.citations:
            lines.append(f"**[{c.n}] {plain(source_label(c.chunk))}**")
            if passages:
                quoted = plain(c.chunk.text).splitlines() if escape else [c.chunk.text]
                lines.append("\n".join(f"> {line}" for line in quoted))
            gloss = answer.gloss(c.n)
            if gloss and c.n not in inline:
                lines.append(f"\n{GLOSS_MARK}{plain(gloss.line())}\n")
    return "\n".join(lines)


def glossed_inline(answer: Answer) -> set[int]:
    """The citations whose gloss follows the Chinese the answer quotes from them."""
    quoted = quoted_runs(answer.text)
    return {g.n for g in answer.glosses if _HAN.search(quoted.get(g.n, ""))}


def _with_glosses(text: str, answer: Answer, inline: set[int], escape: bool) -> str:
    """The answer's text (escaped for ``/chat``), each quote followed by its gloss line."""
    if not inline:
        return _escape_answer(text) if escape else text

    def part(fragment: str, pos: int) -> str:
        if not escape:
            return fragment
        escaped = _escape_answer(fragment)  # right after a marker, as _escape_after_marker
        return "\\" + escaped if pos and escaped[:1] in ("(", ":") else escaped

    out, pos = [], 0
    for match in MARKER.finditer(text):
        out.append(part(text[pos : match.end()], pos))
        pos = match.end()
        gloss = answer.gloss(int(match.group(1)))
        if gloss and gloss.n in inline:
            line = escape_markdown(gloss.line()) if escape else gloss.line()
            out.append(f"\n\n{GLOSS_MARK}{line}\n\n")
            inline = inline - {gloss.n}
    out.append(part(text[pos:], pos))
    return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip()


def local_time(stamp: str) -> str:
    """A stored UTC time as the server's local time with its zone (2026-11-28 14:05 CST)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z")
