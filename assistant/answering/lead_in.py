"""The English lead-in of an extractive answer: the source named in English, then the kind of
answer that follows. ``According to Qian Rongxin 钱荣新, 《建设"四个机关" 擦亮履职底色》 (build · four
organs · …), Ningcheng County 宁城县, Inner Mongolia 内蒙古 — three measures:``"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answering.figures import number_en
from assistant.answering.kinds import Asked
from assistant.answering.names import person_en, place_en
from ingest.models import Chunk

if TYPE_CHECKING:
    from assistant.answering.glosses import Glosser

MAX_HEADLINE_GLOSSES = 6
_SINCE = re.compile(r"以来|之日起|起施行|开始")


def kind_phrase(want: Asked, sentences: list[str]) -> str:
    """What follows, by the kind of answer asked for: ``the figure``, ``since``, ``three
    measures``…"""
    count = len(sentences)
    many = number_en(count)
    if want.kind == "figure":
        return "the figures" if count > 1 else "the figure"
    if want.kind == "date":
        return "since" if any(_SINCE.search(s) for s in sentences) else "when"
    if want.kind == "list":
        return f"{many} items" if count > 1 else "the list"
    if want.kind == "how":
        return f"{many} measures" if count > 1 else "how"
    if want.kind == "who":
        return "who"
    if want.kind == "yesno":
        return "the rule"
    return f"{many} passages" if count > 1 else "the passage"


def headline_gloss(title: str, glosser: Glosser | None) -> str:
    if glosser is None or not title:
        return ""
    words = list(
        dict.fromkeys(t.en for t in glosser.terms(title) if t.en and len(t.en.split()) <= 4)
    )
    # A long headline's word glosses read as a word list, not a title: the card's own glosses
    # (Vocabulary) still give each term.
    if not words or len(words) > MAX_HEADLINE_GLOSSES:
        return ""
    return f" ({' · '.join(words)})"


def english_lead_in(
    chunk: Chunk, want: Asked, sentences: list[str], glosser: Glosser | None = None
) -> str:
    """``According to <author 姓名>, 《headline》 (gloss), <place 地名> — <kind>:``"""
    parts = []
    if chunk.author:  # with the Chinese, as the card names them (and a follow-up finds them)
        parts.append(f"{person_en(chunk.author)} {chunk.author}")
    if chunk.title:
        parts.append(f"《{chunk.title}》{headline_gloss(chunk.title, glosser)}")
    elif chunk.issuer:
        parts.append(chunk.issuer)
    for place in dict.fromkeys(p for p in (chunk.place, chunk.province) if p):
        if place in chunk.title:  # 《2025年四川省政府工作报告》 already says 四川省
            continue
        if place == chunk.place or not chunk.place.startswith(place):
            parts.append(f"{place_en(place)} {place}")
    source = ", ".join(parts) or chunk.source
    return f"According to {source} — {kind_phrase(want, sentences)}:"
