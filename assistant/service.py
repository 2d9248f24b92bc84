"""The Assistant: what the CLI and the web app call. Built by ``build_assistant``."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from assistant.answering import AnswerChain, AnswerState
from assistant.models import Answer, Citation, Hit
from assistant.retrieval import HybridRetriever
from assistant.retrieval.timing import Stopwatch
from ingest import SUPPORTED_SUFFIXES, Chunk
from vectorstore import CorpusIndex, DocumentInfo, FileResult, IngestReport

# Control and invisible format characters a paste can carry; they become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")

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
        self, index: CorpusIndex, chain: AnswerChain, max_question_chars: int = 2000
    ) -> None:
        self.index = index
        self.chain = chain
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
        if self.index.sync_keyword():
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
                self.chain.prepare.invoke(AnswerState(question))
        self.chain.judge.checker()
        cedict = self.chain.analyzer.cedict
        if cedict is not None:
            cedict.warm()

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
        question, notice = self._clean(question)
        self.sync_index()
        state = yield from self.chain.stream(question, history, show_text=show_text)
        citations = tuple(Citation(n, h.chunk, h.score) for n, h in enumerate(state.cited, 1))
        yield Answer(
            question=question,
            rewritten_question=state.rewritten,
            text=state.text,
            abstained=state.abstained,
            citations=citations,
            latency_ms=(time.perf_counter() - started) * 1000,
            notice=" ".join(p for p in (notice, state.notice) if p),
            why=state.verdict.reason if state.verdict and state.abstained else "",
            outcome=(state.verdict.outcome if state.verdict else "not_in_library")
            if state.abstained
            else "answer",
            retrieved=state.hits,
        )

    def _clean(self, question: str) -> tuple[str, str]:
        """The question without control characters and runs of spaces, cut to the limit."""
        question = " ".join(_CONTROL.sub(" ", question or "").split())
        if not question:
            raise QuestionError("Please type a question. / 请输入问题。")
        if len(question) > self.max_question_chars:
            notice = (
                f"The question was cut to its first {self.max_question_chars} characters. / "
                f"问题过长，只取前 {self.max_question_chars} 个字。"
            )
            return question[: self.max_question_chars], notice
        return question, ""

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
        return self.index.documents()


__all__ = ["Assistant", "QuestionError", "collect_files"]
