"""The default answerer, no LLM: quote the sentences that answer best, the best one first."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from assistant.answering.kinds import Asked, asked
from assistant.answering.lead_in import english_lead_in
from assistant.answering.sentences import Sentence, SentenceRanker
from assistant.models import Hit
from assistant.query import Lang, QueryPlan
from ingest.places import place_variants
from vectorstore import ChineseTokenizer

if TYPE_CHECKING:
    from assistant.answering.glosses import Glosser

COMPANION_SHARE = 0.6  # a companion sentence scores at least this share of the best one
LIST_ITEMS = 15  # items quoted after a sentence that opens a list ("…包括：")
_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、．)）]|[一二三四五六七八九十]+、)"
)


def lead_in(hit: Hit, lang: Lang) -> str:
    """Names the source article: 据钱荣新《…》（内蒙古宁城县）： / According to …:"""
    c = hit.chunk
    where = c.place if c.province and c.place.startswith(c.province) else f"{c.province}{c.place}"
    if lang == "zh":
        who = c.author or ""
        title = f"《{c.title}》" if c.title else ""
        place = f"（{where}）" if where and where not in c.title else ""
        return f"据{who}{title}{place}："
    parts = [p for p in (c.author, f"《{c.title}》" if c.title else "", where) if p]
    return f"According to {', '.join(parts)}:"


def _article(hit: Hit) -> tuple[str, int]:
    return hit.chunk.source, hit.chunk.article


class ExtractiveAnswerer:
    """The best sentence first (its passage is [1]), then up to ``max_sentences - 1``
    companions from the same article that score nearly as well; a question that names two
    places or people (A和B分别…, compare A and B) gets each one's best sentence."""

    name = "extractive"
    streams = False  # the answer is composed whole

    def __init__(
        self,
        tokenizer: ChineseTokenizer,
        max_sentences: int = 3,
        passages: int = 5,
        idf: Callable[[str], float] | None = None,
        glosser: Glosser | None = None,
    ) -> None:
        self.ranker = SentenceRanker(tokenizer, passages, idf)
        self.glosser = glosser  # glosses the headline of an English lead-in
        self.max_sentences = max_sentences
        self.passages = passages

    def stream(self, plan: QueryPlan, hits: Sequence[Hit]) -> Iterator[str]:
        if hits:
            yield self._answer(plan, hits)

    def _answer(self, plan: QueryPlan, hits: Sequence[Hit]) -> str:
        want = asked(plan.question)
        ranked = self.ranker.rank(plan, hits, want)
        # A question that names a place or person is answered from that one's article when it
        # was retrieved: another article's sentence may share more words, but not the subject.
        named = self._named(plan, hits)
        if named:
            ranked = [s for s in ranked if _article(hits[s.rank]) in named] or ranked
        if not ranked:
            return ""
        # A question that names two or more (A和B分别…, compare A and B) answers each.
        compared = named if len(named) >= 2 else set()
        chosen = self._with_lists(hits, self._choose(hits, ranked, compared))
        return self._compose(plan.lang, hits, chosen, want)

    def _choose(
        self, hits: Sequence[Hit], ranked: list[Sentence], compared: set[tuple[str, int]]
    ) -> list[Sentence]:
        best = ranked[0]
        chosen = [best]
        for article in compared - {_article(hits[best.rank])}:
            own = next((s for s in ranked if _article(hits[s.rank]) == article), None)
            if own is not None:
                chosen.append(own)
        allowed = {_article(hits[best.rank])} | compared
        for sentence in ranked[1:]:
            if len(chosen) >= max(self.max_sentences, len(compared)):
                break
            if sentence.score < best.score * COMPANION_SHARE:
                break
            taken = any((c.rank, c.start) == (sentence.rank, sentence.start) for c in chosen)
            if not taken and _article(hits[sentence.rank]) in allowed:
                chosen.append(sentence)
        return chosen

    @staticmethod
    def _named(plan: QueryPlan, hits: Sequence[Hit]) -> set[tuple[str, int]]:
        """The retrieved articles of the places or people a question names (the best-ranked
        one for each name)."""
        found: set[tuple[str, int]] = set()
        for name in plan.names:
            variants = place_variants(name) | {name}
            for hit in hits:
                c = hit.chunk
                if c.author == name or c.place in variants or c.province in variants:
                    found.add(_article(hit))
                    break
        return found

    def _with_lists(self, hits: Sequence[Hit], chosen: list[Sentence]) -> list[Sentence]:
        """A list is quoted whole: a chosen sentence that opens one ("…享有下列权利：") or is
        one of its items brings the opening sentence and every item (up to LIST_ITEMS)."""
        out = list(chosen)
        have = {(s.rank, s.start) for s in out}
        for rank in dict.fromkeys(s.rank for s in chosen):
            passage = self.ranker.rank_passage(hits, rank)
            starts = {s.start for s in chosen if s.rank == rank}
            for i, sentence in enumerate(passage):
                if not sentence.text.rstrip().endswith(("：", ":")):
                    continue
                items = []
                for item in passage[i + 1 :]:
                    if not _ITEM.match(item.text):
                        break
                    items.append(item)
                block = [sentence, *items[:LIST_ITEMS]]
                if not starts & {s.start for s in block}:
                    continue
                for part in block:
                    if (part.rank, part.start) not in have:
                        have.add((part.rank, part.start))
                        out.append(part)
        return out

    def _compose(self, lang: Lang, hits: Sequence[Hit], chosen: list[Sentence], want: Asked) -> str:
        """Sentences grouped by passage in the order of the chosen (best first), in reading
        order inside a passage, each passage's run ending with its [rank + 1] (the chain
        renumbers them); a lead-in names each article (in English: the source in English and
        the kind of answer that follows)."""
        order: list[int] = list(dict.fromkeys(s.rank for s in chosen))
        groups: list[tuple[int, list[str]]] = []  # (first rank, runs) per article
        current = None
        for rank in order:
            article = _article(hits[rank])
            if article != current:
                groups.append((rank, []))
                current = article
            own = sorted(
                {s.start: s for s in chosen if s.rank == rank}.values(), key=lambda s: s.start
            )
            groups[-1][1].append(_joined(s.text for s in own) + f"[{rank + 1}]")
        out = []
        for rank, runs in groups:
            if lang == "zh":
                out.append(lead_in(hits[rank], lang) + "".join(runs))
                continue
            said = [s.text for s in chosen if _article(hits[s.rank]) == _article(hits[rank])]
            head = english_lead_in(hits[rank].chunk, want, said, self.glosser)
            out.append(f"{head} {''.join(runs)}")
        return "\n".join(out)


def _joined(sentences: Iterable[str]) -> str:
    """Sentences run on as written; one that ends without punctuation (a table row, a heading)
    is followed by a space, so two rows do not read as one."""
    out = ""
    for text in sentences:
        if out and not re.search(r"[。！？；：.!?;:…”」）)]$", out):
            out += " "
        out += text
    return out
