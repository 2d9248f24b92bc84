"""Names of places and people an article mentions, for keyword tokens and pinyin aliases."""

from __future__ import annotations

import logging
import re
import threading

from ingest.models import Article
from ingest.places import place_variants

_ADMIN_END = re.compile(r"(?:省|自治区|市|县|区|州|旗|镇|乡|盟|江|河|湖|山)$")
_GENERIC_HEAD = re.compile(r"^[全本各该市县区镇乡]")
_lock = threading.Lock()


def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def article_names(article: Article) -> tuple[str, ...]:
    """The author, the place with its variants, and the place names (jieba ``ns``) of the text
    that look like real places (an administrative or geographic suffix, not a generic 全区)."""
    names: set[str] = set()
    if article.author:
        names.add(article.author)
    names |= place_variants(article.place)
    if article.province:
        names.add(article.province)
    with _lock:  # jieba's default tokenizer is shared and not thread-safe while it loads
        tagged = list(_posseg().cut(article.text))
    for pair in tagged:
        word, flag = pair.word, pair.flag
        if flag == "nrfg" and len(word) >= 2:
            names.add(word)
        if (
            flag == "ns"
            and len(word) >= 3
            and _ADMIN_END.search(word)
            and not _GENERIC_HEAD.match(word)
        ):
            names |= place_variants(word)
        if flag == "ns" and len(word) == 2 and word[-1] in "州江河湖山":
            names.add(word)  # 汉江, 徐州 (but not 三区, 城市)
    return tuple(sorted(n for n in names if len(n) >= 2))
