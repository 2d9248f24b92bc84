"""Pinyin aliases of the corpus's names, so "Ningcheng", "Yaodu's", "Lu Libo" find 宁城县, 尧都区, 鲁立波."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from ingest.places import place_variants

_WORD = re.compile(r"[a-zü]+")
# How ü is written in English text: Lü, Lu, Lyu, Lv.
_U_FORMS = {"v": ("v", "u", "yu"), "ve": ("ve", "ue")}


def _readings(name: str, limit: int = 8) -> list[list[str]]:
    from pypinyin import Style, pinyin

    per_char = [r[:2] for r in pinyin(name, style=Style.NORMAL, heteronym=True, errors="ignore")]
    combos = list(itertools.islice(itertools.product(*per_char), limit))
    out: list[list[str]] = []
    for combo in combos:
        for variant in itertools.product(*[_u_variants(s) for s in combo]):
            out.append(list(variant))
    return out


def _u_variants(syllable: str) -> tuple[str, ...]:
    for tail, forms in (("ve", _U_FORMS["ve"]), ("v", _U_FORMS["v"])):
        if syllable.endswith(tail):
            return tuple(syllable[: -len(tail)] + f for f in forms)
    return (syllable,)


def name_aliases(name: str, person: bool = False) -> set[str]:
    """Spaceless lower-case spellings of a name: ``宁城县`` → ningchengxian, ningcheng…;
    a person's also in given-name-first order: ``鲁立波`` → lulibo, libolu."""
    aliases: set[str] = set()
    for syllables in _readings(name):
        aliases.add("".join(syllables))
        if person and len(syllables) >= 2:
            aliases.add("".join(syllables[1:] + syllables[:1]))
    return {a for a in aliases if len(a) >= 4}


class AliasTable:
    """Maps spellings found in an English question to the corpus's Chinese names."""

    def __init__(self, places: Iterable[str] = (), people: Iterable[str] = ()) -> None:
        self._map: dict[str, set[str]] = {}
        for place in places:
            for variant in place_variants(place) | {place}:
                for alias in name_aliases(variant):
                    self._map.setdefault(alias, set()).add(place)
        for person in people:
            for alias in name_aliases(person, person=True):
                self._map.setdefault(alias, set()).add(person)
        self._longest = 4

    def __len__(self) -> int:
        return len(self._map)

    def name_words(self, text: str) -> set[str]:
        """The words of ``text`` that spell a known name (so they are not read as content)."""
        words = [w.removesuffix("s") if w.endswith("'s") else w for w in _words(text)]
        out: set[str] = set()
        for size in range(self._longest, 0, -1):
            for i in range(len(words) - size + 1):
                if "".join(words[i : i + size]) in self._map:
                    out.update(words[i : i + size])
        return out

    def find(self, text: str) -> list[str]:
        """Names whose alias is spelled by one to four consecutive words of ``text``."""
        words = [w.removesuffix("s") if w.endswith("'s") else w for w in _words(text)]
        found: list[str] = []
        for size in range(self._longest, 0, -1):
            for i in range(len(words) - size + 1):
                key = "".join(words[i : i + size])
                for name in sorted(self._map.get(key, ())):
                    if name not in found:
                        found.append(name)
        return found


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("'s ", " ").replace("ü", "v")
    return _WORD.findall(text)
