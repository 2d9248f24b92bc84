"""The rule-based condenser's shapes of follow-up question."""

import pytest

from assistant.query.analyzer import QueryAnalyzer
from assistant.query.condense import RuleCondenser
from assistant.query.glossary import Glossary
from tests.unit.test_query import PEOPLE, PLACES


def condense(condenser: RuleCondenser, question: str, history) -> str:
    return condenser.condense(condenser.analyzer.analyze(question), history)


@pytest.fixture(scope="module")
def condenser() -> RuleCondenser:
    return RuleCondenser(QueryAnalyzer(Glossary.load(), None, PLACES, PEOPLE))


def test_a_new_name_replaces_the_old_one(condenser):
    history = [("宁城县如何评价人大代表履职？", "据钱荣新…")]
    assert condense(condenser, "那邳州呢？", history) == "邳州如何评价人大代表履职？"


def test_a_new_english_name_replaces_the_old_one(condenser):
    history = [
        ("What did Ningcheng publish to standardise deputies' homes?", "According to 钱荣新…")
    ]
    rewritten = condense(condenser, "And what about Yunyang?", history)
    assert rewritten == "What did Yunyang publish to standardise deputies' homes?"


def test_an_elliptical_question_borrows_the_previous_subject(condenser):
    history = [("郧阳区人大常委会督办了哪个议案？", "据姜文静…")]
    rewritten = condense(condenser, "涉及多少件代表建议？", history)
    assert rewritten.startswith("涉及多少件代表建议？") and "郧阳区" in rewritten
    since = condense(
        condenser, "Since when?", [("How much is Yaodu's deputy subsidy?", "According to 鲁立波…")]
    )
    assert since.startswith("Since when?") and "Yaodu" in since


def test_a_pronoun_becomes_the_person_of_the_previous_answer(condenser):
    history = [("Who wrote the Yaodu article?", "According to 鲁立波, 《…》, 山西尧都区: …")]
    assert condense(condenser, "What is his position?", history).startswith(
        "What is 鲁立波's position?"
    )


def test_a_complete_question_is_left_alone(condenser):
    history = [("宁城县如何评价人大代表履职？", "据钱荣新…")]
    question = "宝坻区组织开展的全民阅读活动叫什么名字？"
    assert condense(condenser, question, history) == question
    assert condense(condenser, "涉及多少件？", []) == "涉及多少件？"


def test_a_question_with_its_own_subject_and_predicate_is_never_rewritten(condenser):
    history = [("宁城县如何评价人大代表履职？", "据钱荣新…")]
    assert condense(condenser, "尧都区补助多少？", history) == "尧都区补助多少？"
    history = [("How does Ningcheng evaluate representatives?", "According to 钱荣新…")]
    question = "What did Pizhou do about the poetry conference?"
    assert condense(condenser, question, history) == question


def test_what_about_a_noun_swaps_the_noun_of_the_same_head(condenser):
    history = [("工伤保险是不是全由公司交，员工自己要不要出钱？", "据…")]
    assert condense(condenser, "那生育保险呢？", history) == "生育保险是不是全由公司交，员工自己要不要出钱？"  # fmt: skip
    # no noun of the same head: the question is read with the previous one
    history = [("个人最多能被罚多少钱？", "据…")]
    assert (
        condense(condenser, "那要是公司呢？", history) == "那要是公司呢？ (个人最多能被罚多少钱？)"
    )


def test_a_pronoun_question_borrows_the_subject_from_a_law_question(condenser):
    history = [("监督法规定的专项工作报告由谁提出？", "据…")]
    rewritten = condense(condenser, "它要在什么时候提交？", history)
    assert rewritten.endswith("(监督法规定的专项工作报告由谁提出？)")


def test_greetings_modal_gai_and_long_pronoun_questions_are_not_follow_ups(condenser):
    history = [("上海的农机补贴标准是多少？", "据…")]
    assert condense(condenser, "你好", history) == "你好"
    assert condense(condenser, "代表想辞职该怎么办？", history) == "代表想辞职该怎么办？"
    question = "Do deputies still get their salary when they do deputy work?"
    assert condense(condenser, question, [("Can a deputy be arrested?", "…")]) == question


def test_a_complete_question_after_and_or_about_this_document_stands_alone(condenser):
    history = [("How much is a subway ticket in Beijing?", "The library does not answer this.")]
    assert condense(condenser, "And who handles the funding?", history) == (
        "And who handles the funding?"
    )
    assert condense(condenser, "And how long?", history) != "And how long?"  # still a follow-up
    notice = [("2005年建成的楼能申请补贴吗？", "据《关于…的通知》：…")]
    question = "这个通知里各部门分别负责什么？"
    assert condense(condenser, question, notice) == question
    assert condense(condenser, "这个怎么申请？", notice) != "这个怎么申请？"
