"""The answer chain's own logic (streaming, checking, fallback, refusal) with the real chain,
analyzer, judge and extractive answerer over fixed passages: no e5 index needed."""

from __future__ import annotations

import pytest

from assistant.answering import AnswerChain, EvidenceJudge
from assistant.answering.answerers import ExtractiveAnswerer
from assistant.query import QueryAnalyzer, RuleCondenser
from assistant.query.glossary import Glossary
from tests.fakes import FakeIndex, FixedRetriever, ScriptedAnswerer, hits

PASSAGES = hits(
    "第十二条 业主大会每年至少召开一次会议。经百分之二十以上的业主提议，应当召开临时会议。",
    "第二十条 物业服务企业应当每季度公布一次公共收益的收支情况。",
    "第三十条 违反本办法规定的，由县物业管理主管部门责令改正，处五千元以上二万元以下罚款。",
)


def make_chain(answerer, found=PASSAGES) -> AnswerChain:
    analyzer = QueryAnalyzer(Glossary.load(), None, ["青山县"], [])
    index = FakeIndex([h.chunk.keyword_text + " " + h.chunk.title for h in found])
    tokenizer = index.keyword.tokenizer
    return AnswerChain(
        analyzer=analyzer,
        condenser=RuleCondenser(analyzer),
        retriever=FixedRetriever(found),
        judge=EvidenceJudge(index, analyzer),
        answerer=answerer,
        fallback=ExtractiveAnswerer(tokenizer),
    )


def run(chain: AnswerChain, question: str, history=()):
    pieces: list[str] = []
    steps = chain.stream(question, history)
    while True:
        try:
            pieces.append(next(steps))
        except StopIteration as done:
            return pieces, done.value


def test_streamed_pieces_come_first_then_the_checked_renumbered_answer():
    chain = make_chain(ScriptedAnswerer(["业主大会每年", "至少召开一次会议[2]。"]))
    pieces, state = run(chain, "业主大会多久开一次会？")
    assert pieces == ["业主大会每年", "至少召开一次会议[2]。"]
    assert state.text == "业主大会每年至少召开一次会议[1]。"
    assert [h.chunk.text[:4] for h in state.cited] == ["第二十条"]
    assert not state.abstained


def test_a_model_that_fails_mid_answer_gives_way_to_the_extractive_answer():
    chain = make_chain(ScriptedAnswerer(["业主"], error=TimeoutError()))
    _, state = run(chain, "业主大会每年至少召开几次会议？")
    assert "did not answer (TimeoutError)" in state.notice
    assert "每年至少召开一次会议" in state.text and "[1]" in state.text
    assert not state.abstained


def test_an_answer_citing_no_passage_is_replaced_with_notice():
    chain = make_chain(ScriptedAnswerer(["每年一次[9]。"]))
    _, state = run(chain, "业主大会每年至少召开几次会议？")
    assert "cited no passage" in state.notice and "[9]" not in state.text
    assert state.cited


def test_the_extractive_answerer_does_not_stream_but_answers():
    chain = make_chain(ExtractiveAnswerer(FakeIndex([]).keyword.tokenizer))
    pieces, state = run(chain, "违反本办法的罚款是多少？")
    assert pieces == []
    assert "五千元以上二万元以下罚款" in state.text and "[1]" in state.text


def test_a_refusal_never_asks_the_answerer():
    answerer = ScriptedAnswerer(["不该出现[1]"])
    chain = make_chain(answerer)
    _, state = run(chain, "白云市的人口有多少？")
    assert state.abstained and answerer.calls == []
    assert state.text.startswith("专栏中没有找到相关内容") or "没有" in state.text


@pytest.mark.parametrize("found", [[]])
def test_nothing_retrieved_is_a_refusal_without_passages(found):
    _, state = run(make_chain(ScriptedAnswerer(["x[1]"]), found), "业主大会多久开一次？")
    assert state.abstained and state.cited == () and state.verdict is None
