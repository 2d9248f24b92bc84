"""The Assistant: what the CLI and the web app call. Built by ``build_assistant``."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answering import AnswerChain, AnswerState
from assistant.models import Answer, Citation, Hit
from assistant.retrieval import HybridRetriever
from assistant.retrieval.timing import Stopwatch
from ingest import SUPPORTED_SUFFIXES, Chunk
from vectorstore import CorpusIndex, DocumentInfo, FileResult, IngestReport

if TYPE_CHECKING:
    from assistant.answering.glosses import Glosser

# Control characters and line/paragraph separators a paste can carry become spaces; invisible
# format characters (zero-width ones, bidi marks, embeddings, overrides and isolates, the BOM)
# are removed, as they sit inside words.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# What makes a question: a Han character, or two letters in a row of any alphabet ("GDP",
# "да", "평가"). Punctuation, digits, symbols and emoji alone are not a question.
_CONTENT = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]|[^\W\d_]{2,}"
)
NO_CONTENT = "Please ask a question about the documents. / 请提一个关于资料内容的问题。"

# The column 主任笔谈 as OCR'd: package data, so an installed wheel indexes it too.
BUNDLED_CORPUS = Path(__file__).resolve().parent / "data" / "column"


class QuestionError(ValueError):
    """A question that cannot be asked (empty, say); the message is for the user."""


def collect_files(paths: Sequence[Path]) -> list[tuple[Path, str]]:
    """Files to ingest as (path, source name); folders are walked for supported files."""
    out: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in SUPPORTED_SUFFIXES and not file.name.startswith("."):
                    out.append((file, file.relative_to(path).as_posix()))
        else:
            out.append((path, path.name))
    return out


class Assistant:
    """The questions (through the chain) and the library (through the index)."""

    def __init__(
        self,
        index: CorpusIndex,
        chain: AnswerChain,
        max_question_chars: int = 2000,
        glosser: Glosser | None = None,
    ) -> None:
        self.index = index
        self.chain = chain
        self.glosser = glosser  # English glosses of the sources of an English question
        self.max_question_chars = max_question_chars
        self._synced_at = time.monotonic()
        self.refresh_lexicon()

    @property
    def retriever(self) -> HybridRetriever:
        return self.chain.retriever

    def sync_index(self, every: float = 2.0) -> None:
        """At most every ``every`` seconds, pick up documents another process committed (a
        shared Chroma server, or `bitan ingest` run beside the web app)."""
        now = time.monotonic()
        if now - self._synced_at < every:
            return
        self._synced_at = now
        # A question does not wait for another process's ingest to finish (seconds at 100k
        # passages): it is answered from the index as it was, and the next call looks again.
        if self.index.sync_keyword(wait=0.5):
            self.refresh_lexicon()

    def refresh_lexicon(self) -> None:
        """Tell the query side the corpus's current names (after the index changed)."""
        lexicon = self.index.keyword.lexicon
        self.chain.analyzer.set_lexicon(list(lexicon.places), list(lexicon.people))

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for (models, dictionaries, the
        part-of-speech tagger the refusal judge uses): one Chinese and one English question
        up to the answer (no language model is called)."""
        for question in (
            "宁城县如何评价代表履职？",
            "How does Ningcheng evaluate representatives?",
        ):
            if self.index.keyword.ids:
                self.chain.run_prepare(AnswerState(question))
        self.chain.judge.checker()
        cedict = self.chain.analyzer.cedict
        if cedict is not None:
            cedict.warm()
        if self.glosser is not None:
            self.glosser.warm()  # CC-CEDICT (english("代表") is answered by the glossary)

    # -- questions -----------------------------------------------------------------------------
    def search(
        self, question: str, k: int | None = None, timings: dict[str, float] | None = None
    ) -> list[Hit]:
        """The passages retrieved for ``question`` alone (no answer): for tests and benchmarks."""
        watch = Stopwatch(timings)
        with watch("normalise"):
            plan = self.chain.analyzer.analyze(question)
        return self.retriever.retrieve(plan, k, timings)

    def ask(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Answer:
        """Answer ``question``; ``history`` holds the earlier (question, answer) turns."""
        steps = self.stream(question, history, show_text=False)
        for event in steps:
            if isinstance(event, Answer):
                return event
        raise AssertionError("the answer stream ended without an Answer")

    def stream(
        self,
        question: str,
        history: Sequence[tuple[str, str]] = (),
        show_text: bool = True,
    ) -> Iterator[str | Answer]:
        """Answer ``question`` piece by piece: the text as a streaming answerer (an LLM) writes
        it, then the checked Answer last. The extractive answerer yields only the Answer."""
        started = time.perf_counter()
        question, notices = self._clean(question)
        self.sync_index()
        state = yield from self.chain.stream(question, history, show_text=show_text)
        citations = tuple(
            Citation(n, h.chunk, h.score, h.dense) for n, h in enumerate(state.cited, 1)
        )
        glosses = ()
        if self.glosser is not None and state.lang == "en":
            glosses = self.glosser.gloss_answer(state.text, state.cited)
        yield Answer(
            question=question,
            rewritten_question=state.rewritten,
            text=state.text,
            abstained=state.abstained,
            citations=citations,
            latency_ms=(time.perf_counter() - started) * 1000,
            notices=tuple(p for p in (*notices, state.notice) if p),
            why=state.verdict.reason if state.verdict and state.abstained else "",
            outcome=(state.verdict.outcome if state.verdict else "not_in_library")
            if state.abstained
            else "answer",
            retrieved=state.hits,
            glosses=glosses,
        )

    def _clean(self, question: str) -> tuple[str, tuple[str, ...]]:
        """The question without control or invisible characters and runs of spaces, cut to
        the limit (with a notice saying so).

        Raises QuestionError for what is not a question: not text at all (a list, a number
        sent to ``/ask``), nothing left once cleaned, or no content, i.e. neither a Han
        character nor two letters in a row of any alphabet (``?``, ``x``, ``。``, ``🤔🔥``,
        ``1+1=?``); ``GDP?``, ``税？`` and ``产假多久？`` are questions."""
        if not isinstance(question, str):
            raise QuestionError("The question must be text. / 问题必须是文字。")
        question = " ".join(_CONTROL.sub(" ", _INVISIBLE.sub("", question)).split())
        if not question:
            raise QuestionError("Please type a question. / 请输入问题。")
        notices: tuple[str, ...] = ()
        if len(question) > self.max_question_chars:
            question = question[: self.max_question_chars]
            notices = (
                f"The question was cut to its first {self.max_question_chars} characters. / "
                f"问题过长，只取前 {self.max_question_chars} 个字。",
            )
        if not _CONTENT.search(question):
            raise QuestionError(NO_CONTENT)
        return question, notices

    # -- the library ---------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path] = (),
        progress: Callable[[int, int], None] | None = None,
        on_file: Callable[[FileResult], None] | None = None,
    ) -> IngestReport:
        files = collect_files(list(paths) or [BUNDLED_CORPUS])
        report = self.index.ingest_files(files, progress=progress, on_file=on_file)
        self.refresh_lexicon()
        return report

    def ensure_corpus(self) -> IngestReport | None:
        """Index the bundled column when the index is empty."""
        if self.index.store.count() == 0:
            return self.ingest()
        return None

    def rebuild(self) -> None:
        self.index.rebuild()
        self.refresh_lexicon()

    def reembed(self, progress: Callable[[int, int], None] | None = None) -> int:
        count = self.index.reembed(progress)
        self.refresh_lexicon()
        return count

    def article(self, source: str, article: int) -> list[Chunk]:
        """One article's passages in reading order (the web page's article view)."""
        return self.index.article_chunks(source, article)

    def remove(self, source: str) -> FileResult:
        result = self.index.remove(source)
        self.refresh_lexicon()
        return result

    def documents(self) -> list[DocumentInfo]:
        self.sync_index()  # another process may have added or removed one
        return self.index.documents()


__all__ = ["Assistant", "QuestionError", "collect_files"]
