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

# jieba tags each run of these characters on its own (its block pattern), so tagging the runs
# one by one gives the same words as tagging the whole text.
_RUN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._]+")
# Bounds for hostile text (megabytes on one line, random rare characters):
# - an article's first _MAX_TAGGED characters are tagged, a longer run in pieces of _PIECE
#   characters (no sentence is that long; only the words across a cut can change);
# - jieba's HMM finds words its dictionary lacks (尧都区), but costs ~0.3 ms for each character
#   of a stretch that is no dictionary word, and ~4 ms for a character it has no statistics
#   for (it weighs all 256 states). Its work is counted in candidate states per character (~31
#   for a common character, _UNKNOWN_CHAR for one without statistics: ~0.01 ms each), and it
#   runs only while _HMM_BUDGET (~1 s) lasts; later runs get the dictionary's words only.
# Normal articles stay well within the bounds and are tagged exactly as one text.
_MAX_TAGGED = 100_000
_PIECE = 1_000
_HMM_BUDGET = 100_000
_UNKNOWN_CHAR = 512


def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _hmm_cost(run: str) -> int:
    """The HMM's work on ``run``: its candidate states summed over the Han characters jieba
    would give it (stretches of single characters that together are no dictionary word)."""
    import jieba
    from jieba.posseg.char_state_tab import P as char_states

    def cost(stretch: str) -> int:
        if len(stretch) < 2 or jieba.get_FREQ(stretch):
            return 0
        han = (ch for ch in stretch if "\u4e00" <= ch <= "\u9fd5")
        return sum(len(char_states.get(ch, ())) or _UNKNOWN_CHAR for ch in han)

    route: dict[int, tuple[float, int]] = {}
    jieba.calc(run, jieba.get_DAG(run), route)
    total, stretch, x = 0, "", 0
    while x < len(run):
        y = route[x][1] + 1
        if y - x == 1:
            stretch += run[x]
        else:
            total += cost(stretch)
            stretch = ""
        x = y
    return total + cost(stretch)


def _tagged(text: str) -> list:
    """jieba's (word, part of speech) pairs for the runs of ``text``, within the bounds above."""
    posseg = _posseg()  # first: it quiets jieba's log before the dictionary loads
    budget = _HMM_BUDGET
    pieces: dict[bool, list[str]] = {True: [], False: []}  # with the HMM or without
    for match in _RUN.finditer(text, 0, _MAX_TAGGED):
        run = match.group()
        for start in range(0, len(run), _PIECE):
            piece = run[start : start + _PIECE]
            cost = _hmm_cost(piece) if budget > 0 else 0
            hmm = budget > 0 and cost <= budget
            budget -= cost if hmm else 0
            pieces[hmm].append(piece)
    # One call for each: jieba cuts the text into the same runs again.
    return [pair for hmm, part in pieces.items() for pair in posseg.cut("\n".join(part), HMM=hmm)]


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
        tagged = _tagged(article.text)
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
