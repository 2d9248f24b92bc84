"""Which sentences of the retrieved passages answer the question, best first.

A sentence is scored by what it shares with the question (its words, the corpus's synonyms of
them, their character pairs), by whether it gives the kind of answer asked for (a figure with the
asked unit, a date, a list, a body, a rule), and a little by its passage's retrieval rank. A
sentence that only restates the question's own words answers nothing and is marked down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering.abbreviations import abbreviated_in
from assistant.answering.kinds import (
    UNITS,
    Asked,
    asks_result,
    gives,
    states_plan,
    states_result,
    tense,
)
from assistant.models import Hit
from assistant.query import QueryPlan
from ingest.chunking import sentence_spans
from vectorstore import ChineseTokenizer

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_FRONT = re.compile(r"^(?:（作者系|\(作者系)")
RANK_PRIOR = 2.5  # the retrieval rank of the passage (e5 + BM25 fused) still counts
# A figure the question states (十三岁, 5000元) is its most specific part: a sentence that sets a
# limit in the same unit (不满十四周岁) is about exactly that case.
SAID_UNIT = 3.0
TENSE_MISMATCH = 0.6
RESULT_WEIGHT = 2.0  # an outcome stated, for a question about what came of something
SYNONYM_SHARE = 0.5  # a CC-CEDICT synonym is a guess at the word's sense, not the word
KIND_WEIGHT = {"figure": 3.0, "date": 2.5, "list": 1.0, "who": 1.0, "yesno": 1.0}


@dataclass(frozen=True)
class Sentence:
    rank: int  # the passage's index in the hits
    start: int  # where it starts in the passage
    text: str
    score: float
    gives: bool  # gives the kind of answer asked for


def full_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans with the clauses of one sentence kept together: a rule and its
    conditions (…满一年不足五年的，最长为十二个月；…满五年…十八个月；…) answer as one."""
    out: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        joined = out and text[out[-1][1] - 1] in "；;" and "\n" not in text[out[-1][1] : start + 1]
        if joined:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _pairs(text: str) -> set[str]:
    return {run[i : i + 2] for run in _HAN.findall(text) for i in range(len(run) - 1)}


class SentenceRanker:
    def __init__(
        self,
        tokenizer: ChineseTokenizer,
        passages: int = 5,
        idf: Callable[[str], float] | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.passages = passages
        self.idf = idf  # a rare shared word (改善) tells more than a common one (问题)

    def _question_terms(self, plan: QueryPlan) -> tuple[set[str], set[str], dict[str, set[str]]]:
        """The question's word tokens (with, for English, its Chinese rendering), its character
        pairs, and the synonyms of the words the library has (员工 → 职工), names left out
        (they pick the article, not the sentence). A word the library lacks is replaced by its
        synonyms, which then weigh as words of their own."""
        text = plan.text
        for name in plan.names:
            text = text.replace(name, " ")
        known = {w: set(t) for w, t in plan.related if self._known(w)}
        stand_ins = " ".join(t for w, targets in plan.related if w not in known for t in targets)
        chinese = " ".join(plan.terms) if plan.lang == "en" else ""
        words = f"{text} {chinese} {stand_ins}"
        terms = {t for t in self.tokenizer.tokens(words) if not t.startswith("#")}
        return terms, _pairs(f"{text} {chinese}"), known

    def _known(self, word: str) -> bool:
        return self.idf is None or self.idf(word) > 0

    def _weights(self, terms: set[str]) -> dict[str, float]:
        """Each question word's weight, its idf over the question's mean (1 without idf)."""
        if self.idf is None or not terms:
            return dict.fromkeys(terms, 1.0)
        idf = {t: self.idf(t) for t in terms}
        idf = {t: v for t, v in idf.items() if v > 0}  # no passage has the others
        mean = sum(idf.values()) / len(idf) if idf else 1.0
        return {t: v / mean for t, v in idf.items()}

    @staticmethod
    def rank_passage(hits: Sequence[Hit], rank: int) -> list[Sentence]:
        """One passage's sentences in reading order (unscored)."""
        text = hits[rank].chunk.text
        return [
            Sentence(rank, start, text[start:end].strip(), 0.0, False)
            for start, end in full_sentences(text)
            if text[start:end].strip()
        ]

    def rank(self, plan: QueryPlan, hits: Sequence[Hit], want: Asked) -> list[Sentence]:
        terms, pairs, synonyms = self._question_terms(plan)
        # A one-character word of a question (给, 最, 办, 人) is mostly grammar; what it means
        # is carried by its character pairs, so only words of two or more characters weigh.
        weights = self._weights({t for t in terms if not _HAN.fullmatch(t) or len(t) >= 2})
        names = set(plan.names)
        # A figure in the question (十三岁, 5000元) points at the sentences that set limits
        # in the same unit (不满十四周岁, 五千元以上).
        said = [f for f, unit in UNITS.items() if f != "count" and unit.search(plan.text)]
        when = tense(plan.question)
        result = asks_result(plan.question)
        out: list[Sentence] = []
        for rank, hit in enumerate(hits[: self.passages]):
            text = hit.chunk.text
            clauses = sentence_spans(text)
            for start, end in full_sentences(text):
                sentence = text[start:end].strip()
                if len(sentence) < 4:
                    continue
                # A long sentence is judged by its best clause, so length alone wins nothing.
                overlap = max(
                    self._overlap(text[a:b], weights, pairs, synonyms)
                    for a, b in clauses
                    if start <= a and b <= end
                )
                score, answers = self._score(sentence, overlap, terms, names, said, want, rank)
                if when == "done" and answers and want.wants_figure and states_plan(sentence):
                    # a target (确保…以上, 力争…左右) does not say what was done last year; a plan
                    # may be a bare imperative (改造老旧小区4000个), so only this side is marked
                    score *= TENSE_MISMATCH
                if result and states_result(sentence):
                    score += RESULT_WEIGHT
                out.append(Sentence(rank, start, sentence, score, answers))
        return sorted(out, key=lambda s: (-s.score, s.rank, s.start))

    def _overlap(
        self,
        clause: str,
        weights: dict[str, float],
        pairs: set[str],
        synonyms: dict[str, set[str]],
    ) -> float:
        tokens = {t for t in self.tokenizer.tokens(clause) if not t.startswith("#")}
        # jieba's search mode also yields a compound's parts (人大常委会, 常委会, 常委, 人大):
        # a word counts once, by its longest form found.
        counted: list[str] = []
        for token in sorted((t for t in tokens if t in weights), key=len, reverse=True):
            if not any(token in longer for longer in counted):
                counted.append(token)
        shared = sum(weights[t] for t in counted)
        # A word of the same length that starts with the same morpheme is a related form
        # (评价 ~ 评议, 缴纳 ~ 缴费): half credit for question words not found as they are.
        heads = {(t[0], len(t)) for t in tokens if len(t) >= 2 and _HAN.fullmatch(t)}
        for term, weight in weights.items():
            related = len(term) >= 2 and _HAN.fullmatch(term) and (term[0], len(term)) in heads
            if related and not any(term in c for c in counted):
                shared += 0.5 * weight
        # A short form stands for its full form (人大代表 in 人民代表大会代表).
        for term, weight in weights.items():
            if (
                len(term) >= 3
                and not any(term in c for c in counted)
                and abbreviated_in(term, clause)
            ):
                shared += weight
        # A synonym stands for its word at half credit, once (职工 for 员工).
        for word, others in synonyms.items():
            if word in weights and not any(word in c for c in counted) and tokens & others:
                shared += SYNONYM_SHARE * weights[word]
        return shared + 2.0 * (len(pairs & _pairs(clause)) / len(pairs) if pairs else 0)

    def _score(
        self,
        sentence: str,
        overlap: float,
        terms: set[str],
        names: set[str],
        said: list[str],
        want: Asked,
        rank: int,
    ) -> tuple[float, bool]:
        score = overlap + 0.5 * sum(1 for n in names if n in sentence)
        score += RANK_PRIOR / (rank + 1)
        answers = gives(want, sentence)
        if any(UNITS[family].search(sentence) for family in said):
            score += SAID_UNIT
        if answers:
            score += KIND_WEIGHT.get(want.kind, 0.0)
        elif want.wants_figure:
            score *= 0.5  # asked for a figure, it gives none
        tokens = {t for t in self.tokenizer.tokens(sentence) if not t.startswith("#")}
        if overlap and len(tokens - terms) < 2 and not answers:
            score *= 0.3  # it restates the question's topic and adds nothing
        if _FRONT.match(sentence):
            # The author's post answers "who"; for anything else it only repeats the place.
            score = score + 3 if want.kind == "who" else score * 0.3
        return score, answers
