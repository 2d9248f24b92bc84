"""The web chat (Gradio). ``demo`` is built on first access from Settings via the composition root."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr

    from assistant import Assistant, Settings

EXAMPLES = [
    "宁城县如何评价代表履职？",
    "How does Ningcheng evaluate representatives?",
    "尧都区代表每月补助多少？",
]


def build_demo(assistant: Assistant) -> gr.Blocks:
    import gradio as gr

    from assistant import QuestionError
    from assistant.rendering import render_markdown

    def chat(message: str, history: list[Any]) -> str:
        try:
            return render_markdown(assistant.ask(message, history=turns(history)))
        except QuestionError as err:
            return str(err)

    def ask(question: str) -> dict:
        try:
            return assistant.ask(question).record()
        except QuestionError as err:
            return {"error": str(err), "question": question}

    with gr.Blocks(title="Bitan 笔谈") as demo:
        gr.Markdown("## Bitan 笔谈 — ask the column 主任笔谈, in Chinese or English")
        gr.ChatInterface(
            chat,
            examples=EXAMPLES,
            api_name="chat",
            textbox=gr.Textbox(elem_id="question", placeholder="问一个问题 / Ask a question"),
        )
        gr.api(ask, api_name="ask")
    return demo


def turns(history: list[Any]) -> list[tuple[str, str]]:
    """Gradio's chat history (role/content messages) as (question, answer) pairs."""
    pairs: list[tuple[str, str]] = []
    question = None
    for message in history or []:
        role = message.get("role") if isinstance(message, dict) else None
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):  # Gradio 6 may give content as a list of parts
            content = " ".join(
                str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content
            )
        if role == "user":
            question = str(content or "")
        elif role == "assistant" and question is not None:
            pairs.append((question, str(content or "")))
            question = None
    return pairs


def _auth(settings: Settings) -> tuple[str, str] | None:
    if not settings.auth:
        return None
    user, _, password = settings.auth.partition(":")
    if not user or not password:
        raise ValueError("BITAN_AUTH must be user:password")
    return user, password


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    from assistant import build_assistant

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    assistant = build_assistant(settings)
    assistant.ensure_corpus()
    demo = build_demo(assistant)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host or settings.host,
        server_port=port or settings.port,
        auth=_auth(settings),
        footer_links=["api"],
    )


def __getattr__(name: str) -> Any:
    """``app.demo``: built lazily so importing this module has no side effects."""
    if name == "demo":
        from assistant import Settings, build_assistant

        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        assistant = build_assistant(Settings())
        assistant.ensure_corpus()
        globals()["demo"] = built = build_demo(assistant)
        return built
    raise AttributeError(name)


if __name__ == "__main__":
    from assistant import Settings

    launch(Settings())
