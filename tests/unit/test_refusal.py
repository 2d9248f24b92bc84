"""The refusal rule over coverage, and the evidence judge reading real text (no e5 needed)."""

from __future__ import annotations

from assistant.answering import EvidenceJudge
from assistant.answering.evidence import Concept, Coverage
from assistant.answering.kinds import Asked
from assistant.answering.refusal import decide, refusal_text
from assistant.query import QueryAnalyzer
from assistant.query.glossary import Glossary
from tests.fakes import FakeIndex, hits


def concepts(*specs: tuple[str, bool]) -> tuple[Concept, ...]:
    return tuple(Concept(label, (label,), known) for label, known in specs)


FIGURE = Asked("figure", "money")
HOW = Asked("how")


def test_an_unknown_place_is_not_in_the_library():
    known = concepts(("罚款", True))
    verdict = decide(Coverage(known, known, ("白云市",)), HOW, False)
    assert verdict.outcome == "not_in_library" and "白云市" in verdict.reason


def test_nothing_of_the_question_in_the_passages_and_mostly_unknown_is_not_in_the_library():
    asked = concepts(("世界杯", False), ("冠军", False), ("罚款", True))
    assert decide(Coverage(asked, (), ()), HOW, False).outcome == "not_in_library"


def test_a_word_the_library_lacks_is_not_enough_to_refuse():
    asked = concepts(("电瓶车", False), ("非机动车道", True), ("罚款", True))
    assert decide(Coverage(asked, asked[1:], ()), HOW, False).outcome == "answer"


def test_a_figure_no_passage_gives_is_possibly_relevant():
    asked = concepts(("罚款", True))
    assert decide(Coverage(asked, asked, ()), FIGURE, False).outcome == "possibly_relevant"
    assert decide(Coverage(asked, asked, ()), FIGURE, True).outcome == "answer"


def test_mostly_unknown_and_missing_is_possibly_relevant_unless_the_asked_unit_is_there():
    asked = concepts(("开罚单", False), ("个人", True))
    assert decide(Coverage(asked, (), ()), Asked("figure", "count"), True).refuse
    assert not decide(Coverage(asked, asked[1:], ()), FIGURE, True).refuse


def test_a_named_question_needs_its_other_concepts_in_the_passages():
    asked = concepts(("年度", True), ("预算", True), ("代表", True))
    coverage = Coverage(asked, asked[2:], ())
    assert decide(coverage, HOW, False, named=True).outcome == "possibly_relevant"
    assert decide(coverage, HOW, False, named=False).outcome == "answer"


def test_refusal_text_names_the_library_in_the_users_language():
    assert refusal_text("zh").startswith("资料库中没有找到")
    assert refusal_text("en").startswith("The library does not answer this.")
    assert "none of them states" in refusal_text("en", "possibly_relevant")


def test_the_judge_reads_the_passages_it_is_given():
    found = hits(
        "第十二条 业主大会每年至少召开一次会议。", "第二十条 物业服务企业应当公布公共收益。"
    )
    index = FakeIndex([h.chunk.keyword_text for h in found])
    analyzer = QueryAnalyzer(Glossary.load(), None, ["青山县"], [])
    judge = EvidenceJudge(index, analyzer)
    assert not judge.judge(analyzer.analyze("业主大会每年召开几次会议？"), found).refuse
    assert judge.judge(analyzer.analyze("青山县的人口有多少人？"), found).refuse
    assert judge.judge(analyzer.analyze("业主大会"), []) is None
    assert judge.checker() is judge.checker()  # rebuilt only when the index version changes


def test_an_attribute_the_library_never_states_is_possibly_relevant():
    found = hits(
        "第四十九条 各级人民代表大会应当为本级人民代表大会代表制发代表证。",
        "代表可以持代表证就地进行视察。",
    )
    index = FakeIndex([h.chunk.keyword_text for h in found])
    analyzer = QueryAnalyzer(Glossary.load(), None, [], [])
    judge = EvidenceJudge(index, analyzer)
    verdict = judge.judge(analyzer.analyze("人大代表的代表证是什么颜色的？"), found)
    assert verdict.outcome == "possibly_relevant" and "颜色" in verdict.reason
    # the same subject, asked what the text does state, is answered
    assert not judge.judge(analyzer.analyze("代表证由谁制发？"), found).refuse
