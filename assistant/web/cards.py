"""HTML for the web page: an answer whose [n] link to numbered source cards, the cards with the
cited sentences marked, and an article with one passage marked in place. Everything from the
documents is escaped; only the tags made here are markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from assistant.answering.citations import MARKER
from assistant.models import Answer, Citation, source_label
from assistant.references import formal_reference
from assistant.render import HEADINGS, heading_key, render_plain, sources_heading
from assistant.web.glosses import gloss_html
from assistant.web.highlight import cited_spans
from ingest.models import Chunk

# HTML's special characters, and those Markdown could make markup of (links, images, emphasis,
# code, tables, math), as character references: Markdown shows them as themselves.
_AS_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_[]()!|~$#{}"}
)


def text_html(text: str) -> str:
    """Untrusted text (a question, an answer, a model's streamed words) for a chat bubble,
    which Gradio renders as Markdown with HTML: HTML escaped, Markdown-active characters as
    character references, and line breaks as ``<br>`` (a blank line would end the HTML block
    and let what follows be read as Markdown). So ``![x](http://…)`` shows as itself."""
    escaped = text.translate(_AS_TEXT).replace("://", "&#58;//")  # no autolink either
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def question_html(question: str) -> str:
    """The user's bubble: the question as text, never markup."""
    return f'<div class="bitan-question">{text_html(question)}</div>'


def streaming_html(text: str) -> str:
    """The answer while a model writes it, wrapped like the final answer."""
    return f'<div class="bitan-streaming">{text_html(text)}</div>'


def notice_html(text: str) -> str:
    return f'<div class="bitan-notice">{text_html(text)}</div>'


def anchor(turn: int, n: int, prefix: str = "src") -> str:
    """A card's id: ``src-…`` for the cards under an answer (its [n] link there), another
    prefix for the copy in the side panel (ids stay unique on the page)."""
    return f"{prefix}-{turn}-{n}"


def answer_html(answer: Answer, turn: int) -> str:
    """The chat message: the answer with each [n] linked to its card, the notice, and for a
    follow-up the question as it was understood."""
    numbers = {c.n for c in answer.citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return text_html(match.group(0))
        return f'<a class="bitan-cite" href="#{anchor(turn, n)}">[{n}]</a>'

    body = _linked(answer.text, link)
    parts = []
    if answer.rewritten_question and answer.rewritten_question != answer.question:
        parts.append(
            f'<div class="bitan-rewritten">↳ {both("理解为", "understood as")}: '
            f"{text_html(answer.rewritten_question)}</div>"
        )
    kind = "bitan-refusal" if answer.abstained else "bitan-answer"
    icon = "⚠ " if answer.abstained else ""
    parts.append(f'<div class="{kind}">{icon}{body}</div>')
    if answer.notice:
        parts.append(notice_html(answer.notice))
    if answer.why:
        parts.append(
            f'<details class="bitan-why"><summary>{both("为什么", "why")}</summary>'
            f"{text_html(answer.why)}"
            "</details>"
        )
    return "\n".join(parts)


def _linked(text: str, link: Callable[[re.Match[str]], str]) -> str:
    """The answer's text as ``text_html``, each [n] marker replaced by ``link``."""
    out, pos = [], 0
    for match in MARKER.finditer(text):
        out += [text_html(text[pos : match.start()]), link(match)]
        pos = match.end()
    out.append(text_html(text[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Card:
    """One source card and what its "open article" control needs."""

    n: int
    html: str
    source: str
    article: int
    chunk_id: str


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(escape(text[pos:start], quote=False))
        out.append(f'<mark class="bitan-hl">{escape(text[start:end], quote=False)}</mark>')
        pos = end
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


# e5's cosine between question and passage is an absolute scale, if a narrow one. Measured on
# the three public eval sets' top-5 passages: those holding the answer 0.89-0.93 (median 0.90),
# the others and those retrieved for unanswerable questions a median of 0.88.
SIMILARITY_HELP = (
    "语义相似度：问题与段落的 e5 余弦相似度（0–1）。含答案的段落通常在 0.89–0.93，"
    "无关段落多在 0.88 左右；高低只供参考，以段落原文为准。"
    " Similarity: e5 cosine of question and passage (0–1). Passages that hold the answer"
    " usually score 0.89–0.93, unrelated ones around 0.88: a hint, the passage itself decides."
)


def _heading(citation: Citation) -> str:
    meta = escape(source_label(citation.chunk))
    section = escape(citation.chunk.section)  # whole on hover: the label may cut it short
    return (
        f'<div class="bitan-card-head" title="{section}">'
        f'<span class="bitan-n">[{citation.n}]</span> {meta}'
        f' <span class="bitan-relevance" title="{SIMILARITY_HELP}">'
        f"{both('相似度', 'similarity')} {citation.similarity:.2f}</span></div>"
    )


def source_cards(answer: Answer, turn: int, prefix: str = "src") -> list[Card]:
    """The cards of an answer's citations; for a refusal, its nearest passages, marked so."""
    spans = {} if answer.abstained else cited_spans(answer)
    kind = "bitan-card bitan-nearest" if answer.abstained else "bitan-card"
    cards = []
    for citation in answer.citations:
        c = citation.chunk
        html = (
            f'<div class="{kind}" id="{anchor(turn, citation.n, prefix)}">'
            f"{_heading(citation)}"
            f'<div class="bitan-passage">{_marked(c.text, spans.get(citation.n, []))}</div>'
            f"{gloss_html(answer.gloss(citation.n))}"
            f"{copy_button(formal_reference(c), '复制引用 Copy citation', 'bitan-copy-cite')}</div>"
        )
        cards.append(Card(citation.n, html, c.source, c.article, c.id))
    return cards


def inline_sources(answer: Answer, turn: int) -> str:
    """The answer's own cards, collapsible under it in the chat: its [n] keep working after
    later answers replace the side panel."""
    cards = source_cards(answer, turn)
    if not cards:
        return ""
    body = "".join(card.html for card in cards)
    return (
        f'<details class="bitan-sources" open><summary>{both(*HEADINGS[heading_key(answer)])}'
        f" ({len(cards)})</summary>{body}</details>"
    )


def cards_heading(answer: Answer | None) -> str:
    """The heading in both languages, ``中文 / English`` (the page shows one: ``page.py``)."""
    return sources_heading(answer)


def both(zh: str, en: str) -> str:
    """A fixed phrase in both languages; the page's stylesheet shows the one of ``<html lang>``
    (Chinese for zh*, else English), which Gradio sets from the browser's language."""
    return f'<span class="bitan-zh">{escape(zh)}</span><span class="bitan-en">{escape(en)}</span>'


def copy_button(text: str, label: str, kind: str) -> str:
    """A button that puts ``text`` on the clipboard (page.py's COPY_SCRIPT handles every
    ``.bitan-copy`` click). The text rides in the button's ``value`` (the chat's sanitizer
    drops ``data-*`` attributes) as character references (as ``text_html``), its line breaks
    as ``&#10;`` so no blank line ends the message's HTML block; the browser hands it back
    exactly as written."""
    value = text.translate(_AS_TEXT).replace("://", "&#58;//")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "&#10;")
    return (
        f'<button type="button" class="bitan-copy {kind}" value="{value}">{escape(label)}</button>'
    )


def answer_copy(answer: Answer) -> str:
    """The answer's own copy button: its plain text with the numbered sources below."""
    return copy_button(render_plain(answer), "复制回答 Copy answer", "bitan-copy-answer")


def article_html(chunks: Sequence[Chunk], highlight: str) -> str:
    """A whole article from its passages in reading order, section headings in place, the
    passage ``highlight`` marked (``id="bitan-article-hl"``, for scrolling to it)."""
    if not chunks:
        gone = both("这篇文章已不在索引中。", "This article is no longer indexed.")
        return f'<div class="bitan-article">{gone}</div>'
    first = chunks[0]
    meta = " · ".join(escape(p) for p in (first.author, first.place, first.post) if p)
    out = [
        '<div class="bitan-article">',
        f"<h3>《{escape(first.title)}》</h3>",
        f'<div class="bitan-article-meta">{meta} · {escape(first.source)}</div>',
    ]
    section = ""
    for chunk in chunks:
        if chunk.section and chunk.section != section:
            section = chunk.section
            out.append(f"<h4>{escape(section)}</h4>")
        text = escape(chunk.text, quote=False).replace("\n", "<br>")
        if chunk.id == highlight:
            out.append(f'<p><mark id="bitan-article-hl" class="bitan-hl">{text}</mark></p>')
        else:
            out.append(f"<p>{text}</p>")
    out.append("</div>")
    return "\n".join(out)
