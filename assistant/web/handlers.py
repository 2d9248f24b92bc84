"""What the page's events do, as plain methods over the Assistant (tested without a browser)."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.feedback import WITHDRAWN, Feedback, FeedbackLog, vote_of
from assistant.models import Answer
from assistant.render import escape_markdown, local_time, render_conversation, render_markdown
from assistant.service import Assistant, QuestionError
from assistant.web.cards import (
    article_html,
    cards_heading,
    notice_html,
    question_html,
    source_cards,
    streaming_html,
)
from assistant.web.conversation import (
    answer_from_data,
    answer_message,
    answered,
    chat_messages,
    conversation_text,
    conversation_turns,
    current,
    failed,
    history,
    latest_cards,
    turn_of,
)
from assistant.web.uploads import base_name, is_hidden, safe_name, store_upload
from vectorstore import StoreUnavailable

# The errors a user is told about in words (anything else is a bug and shows as one).
USER_ERRORS = (QuestionError, StoreUnavailable)
MAX_COMMENT_CHARS = 2000  # a feedback comment is cut to this
EXPORT_DAYS = 1  # an exported conversation file is kept this long for its download


def user_message(err: Exception) -> str:
    """The one wording of a user-facing error, for the chat, ``/ask`` and ``/chat`` alike."""
    if isinstance(err, StoreUnavailable):
        return f"索引暂时不可用 / The index is not reachable: {err}"
    return str(err)


class PassageProgress:
    """Adapts the index's (passages done, passages in the document) callbacks to Gradio's
    progress bar (a fraction and a description)."""

    def __init__(self, progress: Callable[[float, str], None] | None, verb: str) -> None:
        self.progress = progress
        self.verb = verb
        self.done = 0

    def __call__(self, count: int, total: int) -> None:
        self.done += count
        if self.progress is not None:
            share = min(self.done / max(total, 1), 1.0)
            self.progress(share, f"{self.verb} {self.done}/{total} passages")


def turns(history: list[Any]) -> list[tuple[str, str]]:
    """Gradio's chat history (role/content messages) as (question, answer) pairs."""
    pairs: list[tuple[str, str]] = []
    question = None
    for message in history if isinstance(history, list) else []:
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

    The conversation is ``conversation.py``'s record, kept in the browser: its id and one turn
    per assistant message (the question, the answer kept structured, what feedback needs).
    """

    def __init__(self, assistant: Assistant, data_dir: Path) -> None:
        self.assistant = assistant
        self.data_dir = data_dir
        self.uploads_dir = data_dir / "uploads"
        self.feedback = FeedbackLog(data_dir / "feedback.jsonl")

    # -- chat -----------------------------------------------------------------------------------
    def respond(
        self, message: str, chat: list[dict], conversation: Any
    ) -> Iterator[tuple[list[dict], str, dict, list[dict], str]]:
        """Stream one turn: yields (chat messages, textbox value, conversation, cards, cards
        heading). The conversation (see ``conversation.py``) gains the turn at the end."""
        conversation = current(conversation)
        # Every bubble is text, never markup: the question as the user typed it, the answer as
        # the model writes it (Gradio renders a message as Markdown with HTML).
        asked = [*chat, {"role": "user", "content": question_html(message or "")}]

        def reply(content: str) -> list[dict]:  # a new list each time: Gradio diffs them
            return [*asked, {"role": "assistant", "content": content}]

        turn = len(conversation["turns"])
        yield reply("…"), "", conversation, [], cards_heading(None)
        text = ""
        try:
            for event in self.assistant.stream(message, history(conversation)):
                if isinstance(event, Answer):
                    answer = event
                    break
                text += event
                yield reply(streaming_html(text)), "", conversation, [], cards_heading(None)
        except USER_ERRORS as err:
            error = user_message(err)
            conversation = failed(conversation, message, error)
            yield reply(notice_html(error)), message or "", conversation, [], cards_heading(None)
            return
        conversation = answered(conversation, answer)
        cards = [asdict(card) for card in source_cards(answer, turn, prefix="side")]
        yield reply(answer_message(answer, turn)), "", conversation, cards, cards_heading(answer)

    @staticmethod
    def restore(conversation: Any) -> tuple[list[dict], dict, list[dict], str]:
        """The page after a reload: (chat messages, conversation, side cards, cards heading),
        rendered again from the conversation the browser kept."""
        conversation = current(conversation)
        cards, answer = latest_cards(conversation)
        return chat_messages(conversation), conversation, cards, cards_heading(answer)

    @staticmethod
    def copies(conversation: Any) -> tuple[str, str | None]:
        """What "copy conversation" and "export" give: the conversation as text, and a
        Markdown file of it (None while the conversation is empty)."""
        conversation = current(conversation)
        if not conversation["turns"]:
            return "", None
        now = datetime.now(UTC).astimezone()
        exported = now.strftime("%Y-%m-%d %H:%M %Z")
        markdown = render_conversation(conversation_turns(conversation), exported)
        # Gradio serves a returned file from its temp dir (or the system's): written there,
        # one file per conversation and day, rewritten each turn; a day later it is deleted.
        folder = Path(os.environ.get("GRADIO_TEMP_DIR") or tempfile.gettempdir()) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("bitan-*.md"):
            if now.timestamp() - old.stat().st_mtime > EXPORT_DAYS * 86400:
                old.unlink(missing_ok=True)
        path = folder / f"bitan-{now:%Y%m%d}-{conversation['id'][:8]}.md"
        path.write_text(markdown, encoding="utf-8")
        return conversation_text(conversation), str(path)

    def ask_record(self, question: str) -> dict:
        """The ``/ask`` endpoint: DESIGN's JSON record, or ``{"error", "question"}`` (also for a
        question that is not text: a list, a number)."""
        try:
            return self.assistant.ask(question).record()
        except USER_ERRORS as err:
            return {"error": user_message(err), "question": question}

    def chat_text(self, message: str, history: list[Any] | None = None) -> str:
        """The ``/chat`` endpoint: a message in, the rendered answer (Markdown) out, the answer's
        and the documents' text escaped (a reader renders it: no HTML or images from them)."""
        try:
            answer = self.assistant.ask(message, history=turns(history or []))
            return render_markdown(answer, escape=True)
        except USER_ERRORS as err:
            return escape_markdown(user_message(err))

    def open_article(self, source: str, article: int, chunk_id: str) -> str:
        return article_html(self.assistant.article(source, article), chunk_id)

    def record_feedback(
        self, index: Any, liked: bool | str | None, conversation: Any, comment: str
    ) -> str:
        """Append a vote on the assistant message at ``index`` (Gradio's index of the chat
        message; assistant messages are the odd ones): a like, a dislike, or the withdrawal of
        one (Gradio sends '' when a selected thumb is clicked again)."""
        conversation = current(conversation)
        turn = turn_of(index)
        if not 0 <= turn < len(conversation["turns"]):
            return ""
        record = conversation["turns"][turn]
        if record.get("error"):  # a message such as "ask about the documents": no answer
            return (
                "这条消息不是回答，不记录反馈 / That message is not an answer: no feedback saved."
            )
        data = record.get("data")
        sources = answer_from_data(data).citations if data else ()
        vote = vote_of(liked)
        self.feedback.append(
            Feedback(
                vote=vote,
                conversation_id=conversation["id"],
                turn_id=turn,
                answer_id=record.get("answer_id", ""),
                question=record["question"],
                answer=record["answer"],
                cited=tuple(record.get("cited", ())),
                sources=tuple(c.record() for c in sources),
                rewritten_question=record.get("rewritten_question", ""),
                abstained=bool(record.get("abstained", False)),
                comment=str(comment or "").strip()[:MAX_COMMENT_CHARS],
            )
        )
        if vote == WITHDRAWN:
            return "已撤回 / Vote withdrawn."
        return "谢谢，反馈已记录 / Thank you, feedback saved."

    # -- library --------------------------------------------------------------------------------
    def library_rows(self) -> list[list[Any]]:
        return [
            [d.title, d.author, d.place, d.source, d.chunks, local_time(d.indexed_at)]
            for d in self.assistant.documents()
        ]

    def sources(self) -> list[str]:
        return sorted({d.source for d in self.assistant.documents()})

    def upload(
        self, files: list[Any] | None, progress: Callable[[float, str], None] | None = None
    ) -> str:
        """Index uploaded files (kept under the data dir with safe names); a line (Markdown) per
        file, its name escaped. A dot-file is rejected on its own; the others go on."""
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
            if is_hidden(original):
                hidden = escape_markdown(base_name(original))
                lines.append(f"{hidden}: **rejected** — a hidden file (its name starts with a dot)")
                continue
            name = escape_markdown(safe_name(original))
            try:
                stored.append(store_upload(temp, original, staging))
            except OSError as err:
                lines.append(f"{name}: **rejected** — not saved ({err.strerror})")
        on_passages = PassageProgress(progress, "embedding")

        def on_file(result: Any) -> None:
            n = result.chunks
            detail = f"{n} passage{'s' * (n != 1)}" if n else result.message
            detail = detail.removeprefix(f"{result.source}: ")
            lines.append(
                f"{escape_markdown(result.source)}: **{result.status}** — {escape_markdown(detail)}"
            )
            if result.status != "rejected":
                (staging / result.source).replace(self.uploads_dir / result.source)
            on_passages.done = 0

        try:
            if stored:
                self.assistant.ingest(stored, progress=on_passages, on_file=on_file)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return "\n".join(f"- {line}" for line in lines)

    @staticmethod
    def delete_prompt(source: str) -> str:
        return (
            f"删除 **{escape_markdown(source)}** 及其上传的文件？此操作不可撤销。 / "
            "Delete it and its kept upload? This cannot be undone."
        )

    def delete(self, source: str | None) -> str:
        if not source:
            return "请选择要删除的文档 / Choose a document to delete."
        result = self.assistant.remove(source)
        if result.status != "removed":
            return f"**not removed** — {escape_markdown(result.message)}"
        upload = self.uploads_dir / source
        if upload.is_file():
            upload.unlink()
        return f"{escape_markdown(source)}: **removed** ({result.chunks} passages)"

    def rebuild(self, progress: Callable[[float, str], None] | None = None) -> str:
        count = self.assistant.reembed(PassageProgress(progress, "re-embedding"))
        return f"**rebuilt**: {count} passages re-embedded, keyword index rebuilt"
