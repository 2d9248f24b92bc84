"""What a user reads, on a law and on the column, with the real e5 index: the sentence that
answers comes first for each kind of question, comparisons answer each place, the three
outcomes of the refusal judge, follow-ups, and front matter never cited. The questions are
our own wording, not the evaluation files'."""

from __future__ import annotations

import re

import pytest

from assistant import Assistant, Settings, build_assistant
from ingest.frontmatter import is_front_matter
from tests.conftest import MORE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def law(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    assistant = build_assistant(Settings(data_dir=tmp_path_factory.mktemp("law")))
    assistant.ingest([MORE / "jiandufa-2024.md"])
    return assistant


def first(answer) -> str:
    assert not answer.abstained, answer.text
    return answer.citations[0].chunk.text.replace("\n", "")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("司法解释公布以后，最多多少天内要报人大常委会备案？", "三十日内"),  # a number
        ("国务院每年什么时候把中央决算草案交给人大常委会审批？", "每年六月"),  # a date
        ("执法检查报告要写哪些内容？", "执法检查报告包括下列内容"),  # a list
        ("谁可以提议成立特定问题的调查委员会？", "五分之一以上常务委员会组成人员"),  # who
        ("How soon must a judicial interpretation be filed after it is published?", "三十日内"),
    ],
)
def test_the_passage_that_answers_is_cited_first(law: Assistant, question: str, expected: str):
    assert expected in first(law.ask(question))


def test_a_list_question_quotes_the_items_after_the_opening_sentence(law: Assistant):
    answer = law.ask("执法检查报告要写哪些内容？")
    items = re.findall(r"（[一二三四五六七八九十]+）", answer.text)
    assert items == ["（一）", "（二）"]  # the law lists two: each once, in order
    assert len(items) == len(set(items))


def test_front_matter_is_never_cited_or_retrieved(law: Assistant):
    for question in ("监督法是哪一年修正的？", "监督法什么时候通过的？"):
        answer = law.ask(question)
        assert not any(is_front_matter(h.chunk.text) for h in answer.retrieved)
        assert not any(is_front_matter(c.chunk.text) for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("常务委员会组成人员每个月的工资是多少元？", "possibly_relevant"),
        ("What is the monthly salary of a standing committee member in yuan?", "not_in_library"),
        ("2022年世界杯的冠军是哪个国家？", "not_in_library"),
        ("Who won the 2022 World Cup?", "not_in_library"),
        ("深圳市人大常委会主任是谁？", "not_in_library"),
    ],
)
def test_what_the_law_does_not_say_is_not_answered(law: Assistant, question: str, outcome: str):
    answer = law.ask(question)
    assert answer.abstained and answer.outcome == outcome, (answer.text, answer.why)
    assert answer.why and "专栏" not in answer.text and "column" not in answer.text


def test_everyday_wording_is_answered_not_refused(law: Assistant):
    answer = law.ask("人大常委会每年都要听政府讲讲欠了多少债吗？")
    assert not answer.abstained
    # 欠债 shares no word with 政府债务: the passage is found (e5), not yet quoted first.
    assert any("政府债务" in h.chunk.text for h in answer.retrieved[:3])


def test_an_elliptical_follow_up_takes_the_previous_question(law: Assistant):
    first_q = "专项工作报告的审议意见交给谁研究处理？"
    answer = law.ask("那执法检查报告呢？", history=[(first_q, law.ask(first_q).text)])
    assert answer.rewritten_question == "执法检查报告的审议意见交给谁研究处理？"
    assert "执法检查报告" in first(answer)


def test_a_complete_follow_up_is_not_rewritten(law: Assistant):
    history = [("专项工作报告的审议意见交给谁研究处理？", "据…")]
    answer = law.ask("国务院每年要向全国人大常委会报告金融工作吗？", history=history)
    assert answer.rewritten_question == answer.question


def test_a_comparison_answers_each_place_with_its_own_citation(column_assistant):
    answer = column_assistant.ask("尧都区和宁城县在代表培训方面分别是怎么做的？")
    authors = {c.chunk.author for c in answer.citations}
    assert not answer.abstained and {"鲁立波", "钱荣新"} <= authors


def test_the_column_refuses_a_figure_it_never_gives_and_a_county_it_does_not_hold(
    column_assistant,
):
    assert column_assistant.ask("宁城县的GDP是多少？").abstained
    assert column_assistant.ask("白云县组织了多少期代表培训？").outcome == "not_in_library"


def test_the_brief_question_cites_the_evaluation_passage_first(column_assistant):
    zh = column_assistant.ask("宁城县人大常委会如何评价人大代表的履职情况？")
    assert "履职评议" in first(zh)
    en = column_assistant.ask("How does Ningcheng evaluate representatives?")
    assert "履职评议" in first(en)


def test_a_complete_question_after_another_place_is_not_rewritten(column_assistant: Assistant):
    history = [("宁城县如何评价人大代表履职？", "据钱荣新…")]
    answer = column_assistant.ask("尧都区补助多少？", history=history)
    assert answer.rewritten_question == "尧都区补助多少？"
    assert "200元" in answer.text


def test_a_question_with_two_places_and_fenbie_is_not_refused(column_assistant: Assistant):
    assert not column_assistant.ask("尧都区和宁城县在代表培训方面分别是怎么做的？").abstained
