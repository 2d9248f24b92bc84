"""Everyday words → the corpus's own words, from CC-CEDICT: two Chinese words are taken as
synonyms when CC-CEDICT gives them the same English definition (员工 and 职工 are both
"staff"; 喝醉 and 醉酒 both "to get drunk"; 辞退 and 解雇 both "to dismiss"), and an
abbreviation points at its full form (社保 → 社会保险, 网游 → 网络游戏).

Why it holds beyond the documents at hand: CC-CEDICT's definitions are written for learners,
one sense per definition, so a shared definition is a shared sense. A definition shared by many
words ("to be", "unit") says little, so such definitions are not used.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|^\s*(?:fig\.|lit\.|old)\s*", re.I)
_ABBR = re.compile(r"(?:abbr\. (?:for|of)|abbr\. to|short for)\s+([^\s,;]+)", re.I)
_SKIP = re.compile(r"^(?:cl:|variant of|see |surname|used in|old variant|also written)", re.I)
MAX_SHARED = 25  # a definition shared by more words than this is too general to link them


def _definitions(entry: dict) -> set[str]:
    out = set()
    for raw in entry["definitions"]:
        if _SKIP.match(raw.strip()) or _ABBR.search(raw):
            continue
        definition = " ".join(_NOISE.sub(" ", raw.lower()).split())
        if len(definition) >= 3:
            out.add(definition)
    return out


def _abbreviations(entry: dict) -> set[str]:
    """The full forms an abbreviation entry names (written 繁|简[pinyin] or just 简)."""
    out = set()
    for raw in entry["definitions"]:
        for match in _ABBR.finditer(raw):
            out.add(match.group(1).split("|")[-1].split("[")[0])
    return out


def build_synonyms(
    entries: Iterable[dict], vocabulary: set[str], per_word: int = 3
) -> dict[str, list[str]]:
    """Word → up to ``per_word`` corpus words with the same sense (shortest first)."""
    by_definition: dict[str, set[str]] = defaultdict(set)
    links: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        word = entry["simplified"]
        if len(word) < 2:
            continue
        for definition in _definitions(entry):
            by_definition[definition].add(word)
        for full in _abbreviations(entry):
            if full in vocabulary and full != word:
                links[word].add(full)
    for words in by_definition.values():
        if len(words) > MAX_SHARED:
            continue
        in_corpus = {w for w in words if w in vocabulary}
        for word in words:
            links[word].update(in_corpus - {word})
    return {
        word: sorted(targets, key=lambda t: (len(t), t))[:per_word]
        for word, targets in links.items()
        if targets
    }
