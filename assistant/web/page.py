"""The page's layout (Gradio Blocks): the chat with its source cards, and the library.
Only components and event wiring here; what the events do is in ``handlers``."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.feedback import vote_of
from assistant.render import HEADINGS
from assistant.service import Assistant
from assistant.web.conversation import new_conversation, thumbs, voted
from assistant.web.handlers import MAX_COMMENT_CHARS, WebApp
from assistant.web.labels import OPEN_ARTICLE_MAX, translations

EXAMPLES = [
    "宁城县如何评价代表履职？",
    "How does Ningcheng evaluate representatives?",
    "尧都区代表每月补助多少？",
    "What did Pizhou do about the Chinese Poetry Conference?",
]
LIBRARY_HEADERS = ["标题 Headline", "作者 Author", "地方 Place", "来源 Source", "段落 Passages", "索引时间 Indexed"]  # fmt: skip
LIBRARY_WIDTHS = ["280px", "90px", "90px", "200px", "90px", "190px"]  # a phone scrolls sideways

I18N = translations()  # T(key) is a label in the browser's language (see build_demo)
T = I18N

# The cards' heading (both languages, from the handlers) as the label of the browser's language.
IN_LANGUAGE = {f"{zh} / {en}": T(f"heading_{kind}") for kind, (zh, en) in HEADINGS.items()}

SCROLL_TO_HIGHLIGHT = """() => { setTimeout(() => {
  const el = document.getElementById('bitan-article-hl');
  if (el) el.scrollIntoView({block: 'center'}); }, 100); }"""
# Once an answer is complete, the chat shows it from its question down: Gradio keeps the chat
# scrolled to the bottom, which for an answer with its source cards puts the answer's first
# lines above the visible area (98 px at 1366×900, 256 px on a phone).
SCROLL_TO_ANSWER = """() => {
  const show = () => {
    const wrap = document.querySelector('#chatbot .bubble-wrap');
    const bots = document.querySelectorAll('#chatbot .message-row.bot-row');
    const bot = bots[bots.length - 1];
    if (!wrap || !bot) return;
    const asked = bot.previousElementSibling;
    const top = (asked && asked.classList.contains('user-row')) ? asked : bot;
    wrap.scrollTop += top.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 8;
  };
  // Gradio scrolls the chat to its bottom a few hundred ms after the last update; measured
  // 50 ms was too early, so look again (the same position, so a repeat changes nothing).
  for (const ms of [150, 400, 800]) setTimeout(show, ms);
}"""
# Every "copy" button inside an answer or a card (cards.copy_button) puts its value on
# the clipboard. Hand-written: a Gradio chatbot message has no copy value of its own (its copy
# icon copies the message's HTML), and the buttons live inside that HTML, so one listener on
# the document serves them all, old answers and new.
COPY_SCRIPT = """() => {
  if (window.bitanCopy) return;
  window.bitanCopy = true;
  document.addEventListener('click', async (event) => {
    const button = event.target.closest && event.target.closest('.bitan-copy');
    if (!button) return;
    event.preventDefault();
    await navigator.clipboard.writeText(button.value || '');
    button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = '已复制 Copied';
    setTimeout(() => { button.textContent = button.dataset.label; }, 1500);
  });
}"""
COPY_CONVERSATION = "(text) => { if (text) navigator.clipboard.writeText(text); }"
EMPTY_CONVERSATION = {"id": "", "turns": []}  # the id is made with the first turn


def open_label(n: int) -> Any:
    """The label of card [n]'s "open article" button, in the browser's language."""
    return T(f"open_{n}") if n <= OPEN_ARTICLE_MAX else f"查看全文 Open article [{n}]"


def build_demo(assistant: Assistant, data_dir: Path | None = None) -> gr.Blocks:
    web = WebApp(assistant, data_dir or Path("var"))
    # Uploaded temp files older than an hour are deleted every hour (the kept copy is in uploads/).
    with gr.Blocks(title="Bitan 笔谈", delete_cache=(3600, 3600)) as demo:
        # The page's styles travel with the Blocks (launch(css=…) would not reach `app.demo`).
        css = Path(__file__).with_name("bitan.css").read_text(encoding="utf-8")
        gr.HTML(f"<style>{css}</style>", padding=False, elem_id="bitan-style")
        gr.Markdown(T("title"), elem_id="bitan-title")
        _chat_tab(web, demo)
        _library_tab(web, demo)
        gr.api(web.ask_record, api_name="ask")
        gr.api(web.chat_text, api_name="chat")
    # The labels' translations travel with the Blocks too: Gradio takes them only at launch
    # (without them a label shows its key), and `app.demo` may be launched by other code.
    demo.launch = partial(demo.launch, i18n=I18N)  # type: ignore[method-assign]
    return demo


def _chat_tab(web: WebApp, demo: gr.Blocks) -> None:
    """The chat, its examples and feedback box, and the sources column beside it.

    Longer than most functions here on purpose: Gradio lays out components by nesting ``with``
    blocks and wires their events inside the same Blocks context, so splitting it would only
    pass a dozen components between halves."""
    with gr.Tab(T("tab_chat"), id="chat"):
        # One conversation state, kept in the browser's local storage: a reload shows it again.
        state = gr.BrowserState(EMPTY_CONVERSATION, storage_key="bitan-conversation")
        cards = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                # Messages are HTML made by cards.py, every text in them escaped; no math.
                chatbot = gr.Chatbot(
                    elem_id="chatbot",
                    height=520,
                    label=T("chat_label"),
                    show_label=False,  # the label sat over the first line of the chat
                    sanitize_html=True,
                    latex_delimiters=[],
                    # Gradio's copy icons would copy the message HTML: each answer has its own
                    # copy button instead, and "copy conversation" is below.
                    buttons=[],
                )
                question = gr.Textbox(
                    elem_id="question",
                    placeholder=T("placeholder"),
                    show_label=False,
                    max_lines=6,
                )
                with gr.Row(elem_id="chat-actions"):
                    send = gr.Button(T("ask"), variant="primary", elem_id="send")
                    new = gr.Button(T("new_chat"), elem_id="new-chat")
                with gr.Row():
                    copy_all = gr.Button(T("copy_chat"), size="sm", elem_id="copy-chat")
                    export = gr.DownloadButton(T("export_chat"), size="sm", elem_id="export-chat")
                conversation_text = gr.Textbox(visible="hidden", elem_id="conversation-text")
                gr.Examples(EXAMPLES, inputs=question, label=T("examples"))
                comment = gr.Textbox(  # shown once there is an answer to comment on
                    elem_id="feedback-comment",
                    visible=False,
                    label=T("comment"),
                    max_lines=2,
                    max_length=MAX_COMMENT_CHARS,
                )
                feedback_status = gr.Markdown(elem_id="feedback-status")
            with gr.Column(scale=2, elem_id="sources-column"):
                cards_title = gr.Markdown(T("heading_sources"), elem_id="sources-title")

                with gr.Column(visible=False, elem_id="article-panel") as article_panel:
                    article = gr.HTML(elem_id="article-view")
                    close = gr.Button(T("close_article"), size="sm")

                @gr.render(inputs=cards)
                def show_cards(items: list[dict]) -> None:
                    for item in items:
                        gr.HTML(item["html"], elem_classes="bitan-card-wrap")
                        button = gr.Button(
                            open_label(item["n"]),
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

        def comment_box(conversation: Any) -> Any:
            """The comment box shows once there is an answer to comment on."""
            turns = (conversation or {}).get("turns", []) if isinstance(conversation, dict) else []
            return gr.Textbox(visible=any(not t.get("error") for t in turns))

        def respond(message: str, chat: list[dict], turns_state: dict) -> Iterator[Any]:
            if not (message or "").strip():  # Enter on an empty box: nothing happens
                yield gr.skip(), "", gr.skip(), gr.skip(), gr.skip()
                return
            for *shown, heading in web.respond(message, chat, turns_state):
                yield *shown, IN_LANGUAGE.get(heading, heading)

        copies = [conversation_text, export]
        for trigger in (question.submit, send.click):
            trigger(
                respond,
                [question, chatbot, state],
                outputs,
                api_visibility="private",
            ).then(hide, outputs=article_panel, api_visibility="private").then(
                web.copies, state, copies, api_visibility="private"
            ).then(comment_box, state, comment, api_visibility="private").then(
                None, js=SCROLL_TO_ANSWER, api_visibility="private"
            )
        # "New conversation" and the chat's own trash icon clear the same state: the kept
        # context, the cards, what feedback is recorded against, the copies.
        for trigger in (new.click, chatbot.clear):
            trigger(
                lambda: (
                    [],
                    "",
                    new_conversation(),
                    [],
                    T("heading_sources"),
                    gr.Column(visible=False),
                    "",
                ),
                outputs=[*outputs, article_panel, feedback_status],
                api_visibility="private",
            ).then(web.copies, state, copies, api_visibility="private").then(
                comment_box, state, comment, api_visibility="private"
            )

        def restore(conversation: Any) -> tuple[Any, dict, list[dict], str]:
            chat, conversation, items, heading = web.restore(conversation)
            return (
                gr.Chatbot(chat, feedback_value=thumbs(conversation)),
                conversation,
                items,
                IN_LANGUAGE.get(heading, heading),
            )

        demo.load(
            restore, state, [chatbot, state, cards, cards_title], api_visibility="private"
        ).then(web.copies, state, copies, api_visibility="private").then(
            comment_box, state, comment, api_visibility="private"
        )
        demo.load(None, js=COPY_SCRIPT, api_visibility="private")
        copy_all.click(None, conversation_text, js=COPY_CONVERSATION, api_visibility="private")
        close.click(hide, outputs=article_panel, api_visibility="private")

        def like(data: gr.LikeData, turns_state: dict, text: str) -> tuple[str, str, dict]:
            status = web.record_feedback(data.index, data.liked, turns_state, text)
            return status, "", voted(turns_state, data.index, vote_of(data.liked))

        # Gradio finds the LikeData parameter by its annotation, which must be the class
        # itself (this module's annotations are strings).
        like.__annotations__["data"] = gr.LikeData
        chatbot.like(
            like, [state, comment], [feedback_status, comment, state], api_visibility="private"
        )


def _library_tab(web: WebApp, demo: gr.Blocks) -> None:
    """The indexed documents, uploads, delete and rebuild."""
    with gr.Tab(T("tab_library"), id="library") as tab:
        gr.Markdown(T("library_hint"), elem_id="library-hint")
        table = gr.Dataframe(
            headers=LIBRARY_HEADERS,
            elem_id="library-table",
            interactive=False,
            wrap=True,
            # Set widths, not measured ones: else on a phone the headline takes the whole screen.
            column_widths=LIBRARY_WIDTHS,
        )
        with gr.Row():
            files = gr.File(
                label=T("upload"),
                file_count="multiple",
                # No file_types: Gradio would refuse the whole batch with a bare "Error" for
                # one file it does not like (a dot-file such as ".md"); the handler and the
                # index judge each file and report it on its own line instead.
                elem_id="upload",
            )
            with gr.Column():
                index_button = gr.Button(T("index_uploads"), variant="primary", elem_id="index-uploads")  # fmt: skip
                source = gr.Dropdown(label=T("document"), choices=[], elem_id="delete-source")
                delete = gr.Button(T("delete"), variant="stop", elem_id="delete")
                with gr.Row(visible=False, elem_id="delete-confirm") as confirm_row:
                    confirm = gr.Button(T("delete_yes"), variant="stop", elem_id="delete-yes")
                    cancel = gr.Button(T("delete_no"), elem_id="delete-no")
                rebuild = gr.Button(T("rebuild"), elem_id="rebuild")
        library_status = gr.Markdown(elem_id="library-status")

        def refresh() -> tuple[list[list[Any]], Any]:
            return web.library_rows(), gr.Dropdown(choices=web.sources(), value=None)

        def upload(items: list[Any] | None, progress=gr.Progress()) -> tuple[str, None]:  # noqa: B008 - Gradio's idiom
            return web.upload(items, lambda f, d: progress(f, desc=d)), None

        def rebuild_all(progress=gr.Progress()) -> str:  # noqa: B008 - Gradio's idiom
            return web.rebuild(lambda f, d: progress(f, desc=d))

        index_button.click(upload, files, [library_status, files], api_visibility="private").then(
            refresh, outputs=[table, source], api_visibility="private"
        )

        def ask_first(choice: str | None) -> tuple[str, Any]:
            """Delete asks before it removes anything (a document and its kept upload)."""
            if not choice:
                return web.delete(choice), gr.Row(visible=False)
            return web.delete_prompt(choice), gr.Row(visible=True)

        def deleted(choice: str | None) -> tuple[str, Any]:
            return web.delete(choice), gr.Row(visible=False)

        delete.click(ask_first, source, [library_status, confirm_row], api_visibility="private")
        cancel.click(
            lambda: (T("not_deleted"), gr.Row(visible=False)),
            outputs=[library_status, confirm_row],
            api_visibility="private",
        )
        confirm.click(
            deleted, source, [library_status, confirm_row], api_visibility="private"
        ).then(refresh, outputs=[table, source], api_visibility="private")
        rebuild.click(rebuild_all, None, library_status, api_visibility="private").then(
            refresh, outputs=[table, source], api_visibility="private"
        )
        demo.load(refresh, outputs=[table, source], api_visibility="private")
        # Opening the tab lists what is indexed now: `bitan ingest` or another replica may have
        # changed the library since the page loaded.
        tab.select(refresh, outputs=[table, source], api_visibility="private")
