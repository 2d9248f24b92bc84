"""English words as the query side reads them: tokens, possessives and plurals (one place)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# Inflections tried, in order, to find a dictionary form: "councils" → council, "studies" → study.
_INFLECTION = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
    ("ed", "e"),
    ("ing", "e"),
)


def english_words(text: str) -> list[str]:
    """Lower-cased words, possessive ``'s`` dropped."""
    text = text.lower().replace("’", "'")
    return [w.removesuffix("'s") for w in _WORD.findall(text)]


def singular(word: str) -> str:
    """The singular of a plural noun by rule (``councils`` → council, ``cities`` → city)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[-3:-2] in "sxz":
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def lemmas(word: str) -> list[str]:
    """``word`` and the forms it may be inflected from, most likely first."""
    out = [word]
    for suffix, repl in _INFLECTION:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: -len(suffix)] + repl)
    return list(dict.fromkeys(out))
