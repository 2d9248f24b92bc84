"""The English glosses on the source cards of the web page (issue 14), in headless chromium:
folded under the Chinese passage behind "Show English glosses", for the extractive answer and
for a language model's answer alike. Reuses the server and browser of test_browser.py."""

# ruff: noqa: F811 (the fixtures imported below are the tests' arguments)
from __future__ import annotations

import pytest

from assistant.web.glosses import SHOW
from tests.e2e.test_browser import (  # noqa: F401 (fixtures)
    ask,
    browser,
    llm_page,
    llm_server,
    page,
    server,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_english_question_shows_glosses_on_its_cards_when_unfolded(page):
    ask(page, "How much is the monthly subsidy for Yaodu deputies?")
    card = page.locator(".bitan-card").first
    gloss = card.locator("details.bitan-gloss")
    assert gloss.count() == 1
    toggle = gloss.locator("summary")
    assert toggle.inner_text() == SHOW
    terms = gloss.locator(".bitan-gloss-terms")
    assert not terms.is_visible()  # folded until asked for
    toggle.click()
    terms.wait_for(state="visible")
    text = terms.inner_text()
    assert "200元 — 200 yuan" in text  # the figure, in English
    # the gloss sits under the Chinese passage, inside the same card
    # (both measured at once: the chat may scroll between two separate measurements)
    passage_bottom, terms_top = card.evaluate(
        "c => [c.querySelector('.bitan-passage').getBoundingClientRect().bottom,"
        " c.querySelector('.bitan-gloss-terms').getBoundingClientRect().top]"
    )
    assert terms_top >= passage_bottom - 1
    shot(page, "english-glosses")
    toggle.click()
    page.wait_for_function(
        "() => !document.querySelector('.bitan-card details.bitan-gloss').open", timeout=5_000
    )


def test_a_chinese_question_has_no_glosses(page):
    ask(page, "尧都区代表每月补助多少？")
    assert page.locator(".bitan-card").count() > 0
    assert page.locator(".bitan-card details.bitan-gloss").count() == 0


def test_with_a_language_model_the_cards_still_have_glosses(llm_page, llm_server):
    _, fake = llm_server
    fake.replies = ["Ningcheng reviews its deputies' performance every year [1]."]
    ask(llm_page, "How does Ningcheng evaluate representatives?")
    answer = llm_page.locator(".bitan-answer").last
    assert "Ningcheng reviews" in answer.inner_text()
    gloss = llm_page.locator(".bitan-card details.bitan-gloss").first
    gloss.locator("summary").click()
    text = gloss.locator(".bitan-gloss-terms").inner_text()
    assert "deputy" in text or "Ningcheng County" in text
