"""Answers from the real column index: the sentence picker, refusals on both sides, citations."""

import re

import pytest

from assistant.answering.citations import check_citations
from assistant.answering.refusal import NOT_COVERED, POSSIBLY
from assistant.models import Hit
from ingest.models import Chunk


def _hit(n: int) -> Hit:
    chunk = Chunk(
        id=f"c{n}",
        text=f"第{n}段。",
        source="s",
        title="t",
        author="a",
        province="",
        place="p",
        section="",
        start=0,
        end=3,
        article=0,
        ordinal=n,
        doc_hash="h",
    )
    return Hit(chunk, 1.0 / n)


def test_citation_check_drops_out_of_range_and_renumbers():
    hits = [_hit(1), _hit(2), _hit(3)]
    checked = check_citations("甲[3]。乙[7]。丙[1][1]。丁[3]", hits)
    assert checked.text == "甲[1]。乙。丙[2]。丁[1]"
    assert [h.chunk.id for h in checked.hits] == ["c3", "c1"]
    assert checked.dropped == (7,)
    assert check_citations("没有引用。", hits).hits == ()


@pytest.mark.parametrize(
    ("question", "author", "figure"),
    [
        ("尧都区代表每月补助多少？", "鲁立波", "200元"),
        ("How many industry liaison stations did Pizhou build?", "吕岩", "13个"),
        ("郧阳区人大常委会成立了几个督导组？", "姜文静", "七个督导组"),
    ],
)
def test_the_picker_quotes_the_sentence_with_the_asked_figure(
    column_assistant, question, author, figure
):
    answer = column_assistant.ask(question)
    assert not answer.abstained
    assert answer.citations[0].chunk.author == author
    assert figure in answer.text
    assert "[1]" in answer.text


def test_answers_lead_with_the_source_in_the_question_language(column_assistant):
    zh = column_assistant.ask("宁城县的“人大讲堂”是做什么的？")
    assert zh.text.startswith("据钱荣新《建设“四个机关” 擦亮履职底色》（内蒙古宁城县）：")
    en = column_assistant.ask("What does Ningcheng's people's congress lecture hall do?")
    assert en.text.startswith("According to Qian Rongxin 钱荣新, 《建设“四个机关” 擦亮履职底色》")


def test_every_marker_points_at_a_citation(column_assistant):
    answer = column_assistant.ask("邳州和宁城县如何加强代表履职管理？")
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == set(range(1, len(answer.citations) + 1))


@pytest.mark.parametrize(
    "question",
    [
        "宁城县有多少人口？",
        "What is the population of Pizhou?",
        "成都市人大常委会如何开展代表培训？",
        "Who is the mayor of Baodi?",
    ],
)
def test_out_of_scope_questions_are_refused_with_the_nearest_passages(column_assistant, question):
    answer = column_assistant.ask(question)
    assert answer.abstained
    assert answer.text.startswith(tuple(NOT_COVERED.values()) + tuple(POSSIBLY.values()))
    assert 0 < len(answer.citations) <= 3  # nearest passages, marked by abstained
    assert answer.why  # the reason, folded away on the page


@pytest.mark.parametrize(
    "question",
    [
        "宁城县如何评价代表履职？",
        "How does Ningcheng evaluate representatives?",
        "尧都区代表每月补助多少？",
    ],
)
def test_in_scope_questions_are_answered(column_assistant, question):
    assert not column_assistant.ask(question).abstained


def test_a_follow_up_is_rewritten_and_answered(column_assistant):
    first = column_assistant.ask("郧阳区人大常委会督办了哪个议案？")
    second = column_assistant.ask(
        "涉及多少件代表建议？", history=[(first.rewritten_question, first.text)]
    )
    assert "郧阳区" in second.rewritten_question
    assert "122" in second.text


def test_a_question_naming_a_place_is_answered_from_that_places_article(column_assistant):
    # Another article may share more words (活动, 开展) but not the subject.
    answer = column_assistant.ask("宝坻区人大常委会开展了哪些活动？")
    assert not answer.abstained
    assert {c.chunk.author for c in answer.citations} == {"丁洪生"}
