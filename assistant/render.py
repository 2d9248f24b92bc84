"""Renderings of answers: Markdown for the terminal and the ``/chat`` endpoint, plain text for
the clipboard, and a whole conversation as a Markdown file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from assistant.answering.citations import MARKER
from assistant.answering.glosses import quoted_runs
from assistant.answering.refusal import NOT_COVERED
from assistant.models import Answer, Citation, source_label
from assistant.references import law_article

# What Markdown (CommonMark + GFM, KaTeX-style math) could turn into markup: raw HTML and
# entities, links and images, emphasis, code, tables, strike-through, math, headings.
_ACTIVE = re.compile(r"([\\`*_\[\]<>!|~$&#])")
_URL = re.compile(r"(?<=[A-Za-z])://")  # http://… would become a link (GFM autolinks)
_HAN = re.compile(r"[\u3400-\u9fff]")
GLOSS_MARK = "↳ "


# What an answer says when it has no text of its own (a refusal), in both languages.
_NO_TEXT = f"{NOT_COVERED['zh']} / {NOT_COVERED['en']}"


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
    text = answer.text or _NO_TEXT
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


# The cards' heading, by what the answer is: (Chinese, English).
HEADINGS = {
    "sources": ("出处", "Sources"),
    "related": ("相关段落（未直接回答）", "Related passages — they do not state the answer"),
    "nearest": ("最接近的段落（不是答案）", "Nearest passages — not an answer"),
}


def heading_key(answer: Answer | None) -> str:
    """Which of ``HEADINGS`` the answer's cards go under."""
    if answer is not None and answer.outcome == "possibly_relevant":
        return "related"
    if answer is not None and answer.abstained:
        return "nearest"
    return "sources"


def sources_heading(answer: Answer | None) -> str:
    """What an answer's sources are called, ``中文 / English``: sources, or for a refusal its
    nearest passages."""
    zh, en = HEADINGS[heading_key(answer)]
    return f"{zh} / {en}"


def source_line(citation: Citation) -> str:
    """``[n] 《headline》 · author · place · section path``, the path whole; a law's article
    number (第三十六条) is added when the path does not end in it."""
    c = citation.chunk
    parts = [f"《{c.title}》" if c.title else c.source, c.doc_number, c.author, c.place, c.section]
    article = law_article(c)
    if article and not c.section.replace(" ", "").endswith(article):
        parts.append(article)
    return f"[{citation.n}] " + " · ".join(p for p in parts if p)


def render_plain(answer: Answer) -> str:
    """The answer as plain text for the clipboard: the question as understood (for a
    follow-up), the answer with its [n], its notice, then its numbered sources. No markup."""
    lines = []
    if answer.rewritten_question and answer.rewritten_question != answer.question:
        lines.append(f"（理解为 / understood as: {answer.rewritten_question}）")
    lines.append(answer.text or _NO_TEXT)
    if answer.notice:
        lines.append(f"（{answer.notice}）")
    if answer.citations:
        lines += ["", f"{sources_heading(answer)}:"]
        lines += [source_line(c) for c in answer.citations]
    return "\n".join(lines)


def render_conversation(
    turns: Sequence[tuple[str, Answer | str]], exported: str = "", escape: bool = True
) -> str:
    """A conversation in Markdown: each question, its answer and numbered sources (or the
    message a failed turn got). ``escape`` (for a file a viewer renders) makes the texts
    literal; without it (for the clipboard) they are as written."""
    plain = escape_markdown if escape else (lambda s: s)
    answer_text = _escape_answer if escape else (lambda s: s)
    out = ["# Bitan 笔谈 — 对话 / Conversation"]
    if exported:
        out.append(f"\n导出 / Exported: {exported}")
    for i, (question, answer) in enumerate(turns, 1):
        out += [f"\n## {i}. {plain(question)}", ""]
        if isinstance(answer, str):
            out.append(f"_{plain(answer)}_")
            continue
        if answer.rewritten_question and answer.rewritten_question != answer.question:
            out += [f"↳ 理解为 / understood as: {plain(answer.rewritten_question)}", ""]
        out.append(answer_text(answer.text or _NO_TEXT))
        if answer.notice:
            out += ["", f"_{plain(answer.notice)}_"]
        if answer.citations:
            out += ["", f"**{sources_heading(answer)}**", ""]
            out += [f"- {plain(source_line(c))}" for c in answer.citations]
    return "\n".join(out) + "\n"
