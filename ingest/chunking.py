"""Cut articles into passages a person can read at a glance, never inside a sentence."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.models import Article, Chunk
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


def _section_spans(article: Article) -> list[tuple[str, int, int]]:
    """(heading, body start, body end) for the text before the first heading and each section."""
    spans: list[tuple[str, int, int]] = []
    first = article.sections[0].start if article.sections else len(article.text)
    if first > 0:
        spans.append(("", 0, first))
    for section in article.sections:
        body_start = article.text.find("\n", section.start, section.end)
        if body_start >= 0:
            spans.append((section.heading, body_start + 1, section.end))
    return spans


def chunk_article(
    article: Article, doc_hash: str, opts: ChunkingOptions | None = None
) -> list[Chunk]:
    """The article's chunks in reading order, each carrying the article's metadata."""
    opts = opts or ChunkingOptions()
    names = article_names(article)
    chunks: list[Chunk] = []
    for heading, start, end in _section_spans(article):
        groups = _atoms(article, start, end, opts)
        law = any(
            len(g) == 1 and _LAW_ARTICLE.match(article.text[g[0][0] : g[0][1]]) for g in groups
        )
        for a, b in _pack(groups, law, opts):
            text = article.text[a:b].strip()
            if not text:
                continue
            chunks.append(_make_chunk(article, doc_hash, heading, a, b, text, len(chunks), names))
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
    )
