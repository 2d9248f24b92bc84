"""The question-answering chain as LangChain runnables:
condense the follow-up → retrieve → judge the evidence → answer → check the citations."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answerers import Answerer, Draft
from assistant.citations import check_citations
from assistant.condense import Condenser
from assistant.coverage import CoverageChecker
from assistant.language import detect_language
from assistant.refusal import decide
from assistant.retrieval import HybridRetriever

REFUSAL = {
    "zh": "专栏中没有找到相关内容。以下是最接近的段落，仅供参考：",
    "en": "The column does not cover this. The nearest passages are listed below for reference only.",
}


@dataclass(frozen=True)
class AnswerChain:
    """The chain and its two halves: ``prepare`` (condense → retrieve → judge) and ``finish``
    (answer → check citations). Streaming runs ``prepare``, streams the answer itself, then
    ``check``."""

    prepare: Runnable
    finish: Runnable
    check: Runnable

    @property
    def full(self) -> Runnable:
        return self.prepare | self.finish

    def invoke(self, state: dict) -> dict:
        return self.full.invoke(state)


def refuses(state: dict) -> bool:
    """Whether the judged state is a refusal (no passages, or evidence too thin)."""
    return state["verdict"] is None or state["verdict"].refuse


def fallback_state(state: dict, err: Exception, fallback: Answerer) -> dict:
    """The extractive answer, with a notice, when the language model failed."""
    notice = f"The language model did not answer ({type(err).__name__}); extractive answer shown."
    backup = fallback.answer(state["plan"], state["hits"])
    return {**state, "draft": Draft(backup.text, backup.hits, notice), "abstained": False}


def build_chain(
    retriever: HybridRetriever,
    condenser: Condenser,
    answerer: Answerer,
    coverage: Callable[[], CoverageChecker],  # lazily built: it reads the index's vocabulary
    fallback: Answerer | None = None,
    nearest: int = 3,
) -> Runnable:
    """Runnables from ``{"question", "history"}`` to the state dict with the answer's parts."""

    def condense(state: dict) -> dict:
        history: Sequence[tuple[str, str]] = state.get("history") or ()
        lang = detect_language(state["question"])
        rewritten = condenser.condense(state["question"], history) if history else state["question"]
        return {**state, "lang": lang, "rewritten": rewritten}

    def retrieve(state: dict) -> dict:
        plan = retriever.query_analyzer.analyze(state["rewritten"], lang=state["lang"])
        return {**state, "plan": plan, "hits": retriever.retrieve(plan)}

    def judge(state: dict) -> dict:
        hits = state["hits"]
        checker: CoverageChecker = coverage()
        evidence = "\n".join(f"{h.chunk.keyword_text} {h.chunk.title}" for h in hits[:nearest])
        known = retriever.query_analyzer.known_names()
        verdict = decide(checker.check(state["plan"], evidence, known)) if hits else None
        return {**state, "verdict": verdict}

    def answer(state: dict) -> dict:
        verdict, hits, plan = state["verdict"], state["hits"], state["plan"]
        if refuses(state):
            draft = Draft(
                REFUSAL[plan.lang], tuple(hits[:nearest]), verdict.reason if verdict else ""
            )
            return {**state, "draft": draft, "abstained": True}
        try:
            draft = answerer.answer(plan, hits)
        except Exception as err:  # an LLM that times out or is down: answer without it
            if fallback is None:
                raise
            return fallback_state(state, err, fallback)
        return {**state, "draft": draft, "abstained": False}

    def check(state: dict) -> dict:
        draft: Draft = state["draft"]
        if state["abstained"]:
            return {**state, "text": draft.text, "cited": draft.hits, "notice": draft.notice}
        checked = check_citations(draft.text, list(draft.hits))
        notice = draft.notice
        if not checked.hits and fallback is not None:
            backup = fallback.answer(state["plan"], state["hits"])
            checked = check_citations(backup.text, list(backup.hits))
            notice = " ".join(
                p
                for p in (notice, "The model's answer cited no passage; extractive answer shown.")
                if p
            )
        return {**state, "text": checked.text, "cited": checked.hits, "notice": notice}

    check_step = RunnableLambda(check, name="check_citations")
    return AnswerChain(
        prepare=RunnableLambda(condense, name="condense")
        | RunnableLambda(retrieve, name="retrieve")
        | RunnableLambda(judge, name="judge"),
        finish=RunnableLambda(answer, name="answer") | check_step,
        check=check_step,
    )
