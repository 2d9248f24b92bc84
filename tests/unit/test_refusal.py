"""The refusal rule over coverage, and the evidence judge reading real text (no e5 needed)."""

from __future__ import annotations

from assistant.answering import EvidenceJudge
from assistant.answering.evidence import Concept, Coverage
from assistant.answering.refusal import decide, refusal_text
from assistant.query import QueryAnalyzer
from assistant.query.glossary import Glossary
from tests.fakes import FakeIndex, hits


def concepts(*specs: tuple[str, bool]) -> tuple[Concept, ...]:
    return tuple(Concept(label, (label,), known) for label, known in specs)


def test_an_unknown_place_is_refused_first():
    verdict = decide(Coverage(concepts(("罚款", True)), concepts(("罚款", True)), ("白云市",)))
    assert verdict.refuse and "白云市" in verdict.reason


def test_a_third_of_the_concepts_unknown_to_the_corpus_is_refused():
    asked = concepts(("罚款", True), ("人口", False), ("数量", True))
    assert decide(Coverage(asked, asked[:1], ())).refuse
    known = concepts(("罚款", True), ("期限", True), ("会议", True), ("天气", False))
    assert not decide(Coverage(known, known[:3], ())).refuse  # a quarter unknown: answered


def test_half_or_less_of_two_or_more_concepts_in_the_passages_is_refused():
    asked = concepts(("业主", True), ("预算", True))
    assert decide(Coverage(asked, asked[:1], ())).refuse
    assert not decide(Coverage(asked, asked, ())).refuse
    single = concepts(("业主", True))
    assert not decide(Coverage(single, (), ())).refuse  # one concept alone never refuses here


def test_refusal_text_is_in_the_users_language():
    assert refusal_text("zh").startswith("专栏中没有找到相关内容")
    assert refusal_text("en").startswith("The column does not cover this.")


def test_the_judge_reads_the_passages_it_is_given():
    found = hits(
        "第十二条 业主大会每年至少召开一次会议。", "第二十条 物业服务企业应当公布公共收益。"
    )
    index = FakeIndex([h.chunk.keyword_text for h in found])
    analyzer = QueryAnalyzer(Glossary.load(), None, ["青山县"], [])
    judge = EvidenceJudge(index, analyzer)
    assert not judge.judge(analyzer.analyze("业主大会每年召开几次会议？"), found).refuse
    assert judge.judge(analyzer.analyze("青山县的人口和面积是多少？"), found).refuse
    assert judge.judge(analyzer.analyze("业主大会"), []) is None
    assert judge.checker() is judge.checker()  # rebuilt only when the index version changes
