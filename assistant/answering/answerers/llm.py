"""An LLM answerer through LangChain chat models (OpenAI-compatible endpoints or Ollama)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

import prompts
from assistant.answering.refusal import NOT_COVERED
from assistant.models import Hit, source_label
from assistant.query import QueryPlan

LANGUAGE = {"zh": "Chinese (简体中文)", "en": "English"}


def fence_passages(hits: Sequence[Hit]) -> str:
    """Numbered passages inside tags; any tag-like text inside a passage is neutralised so a
    document cannot close its own fence."""
    blocks = []
    for n, hit in enumerate(hits, 1):
        text = hit.chunk.text.replace("<", "‹").replace(">", "›")
        meta = source_label(hit.chunk).replace('"', "'")
        blocks.append(f'<passage n="{n}" source="{meta}">\n{text}\n</passage>')
    return "\n".join(blocks)


class LLMAnswerer:
    """Asks a chat model for an answer with [n] markers; the chain checks them afterwards."""

    streams = True  # tokens are shown as the model writes them

    def __init__(self, model: Any, name: str, passages: int = 5) -> None:
        self.model = model
        self.name = name
        self.passages = passages

    def messages(self, plan: QueryPlan, hits: Sequence[Hit]) -> list:
        system = prompts.load("answer").format(
            language=LANGUAGE[plan.lang], refusal=NOT_COVERED[plan.lang]
        )
        user = prompts.load("answer_user").format(
            passages=fence_passages(hits), question=plan.question
        )
        return [SystemMessage(system), HumanMessage(user)]

    def stream(self, plan: QueryPlan, hits: Sequence[Hit]) -> Iterator[str]:
        hits = hits[: self.passages]
        for chunk in self.model.stream(self.messages(plan, hits)):
            if chunk.content:
                yield str(chunk.content)


class LLMCondenser:
    """Rewrites a follow-up with the model; falls back to the rule-based condenser on error."""

    def __init__(self, model: Any, fallback: Any) -> None:
        self.model = model
        self.fallback = fallback

    def condense(self, plan: QueryPlan, history: Sequence[tuple[str, str]]) -> str:
        question = plan.question
        if not history:
            return question
        turns = "\n".join(f"User: {q}\nAssistant: {a[:300]}" for q, a in history[-3:])
        try:
            reply = self.model.invoke(
                [HumanMessage(prompts.load("condense").format(history=turns, question=question))]
            )
            text = (
                str(reply.content).strip().splitlines()[0].strip()
                if str(reply.content).strip()
                else ""
            )
        except Exception:  # the model is down or slow: the rules still work
            return self.fallback.condense(plan, history)
        return text or self.fallback.condense(plan, history)
