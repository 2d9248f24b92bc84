"""Formal references to a cited passage, as a reader would write them in a report:
a law's article (《中华人民共和国行政处罚法》第三十六条), or an article's author, headline and the
publication it appeared in (钱荣新《建设“四个机关” 擦亮履职底色》, 主任笔谈). The publication of a
bundled source comes from ``assistant/data/publications.json``, never from the code."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ingest.headings import LAW_ARTICLE
from ingest.models import Chunk

PUBLICATIONS = Path(__file__).resolve().parent / "data" / "publications.json"
# One article (第三十六条) or a run of them (第七条、第八条: a passage that holds both).
_ARTICLE = LAW_ARTICLE.pattern.removeprefix("^")
_ARTICLES = re.compile(rf"{_ARTICLE}(?:\s*[、，,至到—-]\s*{_ARTICLE})*")


@lru_cache(maxsize=1)
def publications() -> dict[str, str]:
    """``{source file name: publication}`` for the bundled sources."""
    data = json.loads(PUBLICATIONS.read_text(encoding="utf-8"))
    return dict(data.get("sources", {}))


def law_article(chunk: Chunk) -> str:
    """The passage's article number (第三十六条, or 第七条、第八条 for a passage holding both) from
    its section path, else from its opening words; '' when it is not a law's article."""
    for part in reversed(chunk.section.split(" › ")):
        match = _ARTICLES.match(part.strip())
        if match:
            return re.sub(r"\s+", "", match.group(0))
    match = _ARTICLES.match(chunk.text.strip())
    return re.sub(r"\s+", "", match.group(0)) if match else ""


def formal_reference(chunk: Chunk) -> str:
    """The passage as a formal reference: ``《法》第X条`` for a law's article;
    ``作者《标题》, 刊物`` for an article (the 发文字号 of an official document in brackets)."""
    title = f"《{chunk.title}》" if chunk.title else chunk.source
    article = law_article(chunk)
    if article:
        return f"{title}{article}"
    head = f"{chunk.author}{title}"
    if chunk.doc_number:
        head += f"（{chunk.doc_number}）"
    publication = publications().get(chunk.source, "")
    return f"{head}, {publication}" if publication else head
