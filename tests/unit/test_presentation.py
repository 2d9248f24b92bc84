"""What the user sees of an answer: labels, checked markers, highlighted sentences, escaped
card HTML, the Markdown rendering."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answering.citations import check_citations
from assistant.models import Answer, Citation, source_label
from assistant.render import escape_markdown, render_markdown
from assistant.web.cards import (
    answer_html,
    article_html,
    cards_heading,
    inline_sources,
    question_html,
    source_cards,
    streaming_html,
    text_html,
)
from assistant.web.highlight import cited_spans
from tests.fakes import chunk, hits


def test_source_label_names_headline_author_place_section_and_falls_back_to_the_file():
    c = chunk("正文。", title="建设四个机关", author="钱荣新", place="宁城县", section="一、履职")
    assert source_label(c) == "《建设四个机关》 · 钱荣新 · 宁城县 · 一、履职"
    assert source_label(chunk("正文。", title="", place="", section="")) == "law.md"


def test_markers_outside_the_passages_are_dropped_and_the_rest_renumbered():
    found = hits("甲。", "乙。", "丙。")
    checked = check_citations("乙[2]。甲[1][1]。错[7]。", found)
    assert checked.text == "乙[1]。甲[2]。错。"
    assert [h.chunk.text for h in checked.hits] == ["乙。", "甲。"] and checked.dropped == (7,)


def _answer(text: str, passages: list[str], abstained: bool = False) -> Answer:
    found = hits(*passages)
    citations = tuple(Citation(n, h.chunk, h.score) for n, h in enumerate(found, 1))
    return Answer("问", "问", text, abstained, citations, retrieved=tuple(found))


def test_the_quoted_sentence_is_the_one_highlighted():
    answer = _answer(
        "业主大会每年至少召开一次会议[1]",
        ["第十二条 业主大会每年至少召开一次会议。经百分之二十以上的业主提议，应当召开临时会议。"],
    )
    spans = cited_spans(answer)
    text = answer.citations[0].chunk.text
    (start, end), *_ = spans[1]
    assert "每年至少召开一次会议" in text[start:end] and "临时会议" not in text[start:end]


def test_cards_and_answers_escape_document_text():
    answer = _answer('<img src=x onerror="alert(1)">见[1]', ['<script>alert("x")</script>正文。'])
    html = answer_html(answer, 0)
    assert "<img" not in html and "&lt;img" in html
    assert '<a class="bitan-cite" href="#src-0-1">[1]</a>' in html
    (card,) = source_cards(answer, 0)
    assert "<script>" not in card.html and "&lt;script&gt;" in card.html
    assert 'id="src-0-1"' in card.html
    article = article_html([answer.citations[0].chunk], answer.citations[0].chunk.id)
    assert "<script>" not in article and 'id="bitan-article-hl"' in article


def test_a_refusal_card_is_marked_as_nearest_not_answer():
    answer = _answer("没有找到。", ["相关段落。"], abstained=True)
    (card,) = source_cards(answer, 2)
    assert "bitan-nearest" in card.html and "bitan-hl" not in card.html


def test_a_card_shows_the_absolute_similarity_not_a_share_of_the_best():
    (passage,) = hits("相关段落。")
    refusal = Answer("问", "问", "没有找到。", True, (Citation(1, passage.chunk, 0.05, 0.812),))
    (card,) = source_cards(refusal, 0)
    assert "相似度</span>" in card.html and "similarity</span> 0.81" in card.html
    assert "%" not in card.html.split("bitan-passage")[0]


def test_markdown_lists_each_source_under_the_answer():
    answer = _answer("见[1]。", ["正文一。"])
    text = render_markdown(answer)
    assert text.splitlines()[0] == "见[1]。"
    assert "**[1] 《青山县物业管理办法》 · 青山县 · 第一章 总则**" in text and "> 正文一。" in text


EXFIL = "见[1]。\n\n![x](http://203.0.113.9/exfil?q=1)\n\n<img src=http://203.0.113.9/a.png>"


def test_chat_bubbles_are_text_whatever_markdown_or_html_they_carry():
    html = text_html(EXFIL)
    assert "\n" not in html and "<br><br>" in html  # no blank line ends the HTML block
    for markup in ("![", "](", "<img", "http://"):
        assert markup not in html
    assert html.startswith("见&#91;1&#93;。") and "&lt;img" in html
    answer = answer_html(_answer(EXFIL, ["正文。"]), 0)
    assert '<a class="bitan-cite" href="#src-0-1">[1]</a>' in answer
    assert "![" not in answer and "<img" not in answer and "\n\n" not in answer
    assert question_html("![q](http://h/q.png)").startswith('<div class="bitan-question">&#33;')
    assert streaming_html("a\n\n![x](http://h/x)").count("<div") == 1
    assert "&#33;&#91;x&#93;" in streaming_html("![x](http://h/x)")


def test_escaped_markdown_shows_markup_as_itself():
    assert escape_markdown("![f](http://x/y.png)") == "\\!\\[f\\](http\\://x/y.png)"
    assert escape_markdown("<b>&amp;</b> *a* _b_ `c` $$d$$ |e|") == (
        "\\<b\\>\\&amp;\\</b\\> \\*a\\* \\_b\\_ \\`c\\` \\$\\$d\\$\\$ \\|e\\|"
    )
    assert escape_markdown("产假多久？规定（2024）. 1-2") == "产假多久？规定（2024）. 1-2"


def test_chat_markdown_escapes_document_and_answer_text_but_keeps_the_markers():
    answer = _answer(
        "见[1](http://evil/)。![a](http://h/a.png)", ["<img src=x>正文\n\n![p](http://h/p)"]
    )
    text = render_markdown(answer, escape=True)
    assert text.splitlines()[0] == "见[1]\\(http\\://evil/)。\\!\\[a\\](http\\://h/a.png)"
    assert "> \\<img src=x\\>正文\n> \n> \\!\\[p\\](http\\://h/p)" in text
    assert not re.search(r"(?<!\\)(<|!\[)", text)  # no < or ![ that is not escaped
    terminal = render_markdown(answer)  # the CLI shows the text as it is
    assert "<img src=x>正文" in terminal and terminal.startswith("见[1](http://evil/)")


def test_the_record_carries_notices_only_when_there_are_some():
    plain = _answer("见[1]。", ["正文。"])
    assert "notices" not in plain.record() and plain.notice == ""
    cut = replace(plain, notices=("The question was cut.", "Extractive answer shown."))
    assert cut.record()["notices"] == ["The question was cut.", "Extractive answer shown."]
    assert cut.notice == "The question was cut. Extractive answer shown."


def test_library_times_are_local_with_their_zone(monkeypatch):
    import time

    from assistant.render import local_time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert local_time("2026-11-28T06:05:00+00:00") == "2026-11-28 14:05 CST"
        assert local_time("2026-11-28T06:05:00") == "2026-11-28 14:05 CST"  # stored as UTC
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_fixed_phrases_in_cards_carry_both_languages_for_the_page_to_pick_one():
    answer = _answer("见[1]。", ["正文一。"])
    html = inline_sources(answer, 0)
    assert '<span class="bitan-zh">出处</span><span class="bitan-en">Sources</span>' in html
    assert cards_heading(answer) == "出处 / Sources"  # the side panel's heading, for page.py
