"""The one conversation state of the chat, kept in the browser (``gr.BrowserState``) so it
survives a reload: a conversation id and one record per turn, each answer kept structured (its
text and cited passages) and rendered again when the page is rebuilt. Everything here is JSON."""

from __future__ import annotations

import uuid
from dataclasses import asdict, fields
from typing import Any

from assistant.models import Answer, Citation, Gloss, Term
from assistant.render import render_conversation
from assistant.web.cards import (
    answer_copy,
    answer_html,
    inline_sources,
    notice_html,
    question_html,
    source_cards,
)
from ingest.models import Chunk

_CHUNK_FIELDS = {f.name for f in fields(Chunk)}


def new_conversation() -> dict[str, Any]:
    """An empty conversation with a fresh id."""
    return {"id": uuid.uuid4().hex, "turns": []}


def current(conversation: Any) -> dict[str, Any]:
    """The stored conversation, or a new one when the browser holds none (or garbage)."""
    if isinstance(conversation, dict) and isinstance(conversation.get("turns"), list):
        if conversation.get("id"):
            return conversation
        return {**conversation, "id": uuid.uuid4().hex}
    return new_conversation()


def answer_data(answer: Answer) -> dict[str, Any]:
    """An answer as JSON, without the ranking behind it (``retrieved``)."""
    data = asdict(answer)
    data.pop("retrieved", None)
    return data


def answer_from_data(data: dict[str, Any]) -> Answer:
    """The answer ``answer_data`` stored."""
    citations = tuple(
        Citation(
            n=c["n"],
            chunk=_chunk(c["chunk"]),
            score=c.get("score", 0.0),
            similarity=c.get("similarity", 0.0),
        )
        for c in data.get("citations", [])
    )
    glosses = tuple(
        Gloss(g["n"], tuple(Term(t["zh"], t.get("en")) for t in g.get("terms", [])))
        for g in data.get("glosses", [])
    )
    return Answer(
        question=data["question"],
        rewritten_question=data.get("rewritten_question", ""),
        text=data.get("text", ""),
        abstained=bool(data.get("abstained", False)),
        citations=citations,
        latency_ms=data.get("latency_ms", 0.0),
        notices=tuple(data.get("notices", ())),
        why=data.get("why", ""),
        outcome=data.get("outcome", "answer"),
        glosses=glosses,
    )


def _chunk(data: dict[str, Any]) -> Chunk:
    known = {k: v for k, v in data.items() if k in _CHUNK_FIELDS}
    known["names"] = tuple(known.get("names", ()))
    return Chunk(**known)


def answered(conversation: dict, answer: Answer) -> dict[str, Any]:
    """The conversation with ``answer`` as its next turn."""
    record = {
        "turn": len(conversation["turns"]),
        "answer_id": uuid.uuid4().hex,
        "question": answer.question,
        "answer": answer.text,  # what a follow-up is condensed against
        "rewritten_question": answer.rewritten_question,
        "abstained": answer.abstained,
        "cited": [c.chunk.id for c in answer.citations],
        "data": answer_data(answer),
    }
    return {**conversation, "turns": [*conversation["turns"], record]}


def failed(conversation: dict, question: str, message: str) -> dict[str, Any]:
    """The conversation with a turn that got an error message instead of an answer."""
    record = {
        "turn": len(conversation["turns"]),
        "answer_id": uuid.uuid4().hex,
        "question": question,
        "answer": message,
        "error": True,
    }
    return {**conversation, "turns": [*conversation["turns"], record]}


def history(conversation: dict) -> list[tuple[str, str]]:
    """The (question, answer) pairs a follow-up is condensed against."""
    return [(t["question"], t["answer"]) for t in conversation["turns"] if not t.get("error")]


def answer_message(answer: Answer, turn: int) -> str:
    """The chat bubble of an answer: its text, its copy button and its own source cards."""
    return answer_html(answer, turn) + answer_copy(answer) + inline_sources(answer, turn)


def chat_messages(conversation: dict) -> list[dict[str, str]]:
    """The chatbot's messages, rendered again from the stored turns."""
    messages = []
    for record in conversation["turns"]:
        messages.append({"role": "user", "content": question_html(record["question"])})
        if record.get("error"):
            content = notice_html(record["answer"])
        else:
            content = answer_message(answer_from_data(record["data"]), record["turn"])
        messages.append({"role": "assistant", "content": content})
    return messages


def latest_cards(conversation: dict) -> tuple[list[dict], Answer | None]:
    """The side panel's cards: those of the last turn, and its answer (None after an error)."""
    if not conversation["turns"] or conversation["turns"][-1].get("error"):
        return [], None
    record = conversation["turns"][-1]
    answer = answer_from_data(record["data"])
    cards = [asdict(card) for card in source_cards(answer, record["turn"], prefix="side")]
    return cards, answer


def conversation_turns(conversation: dict) -> list[tuple[str, Answer | str]]:
    """Each question with its answer (or its error message), for the renderers."""
    return [
        (t["question"], t["answer"] if t.get("error") else answer_from_data(t["data"]))
        for t in conversation["turns"]
    ]


def conversation_text(conversation: dict) -> str:
    """The whole conversation for the clipboard (Markdown, texts as written); '' when empty."""
    turns = conversation_turns(conversation)
    return render_conversation(turns, escape=False) if turns else ""


def turn_of(index: Any) -> int:
    """The turn of Gradio's chat message index (assistant messages are the odd ones)."""
    position = index[0] if isinstance(index, list | tuple) else index
    return (int(position) - 1) // 2


def voted(conversation: Any, index: Any, vote: str) -> dict[str, Any]:
    """The conversation with the vote on the message at ``index`` kept on its turn (a
    withdrawal clears it), so a reload shows the thumbs as they were."""
    conversation = current(conversation)
    turn = turn_of(index)
    if not 0 <= turn < len(conversation["turns"]):
        return conversation
    turns = list(conversation["turns"])
    turns[turn] = {**turns[turn], "vote": vote if vote in ("like", "dislike") else None}
    return {**conversation, "turns": turns}


def thumbs(conversation: dict) -> list[str | None]:
    """Gradio's ``feedback_value``: per assistant message "Like", "Dislike" or None."""
    names = {"like": "Like", "dislike": "Dislike"}
    return [names.get(t.get("vote") or "") for t in conversation["turns"]]
