"""The Assistant: what the CLI and the web app call. Built by ``build_assistant``."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path

from assistant.answerers import Answerer, Draft
from assistant.chain import build_chain, fallback_state, refuses
from assistant.condense import Condenser, RuleCondenser
from assistant.coverage import CoverageChecker
from assistant.models import Answer, Citation
from assistant.retrieval import HybridRetriever
from ingest import SUPPORTED_SUFFIXES, Chunk
from vectorstore import CorpusIndex, DocumentInfo, FileResult, IngestReport

# Control and invisible format characters a paste can carry; they become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "column"


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
    def __init__(
        self,
        index: CorpusIndex,
        retriever: HybridRetriever,
        answerer: Answerer,
        max_question_chars: int = 2000,
        fallback: Answerer | None = None,
    ) -> None:
        self.index = index
        self.retriever = retriever
        self.answerer = answerer
        self.max_question_chars = max_question_chars
        self.fallback = fallback
        self.condenser: Condenser = RuleCondenser(retriever.query_analyzer)
        self._coverage: tuple[str, CoverageChecker] | None = None
        self._synced_at = time.monotonic()
        self.chain = build_chain(
            retriever, self.condenser, answerer, self.coverage_checker, fallback
        )
        self.refresh_lexicon()

    def use_condenser(self, condenser: Condenser) -> None:
        """Swap the follow-up condenser (the composition root does, when an LLM is set)."""
        self.condenser = condenser
        self.chain = build_chain(
            self.retriever, condenser, self.answerer, self.coverage_checker, self.fallback
        )

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
        self.retriever.query_analyzer.set_lexicon(
            lexicon.get("places", []), lexicon.get("people", [])
        )

    def coverage_checker(self) -> CoverageChecker:
        """The refusal's evidence reader, rebuilt when the index changes (it reads its vocabulary)."""
        version = self.index.keyword.version
        if self._coverage is None or self._coverage[0] != version:
            checker = CoverageChecker(
                self.index.keyword.tokenizer,
                self.retriever.query_analyzer,
                self.index.keyword.vocabulary(),
            )
            self._coverage = (version, checker)
        return self._coverage[1]

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for (models, dictionaries, the
        part-of-speech tagger the refusal judge uses): one Chinese and one English question
        up to the answer (no language model is called)."""
        for question in (
            "宁城县如何评价代表履职？",
            "How does Ningcheng evaluate representatives?",
        ):
            if self.index.keyword.ids:
                self.chain.prepare.invoke({"question": question, "history": []})
        self.coverage_checker()
        cedict = self.retriever.query_analyzer.cedict
        if cedict is not None:
            cedict.warm()

    # -- questions -----------------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[tuple[str, str]] = ()) -> Answer:
        """Answer ``question``; ``history`` holds the earlier (question, answer) turns."""
        answer = None
        for event in self.stream(question, history, stream_text=False):
            answer = event
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self,
        question: str,
        history: Sequence[tuple[str, str]] = (),
        stream_text: bool = True,
    ) -> Iterator[str | Answer]:
        """Answer ``question`` piece by piece: the text as a streaming answerer (an LLM) writes
        it, then the checked Answer last. The extractive answerer yields only the Answer."""
        started = time.perf_counter()
        question, notice = self._clean(question)
        self.sync_index()
        inputs = {"question": question, "history": list(history)}
        stream = getattr(self.answerer, "stream", None) if stream_text else None
        if stream is None:
            state = self.chain.invoke(inputs)
        else:
            state = self.chain.prepare.invoke(inputs)
            if refuses(state):
                state = self.chain.finish.invoke(state)
            else:
                state = yield from self._streamed(state, stream)
        citations = tuple(Citation(n, h.chunk, h.score) for n, h in enumerate(state["cited"], 1))
        yield Answer(
            question=question,
            rewritten_question=state["rewritten"],
            text=state["text"],
            abstained=state["abstained"],
            citations=citations,
            latency_ms=(time.perf_counter() - started) * 1000,
            notice=" ".join(p for p in (notice, state["notice"]) if p),
            retrieved=tuple(state["hits"]),
        )

    def _streamed(self, state: dict, stream: Callable) -> Generator[str, None, dict]:
        parts: list[str] = []
        try:
            for delta in stream(state["plan"], state["hits"]):
                parts.append(delta)
                yield delta
        except Exception as err:  # the model failed mid-answer: the extractive answer instead
            if self.fallback is None:
                raise
            return self.chain.check.invoke(fallback_state(state, err, self.fallback))
        passages = getattr(self.answerer, "passages", len(state["hits"]))
        draft = Draft("".join(parts), tuple(state["hits"][:passages]))
        return self.chain.check.invoke({**state, "draft": draft, "abstained": False})

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
