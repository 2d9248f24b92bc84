"""What the user sees of an answer: labels, checked markers, highlighted sentences, escaped
card HTML, the Markdown rendering."""

from __future__ import annotations

from assistant.answering.citations import check_citations
from assistant.models import Answer, Citation, source_label
from assistant.render import render_markdown
from assistant.web.cards import answer_html, article_html, source_cards
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


def test_markdown_lists_each_source_under_the_answer():
    answer = _answer("见[1]。", ["正文一。"])
    text = render_markdown(answer)
    assert text.splitlines()[0] == "见[1]。"
    assert "**[1] 《青山县物业管理办法》 · 青山县 · 第一章 总则**" in text and "> 正文一。" in text
