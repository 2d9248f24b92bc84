"""The page's looks in Debian's chromium (issue 13): contrast in the light and the dark theme, the
phone layout at 390×844, the browser's language, and one message per bad upload.

Screenshots: phone, phone-library, dark (test-artifacts/screenshots/); the contrast figures
measured go to test-artifacts/contrast.json.
"""

# ruff: noqa: F811 (the fixtures imported below are the tests' arguments)
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.test_browser import (  # noqa: F401 (fixtures)
    ask,
    browser,
    open_page,
    server,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MIN_CONTRAST = 4.5  # WCAG AA for normal text
CONTRAST_LOG = ROOT / "test-artifacts" / "contrast.json"

# WCAG contrast of an element's text on what is behind it: relative luminance of its colour and
# of its background, composited (alpha) up the ancestors to the first opaque background.
CONTRAST_JS = """el => {
  const rgba = c => {
    const m = c.match(/^rgba?\\(([^)]+)\\)$/);
    if (!m) throw new Error('unparsed colour ' + c);
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3]));
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const bg = rgba(getComputedStyle(e).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let back = [255, 255, 255];  // the canvas, should nothing be opaque
  for (const layer of layers.reverse()) back = over(layer, back);
  const fg = over(rgba(getComputedStyle(el).color), back);
  const lum = rgb => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(back)].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), color: getComputedStyle(el).color, background: back.map(Math.round)};
}"""

# What staff read on the page, by selector: each must reach MIN_CONTRAST. Measured after an
# answer with its article open, then after a refusal, then after a notice.
ANSWER = {
    "card text": "#chatbot .bitan-card .bitan-passage",
    "card head": "#chatbot .bitan-card .bitan-card-head",
    "similarity": "#chatbot .bitan-card .bitan-relevance",
    "highlight in a card": "#chatbot .bitan-card mark.bitan-hl",
    "highlight in the side panel": "#sources-column .bitan-card mark.bitan-hl",
    "citation link": "#chatbot a.bitan-cite",
    "highlight in the article": "#article-view #bitan-article-hl",
    "article meta": "#article-view .bitan-article-meta",
}
REFUSAL = {
    "refusal": "#chatbot .bitan-refusal",
    "nearest passage": "#chatbot .bitan-nearest .bitan-passage",
    "why": "#chatbot .bitan-why summary",
}
NOTICE = {"notice": "#chatbot .bitan-notice"}


# Whether an element inside scrolls sideways (wider content, overflow-x auto or scroll).
SCROLLS_SIDEWAYS = """e => [e, ...e.querySelectorAll('*')].some(x =>
  x.scrollWidth > x.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(x).overflowX))"""


# How far the last answer's first line is below the top of the chat's visible area (negative:
# scrolled out of sight above it).
ANSWER_START = """() => {
  const wrap = document.querySelector('#chatbot .bubble-wrap');
  const answer = [...document.querySelectorAll('#chatbot .bitan-answer')].pop();
  return answer.getBoundingClientRect().top - wrap.getBoundingClientRect().top;
}"""


def answer_starts_in_view(page) -> bool:
    page.locator("#feedback-comment").wait_for(state="visible", timeout=10_000)  # events done
    page.wait_for_timeout(1200)  # Gradio's own scroll to the bottom, then the page's
    return page.evaluate(ANSWER_START) >= 0


def contrast(page, selector: str) -> dict:
    element = page.locator(selector).first
    element.wait_for(state="attached", timeout=30_000)
    return element.evaluate(CONTRAST_JS)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_text_highlights_links_and_notices_are_readable_in_both_themes(browser, server, theme):
    with open_page(browser, server[0], color_scheme=theme) as page:
        assert page.evaluate("document.body.classList.contains('dark')") == (theme == "dark")
        ask(page, "尧都区代表每月补助多少？")
        assert answer_starts_in_view(page)  # not scrolled above the chat by its cards
        page.locator("#open-1").click()
        page.locator("#article-view #bitan-article-hl").wait_for(timeout=30_000)
        if theme == "dark":
            shot(page, "dark")
        measured = {name: contrast(page, selector) for name, selector in ANSWER.items()}
        ask(page, "上海市浦东新区有多少常住人口？")  # a refusal: nearest passages
        measured |= {name: contrast(page, selector) for name, selector in REFUSAL.items()}
        page.fill("#question textarea", "？")  # no question: a notice in the chat
        page.keyboard.press("Enter")
        page.locator("#chatbot .bitan-notice").wait_for(timeout=30_000)
        measured |= {name: contrast(page, selector) for name, selector in NOTICE.items()}
    log = json.loads(CONTRAST_LOG.read_text(encoding="utf-8")) if CONTRAST_LOG.exists() else {}
    log[theme] = {name: round(m["ratio"], 2) for name, m in measured.items()}
    CONTRAST_LOG.parent.mkdir(parents=True, exist_ok=True)
    CONTRAST_LOG.write_text(json.dumps(log, ensure_ascii=False, indent=1), encoding="utf-8")
    low = {n: m for n, m in measured.items() if m["ratio"] < MIN_CONTRAST}
    assert low == {}, f"below {MIN_CONTRAST}:1 in the {theme} theme: {low}"


def test_on_a_phone_the_input_the_answer_and_its_sources_are_within_reach(browser, server):
    with open_page(browser, server[0], **PHONE, locale="zh-CN") as page:
        height = PHONE["viewport"]["height"]
        send = page.locator("#send").bounding_box()
        assert send is not None and send["y"] + send["height"] <= height  # Ask above the fold
        title = page.locator("#bitan-title h2")
        lines = title.evaluate(
            "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)"
        )
        assert lines <= 2.2  # one or two lines
        assert not page.locator("#feedback-comment").is_visible()  # nothing to comment on yet
        ask(page, "尧都区代表每月补助多少？")
        answer = page.locator("#chatbot .bitan-answer").last.bounding_box()
        card = page.locator("#chatbot .bitan-card").first.bounding_box()
        assert answer is not None and card is not None
        assert 0 <= card["y"] - (answer["y"] + answer["height"]) <= 60  # sources right under it
        # The side panel's copy of the cards is not shown again further down the page.
        assert not page.locator("#side-0-1").is_visible()
        send = page.locator("#send").bounding_box()
        assert send is not None and send["y"] + send["height"] <= height  # still above the fold
        assert answer_starts_in_view(page)
        shot(page, "phone")
        page.locator("#new-chat").click()  # nothing to comment on again
        page.locator("#feedback-comment").wait_for(state="hidden", timeout=10_000)


def test_on_a_phone_the_library_table_says_it_scrolls_and_shows_a_second_column(browser, server):
    with open_page(browser, server[0], **PHONE, locale="en-US") as page:
        page.get_by_role("tab", name="Library").click()
        page.locator("#library-table").get_by_text("建设“四个机关”").first.wait_for(timeout=30_000)
        hint = page.locator("#library-hint")
        assert hint.is_visible() and "sideways" in hint.inner_text()
        scrolls = page.locator("#library-table").evaluate(SCROLLS_SIDEWAYS)
        assert scrolls is True  # it does scroll sideways …
        second = page.locator("#library-table th").nth(1).bounding_box()
        assert second is not None and second["x"] < PHONE["viewport"]["width"]  # … and shows more
        shot(page, "phone-library")
    with open_page(browser, server[0], locale="en-US") as page:  # on a wide screen, no hint
        page.get_by_role("tab", name="Library").click()
        assert not page.locator("#library-hint").is_visible()


@pytest.mark.parametrize(
    ("locale", "lang", "words"),
    [
        ("zh-CN", "zh", {"#send": "提问", "#new-chat": "新对话", "#upload": "拖放"}),
        ("en-US", "en", {"#send": "Ask", "#new-chat": "New conversation", "#upload": "Drop"}),
    ],
)
def test_the_page_speaks_the_browsers_language(browser, server, locale, lang, words):
    with open_page(browser, server[0], locale=locale) as page:
        assert page.evaluate("document.documentElement.lang").split("-")[0] == lang
        tabs = page.get_by_role("tab").all_inner_texts()
        assert tabs == (["问答", "资料库"] if lang == "zh" else ["Chat", "Library"])
        page.get_by_role("tab").nth(1).click()  # the upload box is Gradio's own words
        for selector, word in words.items():
            assert word in page.locator(selector).inner_text(), selector
        page.get_by_role("tab").nth(0).click()
        placeholder = page.locator("#question textarea").get_attribute("placeholder")
        assert placeholder == ("问一个问题（回车发送）" if lang == "zh" else "Ask a question (Enter to send)")  # fmt: skip
        # Messages too: the sources' headings, in the chat and beside it, in one language.
        ask(page, "尧都区代表每月补助多少？")
        sources = "出处" if lang == "zh" else "Sources"
        page.locator("#sources-title").get_by_text(sources, exact=True).wait_for(timeout=10_000)
        summary = page.locator("#chatbot .bitan-sources > summary").first.inner_text()
        assert summary == f"{sources} (1)"
        opener = "查看全文 [1]" if lang == "zh" else "Open article [1]"
        assert page.locator("#open-1").inner_text() == opener


def test_an_unsupported_file_is_reported_once(browser, server, tmp_path: Path):
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00 not a document")
    with open_page(browser, server[0]) as page:
        page.get_by_role("tab", name="Library").click()
        page.locator("#upload input[type=file]").set_input_files(str(program))
        page.wait_for_timeout(500)
        page.locator("#index-uploads").click()
        status = page.locator("#library-status")
        status.get_by_text("setup.exe: rejected", exact=False).wait_for(timeout=30_000)
        page.wait_for_timeout(1000)  # time for a (wrong) toast to show up
        assert status.locator("li").all_inner_texts() == [
            "setup.exe: rejected — unsupported file type .exe (known: .docx, .htm, .html, "
            ".markdown, .md, .pdf, .text, .txt)"
        ]
        assert page.locator(".toast-body").count() == 0  # the status line is the one message
