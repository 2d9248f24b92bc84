"""Cut articles into passages a person can read at a glance, never inside a sentence."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.headings import Outline, law_article_label
from ingest.models import Article, Chunk, Section
from ingest.names import article_names

# A sentence ends at 。！？；… (or their ASCII forms), with any closing quotes and brackets.
_SENTENCE_END = re.compile(r"(?:[。！？；!?;]|…+)[”’」』）)】\]》]*")
# A law's article (条) starts its line: 第十二条 …
_LAW_ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇两\d]+条")
# Where a sentence too long for one passage is cut, if it can be: after a comma, a colon or a
# space in the second half of the passage; else at the length limit.
_SOFT_BREAK = re.compile(r"[，、：,:\s]+")


@dataclass(frozen=True)
class ChunkingOptions:
    max_chars: int = 200
    min_chars: int = 40
    # A law article (条) up to this size stays whole in one chunk.
    keep_whole_chars: int = 400


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]``; line breaks also end a sentence."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _line_spans(text, start, end):
        pos = line_start
        for match in _SENTENCE_END.finditer(text, line_start, line_end):
            spans.append((pos, match.end()))
            pos = match.end()
        if pos < line_end:
            spans.append((pos, line_end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _cut_long(
    text: str, spans: list[tuple[int, int]], opts: ChunkingOptions
) -> list[tuple[int, int]]:
    """``spans`` with each sentence longer than ``keep_whole_chars`` (text without punctuation;
    no real sentence is that long) cut into pieces of at most ``max_chars``. A shorter long
    sentence stays whole, as a law article does."""
    out: list[tuple[int, int]] = []
    size = opts.max_chars
    for a, b in spans:
        if b - a > max(size, opts.keep_whole_chars):
            while b - a > size:
                cut = a + size
                for match in _SOFT_BREAK.finditer(text, a + size // 2, a + size):
                    cut = match.end()
                out.append((a, cut))
                a = cut
        out.append((a, b))
    return out


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            yield pos, stop
        pos = stop + 1


def _atoms(
    article: Article, start: int, end: int, opts: ChunkingOptions
) -> list[list[tuple[int, int]]]:
    """Runs of sentence spans to pack: one run for prose, one per article (条) for a law."""
    lines = list(_line_spans(article.text, start, end))
    if not any(_LAW_ARTICLE.match(article.text[a:b]) for a, b in lines):
        return [_cut_long(article.text, sentence_spans(article.text, start, end), opts)]
    groups: list[list[tuple[int, int]]] = []
    for a, b in lines:
        if _LAW_ARTICLE.match(article.text[a:b]) or not groups:
            groups.append([])
        groups[-1].append((a, b))
    out: list[list[tuple[int, int]]] = []
    for group in groups:
        g_start, g_end = group[0][0], group[-1][1]
        if g_end - g_start <= opts.keep_whole_chars:
            out.append([(g_start, g_end)])
        else:
            spans = sentence_spans(article.text, g_start, g_end)
            out.append(_cut_long(article.text, spans, opts))
    return out


def _pack(
    groups: list[list[tuple[int, int]]], law: bool, opts: ChunkingOptions
) -> list[tuple[int, int]]:
    """Greedy packing of sentences into chunks of at most ``max_chars`` (a longer single
    sentence or law article stands alone); fragments under ``min_chars`` join a neighbour."""
    pieces: list[tuple[int, int]] = []
    for group in groups:
        current: tuple[int, int] | None = None
        for a, b in group:
            if current is None:
                current = (a, b)
            elif b - current[0] <= opts.max_chars:
                current = (current[0], b)
            else:
                pieces.append(current)
                current = (a, b)
        if current is not None:
            pieces.append(current)
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        tiny = piece[1] - piece[0] < opts.min_chars
        after_tiny = bool(merged) and merged[-1][1] - merged[-1][0] < opts.min_chars
        fits = bool(merged) and piece[1] - merged[-1][0] <= opts.max_chars + opts.min_chars
        if merged and (tiny or after_tiny) and (fits or not law):
            merged[-1] = (merged[-1][0], piece[1])
            continue
        merged.append(piece)
    return merged


@dataclass(frozen=True)
class _Span:
    label: str  # the section path passages of this span carry
    start: int
    end: int
    table: bool = False


def _section_spans(article: Article) -> list[_Span]:
    """The spans of text to cut into passages: each section's own text (never its heading
    line), and the text outside every section (before the first heading, or after a run-in
    paragraph or table at the top level)."""
    spans: list[_Span] = []
    pos = 0
    for section in article.sections:
        if section.start > pos:
            spans.append(_Span("", pos, section.start))
        body = _body_start(article.text, section)
        if body >= 0:
            spans.append(_Span(section.label, body, section.end, section.table))
        pos = max(pos, section.end + 1)
    if pos < len(article.text):
        spans.append(_Span("", pos, len(article.text)))
    return spans


def _body_start(text: str, section: Section) -> int:
    if section.body >= 0:
        return section.body
    newline = text.find("\n", section.start, section.end)
    return newline + 1 if newline >= 0 else -1


def _table_pieces(text: str, start: int, end: int, opts: ChunkingOptions) -> list[tuple[int, int]]:
    """Whole rows (one a line) packed up to ``max_chars``; a longer row stands alone."""
    return _pack([list(_line_spans(text, start, end))], True, opts)


def _law_articles(text: str) -> tuple[list[int], list[str]]:
    """The offsets and names (第X条) of the lines that open a law's articles."""
    offsets: list[int] = []
    names: list[str] = []
    for a, b in _line_spans(text, 0, len(text)):
        label = law_article_label(text[a:b])
        if label:
            offsets.append(a)
            names.append(label)
    return offsets, names


def _with_articles(
    label: str, articles: tuple[list[int], list[str]], span: _Span, a: int, b: int
) -> str:
    """The span's label extended by the law articles the passage holds: ``第一章 总则 › 第七条``
    (``第九条、第十条`` for two, ``第九条至第十二条`` for more); a passage that starts inside an
    article names that article first."""
    offsets, names = articles
    first, last = bisect.bisect_left(offsets, a), bisect.bisect_left(offsets, b)
    held = names[first:last]
    starts_article = first < len(offsets) and offsets[first] == a
    if not starts_article and first > 0 and offsets[first - 1] >= span.start:
        held.insert(0, names[first - 1])
    if not held:
        return label
    if len(held) == 1:
        named = held[0]
    else:
        named = "、".join(held) if len(held) == 2 else f"{held[0]}至{held[-1]}"
    return Outline.SEPARATOR.join(p for p in (label, named) if p)


def chunk_article(
    article: Article, doc_hash: str, opts: ChunkingOptions | None = None
) -> list[Chunk]:
    """The article's chunks in reading order, each carrying the article's metadata and its
    section path (for a law, down to the article 第X条 the passage holds)."""
    opts = opts or ChunkingOptions()
    names = article_names(article)
    articles = _law_articles(article.text)
    chunks: list[Chunk] = []
    for span in _section_spans(article):
        if span.table:
            pieces = _table_pieces(article.text, span.start, span.end, opts)
        else:
            groups = _atoms(article, span.start, span.end, opts)
            law = any(
                len(g) == 1 and _LAW_ARTICLE.match(article.text[g[0][0] : g[0][1]]) for g in groups
            )
            pieces = _pack(groups, law, opts)
        for a, b in pieces:
            text = article.text[a:b].strip()
            if not text:
                continue
            label = span.label if span.table else _with_articles(span.label, articles, span, a, b)
            chunks.append(_make_chunk(article, doc_hash, label, a, b, text, len(chunks), names))
    return chunks


def _make_chunk(
    article: Article,
    doc_hash: str,
    heading: str,
    start: int,
    end: int,
    text: str,
    ordinal: int,
    names: tuple[str, ...],
) -> Chunk:
    # The document's hash is part of the id: a new version of a file gets new ids, so its old
    # passages stay intact (and visible) until the new version is committed.
    key = "\x1f".join((doc_hash, article.source, str(article.ordinal), str(start), heading, text))
    return Chunk(
        id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
        text=text,
        source=article.source,
        title=article.title,
        author=article.author,
        province=article.province,
        place=article.place,
        post=article.post,
        section=heading,
        start=start,
        end=end,
        article=article.ordinal,
        ordinal=ordinal,
        doc_hash=doc_hash,
        names=names,
        doc_number=article.doc_number,
        issuer=article.issuer,
        date=article.date,
        file_author=article.file_author,
        file_created=article.file_created,
    )
