"""The question-answering chain: condense the follow-up → retrieve → judge the evidence (as
LangChain runnables), then answer, streamed, and check the citations. The chain owns the
streaming and the fallback to the extractive answer when a language model fails."""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from assistant.answering.answerers import Answerer, Draft, answer
from assistant.answering.citations import check_citations
from assistant.answering.refusal import EvidenceJudge, refusal_text
from assistant.answering.state import AnswerState
from assistant.query import Condenser, QueryAnalyzer, detect_language
from assistant.retrieval import HybridRetriever

NO_CITATION = "The model's answer cited no passage; extractive answer shown."


class AnswerChain:
    """Built once by the composition root from its parts; ``stream`` and ``invoke`` answer."""

    def __init__(
        self,
        analyzer: QueryAnalyzer,
        condenser: Condenser,
        retriever: HybridRetriever,
        judge: EvidenceJudge,
        answerer: Answerer,
        fallback: Answerer | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.condenser = condenser
        self.retriever = retriever
        self.judge = judge
        self.answerer = answerer
        self.fallback = fallback

    @cached_property
    def prepare(self) -> Any:
        """The steps before any answer as one LangChain runnable (condense | retrieve | judge).
        Built on first use: importing LangChain's runnables imports langsmith (about 1 s of a
        cold ``bitan ask``), so the chain calls the same steps directly unless LangSmith
        tracing is switched on (``run_prepare``)."""
        from langchain_core.runnables import RunnableLambda

        return (
            RunnableLambda(self._condense, name="condense")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._judge, name="judge")
        )

    def run_prepare(self, state: AnswerState) -> AnswerState:
        """``prepare.invoke(state)``: through the runnable when LangSmith tracing is on (so the
        steps are traced), else the same three steps called in turn (same result, no import of
        langsmith and none of the runnables' callback set-up on every question)."""
        if _tracing():
            return self.prepare.invoke(state)
        return self._judge(self._retrieve(self._condense(state)))

    # -- prepare: the steps before any answer is written ----------------------------------------
    def _condense(self, state: AnswerState) -> AnswerState:
        lang = detect_language(state.question)
        plan = self.analyzer.analyze(state.question, lang=lang)
        if state.history:
            rewritten = self.condenser.condense(plan, state.history)
            if rewritten != state.question:
                plan = self.analyzer.analyze(rewritten, lang=lang)
        return replace(state, rewritten=plan.question, plan=plan)

    def _retrieve(self, state: AnswerState) -> AnswerState:
        assert state.plan is not None
        return replace(state, hits=tuple(self.retriever.retrieve(state.plan)))

    def _judge(self, state: AnswerState) -> AnswerState:
        assert state.plan is not None
        return replace(state, verdict=self.judge.judge(state.plan, state.hits))

    # -- answer -----------------------------------------------------------------------------------
    def stream(
        self, question: str, history: Sequence[tuple[str, str]] = (), show_text: bool = True
    ) -> Generator[str, None, AnswerState]:
        """Yield the answer's text as a streaming answerer writes it (when ``show_text``);
        return the final, checked state."""
        state = self.run_prepare(AnswerState(question, tuple(history)))
        if state.refused:
            return self._refusal(state)
        assert state.plan is not None
        parts: list[str] = []
        try:
            for delta in self.answerer.stream(state.plan, state.hits):
                parts.append(delta)
                if show_text and self.answerer.streams:
                    yield delta
            draft = Draft("".join(parts), state.hits[: self.answerer.passages])
        except Exception as err:  # an LLM that times out or is down: answer without it
            if self.fallback is None:
                raise
            notice = f"The language model did not answer ({type(err).__name__}); extractive answer shown."  # fmt: skip
            draft = replace(answer(self.fallback, state.plan, state.hits), notice=notice)
        return self._check(replace(state, draft=draft, answered=True))

    def invoke(self, question: str, history: Sequence[tuple[str, str]] = ()) -> AnswerState:
        steps = self.stream(question, history, show_text=False)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    def _refusal(self, state: AnswerState) -> AnswerState:
        nearest = state.hits[: self.judge.nearest]
        outcome = state.verdict.outcome if state.verdict else "not_in_library"
        return replace(state, text=refusal_text(state.lang, outcome), cited=nearest)

    def _check(self, state: AnswerState) -> AnswerState:
        """Keep only the [n] that point at a passage, numbered by first use; an answer left with
        no citation is replaced by the extractive one."""
        assert state.draft is not None and state.plan is not None
        checked = check_citations(state.draft.text, state.draft.hits)
        notice = state.draft.notice
        if not checked.hits and self.fallback is not None:
            backup = answer(self.fallback, state.plan, state.hits)
            checked = check_citations(backup.text, backup.hits)
            notice = " ".join(p for p in (notice, NO_CITATION) if p)
        return replace(state, text=checked.text, cited=checked.hits, notice=notice)


def _tracing() -> bool:
    """Whether LangSmith tracing is asked for (the variables LangChain itself reads)."""
    return any(
        os.environ.get(name, "").strip().lower() == "true"
        for ns in ("LANGSMITH", "LANGCHAIN")
        for name in (f"{ns}_TRACING_V2", f"{ns}_TRACING")
    )
