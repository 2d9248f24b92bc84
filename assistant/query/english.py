"""English words as the query side reads them: tokens, possessives and plurals (one place)."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+|\.\d+)*")  # PM2.5 and 3.5 stay whole
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


# Closed-class English words (prepositions, conjunctions, modals, pronouns): they carry no
# subject, so they are never translated into search terms ("after" is not 先后).
FUNCTION_WORDS = frozenset(
    "after before during while since until till within without through throughout over under "
    "between among against per via than then also if whether because so but not no nor yet "
    "can could would should will shall may might must i you we my your our us ours mine "
    "yours let get got just only even still".split()
)
