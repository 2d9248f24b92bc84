"""The web page (Gradio): a chat whose answers link to source cards, and the library.

``demo`` is built on first access from Settings via the composition root; ``WebApp`` holds the
handlers (tested without a browser); ``build_demo`` only lays out components and wires events.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gradio as gr

    from assistant import Answer, Assistant, Settings

EXAMPLES = [
    "宁城县如何评价代表履职？",
    "How does Ningcheng evaluate representatives?",
    "尧都区代表每月补助多少？",
    "What did Pizhou do about the Chinese Poetry Conference?",
]
LIBRARY_HEADERS = ["标题 Headline", "作者 Author", "地方 Place", "来源 Source", "段落 Passages", "索引时间 Indexed"]  # fmt: skip
UPLOAD_TYPES = [".txt", ".md", ".pdf", ".docx", ".html", ".htm"]

CSS = """
.bitan-refusal { border-left: 4px solid #d97706; padding-left: .6em; color: #92400e; }
.bitan-rewritten { font-size: .85em; color: #6b7280; margin-bottom: .3em; }
.bitan-notice { font-size: .85em; color: #b45309; margin-top: .4em; }
.bitan-card { border: 1px solid #e5e7eb; border-radius: 8px; padding: .6em .8em; margin: .2em 0; }
.bitan-card:target { outline: 2px solid #2563eb; }
.bitan-nearest { border-style: dashed; background: #fffbeb; }
.bitan-card-head { font-size: .85em; color: #374151; margin-bottom: .3em; }
.bitan-n { font-weight: 700; color: #2563eb; }
.bitan-relevance { float: right; color: #6b7280; }
.bitan-hl { background: #fde68a; padding: 0 .1em; }
.bitan-article { max-height: 32em; overflow-y: auto; line-height: 1.7; }
.bitan-article-meta { font-size: .85em; color: #6b7280; }
a.bitan-cite { text-decoration: none; font-weight: 600; }
"""
SCROLL_TO_HIGHLIGHT = """() => { setTimeout(() => {
  const el = document.getElementById('bitan-article-hl');
  if (el) el.scrollIntoView({block: 'center'}); }, 100); }"""


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


class WebApp:
    """What the page's events do, as plain methods over the Assistant.

    The conversation state is a list with one record per assistant message: the question, the
    answer's plain text (for condensing follow-ups), and what feedback needs.
    """

    def __init__(self, assistant: Assistant, data_dir: Path) -> None:
        from assistant.feedback import FeedbackLog

        self.assistant = assistant
        self.data_dir = data_dir
        self.uploads_dir = data_dir / "uploads"
        self.feedback = FeedbackLog(data_dir / "feedback.jsonl")

    # -- chat -----------------------------------------------------------------------------------
    def respond(
        self, message: str, chat: list[dict], state: list[dict]
    ) -> Iterator[tuple[list[dict], str, list[dict], list[dict], str]]:
        """Stream one turn: yields (chat messages, textbox value, conversation state, cards,
        cards heading)."""
        from html import escape

        from assistant import Answer, QuestionError
        from assistant.cards import answer_html, cards_heading, source_cards
        from vectorstore import StoreUnavailable

        asked = [*chat, {"role": "user", "content": message or ""}]

        def reply(content: str) -> list[dict]:  # a new list each time: Gradio diffs them
            return [*asked, {"role": "assistant", "content": content}]

        history = [(t["question"], t["answer"]) for t in state if not t.get("error")]
        turn = len(state)
        yield reply("…"), "", state, [], cards_heading(None)
        text = ""
        try:
            for event in self.assistant.stream(message, history):
                if isinstance(event, Answer):
                    answer = event
                    break
                text += event
                yield reply(escape(text)), "", state, [], cards_heading(None)
        except (QuestionError, StoreUnavailable) as err:
            error = str(err)
            if isinstance(err, StoreUnavailable):
                error = f"索引暂时不可用 / The index is not reachable: {err}"
            state = [*state, {"question": message, "answer": error, "error": True}]
            notice = f'<div class="bitan-notice">{escape(error)}</div>'
            yield reply(notice), message or "", state, [], cards_heading(None)
            return
        state = [*state, self._turn_record(answer)]
        cards = [asdict(card) for card in source_cards(answer, turn)]
        yield reply(answer_html(answer, turn)), "", state, cards, cards_heading(answer)

    @staticmethod
    def _turn_record(answer: Answer) -> dict:
        return {
            "question": answer.question,
            "answer": answer.text,
            "rewritten_question": answer.rewritten_question,
            "abstained": answer.abstained,
            "cited": [c.chunk.id for c in answer.citations],
        }

    def ask_record(self, question: str) -> dict:
        """The ``/ask`` endpoint: DESIGN's JSON record, or ``{"error", "question"}``."""
        from assistant import QuestionError
        from vectorstore import StoreUnavailable

        try:
            return self.assistant.ask(question).record()
        except (QuestionError, StoreUnavailable) as err:
            return {"error": str(err), "question": question}

    def chat_text(self, message: str, history: list[Any] | None = None) -> str:
        """The ``/chat`` endpoint: a message in, the rendered answer (Markdown) out."""
        from assistant import QuestionError
        from assistant.rendering import render_markdown
        from vectorstore import StoreUnavailable

        try:
            return render_markdown(self.assistant.ask(message, history=turns(history or [])))
        except (QuestionError, StoreUnavailable) as err:
            return str(err)

    def open_article(self, source: str, article: int, chunk_id: str) -> str:
        from assistant.cards import article_html

        return article_html(self.assistant.article(source, article), chunk_id)

    def record_feedback(
        self, index: Any, liked: bool | None, state: list[dict], comment: str
    ) -> str:
        """Append a like or dislike of the assistant message at ``index`` (Gradio's index of
        the chat message; assistant messages are the odd ones)."""
        from assistant.feedback import Feedback

        position = index[0] if isinstance(index, list | tuple) else index
        turn = (int(position) - 1) // 2
        if liked is None or not 0 <= turn < len(state):
            return ""
        record = state[turn]
        self.feedback.append(
            Feedback(
                liked=bool(liked),
                question=record["question"],
                answer=record["answer"],
                cited=tuple(record.get("cited", ())),
                rewritten_question=record.get("rewritten_question", ""),
                abstained=bool(record.get("abstained", False)),
                comment=(comment or "").strip(),
            )
        )
        return "谢谢，反馈已记录 / Thank you, feedback saved."

    # -- library --------------------------------------------------------------------------------
    def library_rows(self) -> list[list[Any]]:
        return [
            [d.title, d.author, d.place, d.source, d.chunks, d.indexed_at.replace("T", " ")[:16]]
            for d in self.assistant.documents()
        ]

    def sources(self) -> list[str]:
        return sorted({d.source for d in self.assistant.documents()})

    def upload(
        self, files: list[Any] | None, progress: Callable[[float, str], None] | None = None
    ) -> str:
        """Index uploaded files (kept under the data dir with safe names); a line per file."""
        import shutil
        import uuid

        from assistant.uploads import safe_name, store_upload

        if not files:
            return "请选择文件 / Choose files to upload first."
        # Staged first; kept (under uploads/) only once indexed, so a bad upload never
        # replaces the good copy of a file with the same name.
        staging = self.uploads_dir / ".incoming" / uuid.uuid4().hex
        stored: list[Path] = []
        lines: list[str] = []
        for file in files:
            temp = Path(getattr(file, "name", None) or str(file))
            original = getattr(file, "orig_name", None) or temp.name
            try:
                stored.append(store_upload(temp, original, staging))
            except OSError as err:
                lines.append(f"{safe_name(original)}: **rejected** — not saved ({err.strerror})")
        done = {"n": 0}

        def on_passages(count: int, total: int) -> None:
            done["n"] += count
            if progress is not None:
                progress(min(done["n"] / max(total, 1), 1.0), f"embedding {done['n']} passages")

        def on_file(result: Any) -> None:
            n = result.chunks
            detail = f"{n} passage{'s' * (n != 1)}" if n else result.message
            detail = detail.removeprefix(f"{result.source}: ")
            lines.append(f"{result.source}: **{result.status}** — {detail}")
            if result.status != "rejected":
                (staging / result.source).replace(self.uploads_dir / result.source)
            done["n"] = 0

        try:
            if stored:
                self.assistant.ingest(stored, progress=on_passages, on_file=on_file)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return "\n".join(f"- {line}" for line in lines)

    def delete(self, source: str | None) -> str:
        if not source:
            return "请选择要删除的文档 / Choose a document to delete."
        result = self.assistant.remove(source)
        if result.status != "removed":
            return f"**not removed** — {result.message}"
        upload = self.uploads_dir / source
        if upload.is_file():
            upload.unlink()
        return f"{source}: **removed** ({result.chunks} passages)"

    def rebuild(self, progress: Callable[[float, str], None] | None = None) -> str:
        done = {"n": 0}

        def on_passages(count: int, total: int) -> None:
            done["n"] += count
            if progress is not None:
                progress(done["n"] / max(total, 1), f"re-embedding {done['n']}/{total}")

        count = self.assistant.reembed(on_passages)
        return f"**rebuilt**: {count} passages re-embedded, keyword index rebuilt"


def build_demo(assistant: Assistant, data_dir: Path | None = None) -> gr.Blocks:
    import gradio as gr

    web = WebApp(assistant, data_dir or Path("var"))
    # Uploaded temp files older than an hour are deleted every hour (the kept copy is in uploads/).
    with gr.Blocks(title="Bitan 笔谈", delete_cache=(3600, 3600)) as demo:
        # The page's styles travel with the Blocks (launch(css=…) would not reach `app.demo`).
        gr.HTML(f"<style>{CSS}</style>", padding=False, elem_id="bitan-style")
        gr.Markdown("## Bitan 笔谈 — 问专栏《主任笔谈》/ ask the column, in Chinese or English")
        with gr.Tab("问答 Chat", id="chat"):
            state = gr.State([])
            cards = gr.State([])
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        elem_id="chatbot", height=520, label="笔谈", sanitize_html=True
                    )
                    question = gr.Textbox(
                        elem_id="question",
                        placeholder="问一个问题 / Ask a question (Enter to send)",
                        show_label=False,
                        max_lines=6,
                    )
                    with gr.Row():
                        send = gr.Button("提问 Ask", variant="primary", elem_id="send")
                        new = gr.Button("新对话 New conversation", elem_id="new-chat")
                    gr.Examples(EXAMPLES, inputs=question, label="示例 Examples")
                    comment = gr.Textbox(
                        elem_id="feedback-comment",
                        label="评论（可选）/ Comment (optional), then like or dislike the answer",
                        max_lines=2,
                    )
                    feedback_status = gr.Markdown(elem_id="feedback-status")
                with gr.Column(scale=2):
                    cards_title = gr.Markdown("出处 / Sources", elem_id="sources-title")

                    with gr.Column(visible=False, elem_id="article-panel") as article_panel:
                        article = gr.HTML(elem_id="article-view")
                        close = gr.Button("关闭全文 Close article", size="sm")

                    @gr.render(inputs=cards)
                    def show_cards(items: list[dict]) -> None:
                        for item in items:
                            gr.HTML(item["html"], elem_classes="bitan-card-wrap")
                            button = gr.Button(
                                f"查看全文 [{item['n']}] Open article",
                                size="sm",
                                elem_classes="bitan-open",
                                elem_id=f"open-{item['n']}",
                            )
                            button.click(
                                lambda s=item["source"], a=item["article"], c=item["chunk_id"]: (
                                    web.open_article(s, a, c),
                                    gr.Column(visible=True),
                                ),
                                outputs=[article, article_panel],
                                api_visibility="private",
                            ).then(None, js=SCROLL_TO_HIGHLIGHT, api_visibility="private")

            def hide() -> Any:
                return gr.Column(visible=False)

            outputs = [chatbot, question, state, cards, cards_title]
            for trigger in (question.submit, send.click):
                trigger(
                    web.respond,
                    [question, chatbot, state],
                    outputs,
                    api_visibility="private",
                ).then(hide, outputs=article_panel, api_visibility="private")
            new.click(
                lambda: ([], "", [], [], "出处 / Sources", gr.Column(visible=False), ""),
                outputs=[*outputs, article_panel, feedback_status],
                api_visibility="private",
            )
            close.click(hide, outputs=article_panel, api_visibility="private")

            def like(data: gr.LikeData, turns_state: list[dict], text: str) -> tuple[str, str]:
                return web.record_feedback(data.index, data.liked, turns_state, text), ""

            # Gradio finds the LikeData parameter by its annotation, which must be the class
            # itself (this module's annotations are strings).
            like.__annotations__["data"] = gr.LikeData
            chatbot.like(
                like, [state, comment], [feedback_status, comment], api_visibility="private"
            )

        with gr.Tab("资料库 Library", id="library"):
            table = gr.Dataframe(
                headers=LIBRARY_HEADERS, elem_id="library-table", interactive=False, wrap=True
            )
            with gr.Row():
                files = gr.File(
                    label="上传文件 Upload (.txt .md .pdf .docx .html)",
                    file_count="multiple",
                    file_types=UPLOAD_TYPES,
                    elem_id="upload",
                )
                with gr.Column():
                    index_button = gr.Button("索引上传的文件 Index uploads", variant="primary", elem_id="index-uploads")  # fmt: skip
                    source = gr.Dropdown(label="文档 Document", choices=[], elem_id="delete-source")
                    delete = gr.Button("删除文档 Delete document", variant="stop", elem_id="delete")
                    rebuild = gr.Button("重建索引 Rebuild index", elem_id="rebuild")
            library_status = gr.Markdown(elem_id="library-status")

            def refresh() -> tuple[list[list[Any]], Any]:
                return web.library_rows(), gr.Dropdown(choices=web.sources(), value=None)

            def upload(items: list[Any] | None, progress=gr.Progress()) -> tuple[str, None]:  # noqa: B008 - Gradio's idiom
                return web.upload(items, lambda f, d: progress(f, desc=d)), None

            def rebuild_all(progress=gr.Progress()) -> str:  # noqa: B008 - Gradio's idiom
                return web.rebuild(lambda f, d: progress(f, desc=d))

            index_button.click(
                upload, files, [library_status, files], api_visibility="private"
            ).then(refresh, outputs=[table, source], api_visibility="private")
            delete.click(web.delete, source, library_status, api_visibility="private").then(
                refresh, outputs=[table, source], api_visibility="private"
            )
            rebuild.click(rebuild_all, None, library_status, api_visibility="private").then(
                refresh, outputs=[table, source], api_visibility="private"
            )
            demo.load(refresh, outputs=[table, source], api_visibility="private")

        gr.api(web.ask_record, api_name="ask")
        gr.api(web.chat_text, api_name="chat")
    return demo


def _auth(settings: Settings) -> tuple[str, str] | None:
    if not settings.auth:
        return None
    user, _, password = settings.auth.partition(":")
    if not user or not password:
        raise ValueError("BITAN_AUTH must be user:password")
    return user, password


def _prepare(settings: Settings) -> Assistant:
    from assistant import build_assistant

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Uploads land in Gradio's temp dir before we copy them: keep that inside the data dir too.
    os.environ.setdefault("GRADIO_TEMP_DIR", str((settings.data_dir / "tmp").resolve()))
    assistant = build_assistant(settings)
    assistant.ensure_corpus()
    assistant.warm_up()
    return assistant


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    demo = build_demo(_prepare(settings), settings.data_dir)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host or settings.host,
        server_port=port or settings.port,
        auth=_auth(settings),
        footer_links=["api"],
    )


def __getattr__(name: str) -> Any:
    """``app.demo``: built lazily so importing this module has no side effects."""
    if name == "demo":
        from assistant import Settings

        settings = Settings()
        globals()["demo"] = built = build_demo(_prepare(settings), settings.data_dir)
        return built
    raise AttributeError(name)


if __name__ == "__main__":
    from assistant import Settings

    launch(Settings())
