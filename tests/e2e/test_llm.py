"""The LLM path with the real langchain-openai client against a local fake OpenAI server."""

from pathlib import Path

import pytest

from assistant import Settings, build_assistant
from assistant.answering.answerers.llm import LLMAnswerer, fence_passages
from tests.fake_openai import fake_openai_server
from tests.servers import free_port


@pytest.fixture()
def llm(column_index_dir: Path):
    with fake_openai_server() as (url, state):
        settings = Settings(
            data_dir=column_index_dir,
            llm="openai:fake-qwen",
            llm_base_url=url,
            llm_api_key="sk-test-secret",
            llm_timeout=2,
        )
        yield build_assistant(settings), state


def test_llm_answer_keeps_only_cited_passages_renumbered(llm):
    assistant, server = llm
    server.replies = ["尧都区给代表每人每月发放交通通讯补助200元[3]。补助从2022年开始[3]。"]
    answer = assistant.ask("尧都区代表每月补助多少？")
    assert answer.text == "尧都区给代表每人每月发放交通通讯补助200元[1]。补助从2022年开始[1]。"
    assert len(answer.citations) == 1
    assert answer.citations[0].chunk.id == answer.retrieved[2].chunk.id
    request = server.requests[-1]
    assert request["model"] == "fake-qwen"
    assert '<passage n="1"' in request["messages"][1]["content"]
    assert "Chinese" in request["messages"][0]["content"]


def test_out_of_range_markers_are_removed(llm):
    assistant, server = llm
    server.replies = ["宁城县组织开展代表履职评议[1]，并建立退出机制[9]。"]
    answer = assistant.ask("宁城县如何评价代表履职？")
    assert "[9]" not in answer.text and "[1]" in answer.text
    assert len(answer.citations) == 1


def test_an_answer_without_citations_falls_back_to_extractive(llm):
    assistant, server = llm
    server.replies = ["代表们都很努力。"]
    answer = assistant.ask("尧都区代表每月补助多少？")
    assert "200元" in answer.text and "[1]" in answer.text
    assert "extractive" in answer.notice


def test_a_timeout_falls_back_with_a_notice(llm):
    assistant, server = llm
    server.delay = 3.0  # the client gives up after 2 s
    server.replies = ["太慢了[1]。"]
    answer = assistant.ask("尧都区代表每月补助多少？")
    assert "200元" in answer.text and not answer.abstained
    assert "did not answer" in answer.notice


def test_a_server_that_is_down_falls_back(column_index_dir: Path):
    url = f"http://127.0.0.1:{free_port()}/v1"
    assistant = build_assistant(
        Settings(data_dir=column_index_dir, llm="openai:m", llm_base_url=url, llm_timeout=2)
    )
    answer = assistant.ask("尧都区代表每月补助多少？")
    assert "200元" in answer.text and "did not answer" in answer.notice


def test_an_out_of_scope_question_never_reaches_the_llm(llm):
    assistant, server = llm
    answer = assistant.ask("宁城县有多少人口？")
    assert answer.abstained
    assert server.requests == []


def test_streaming_through_the_real_client(llm):
    assistant, server = llm
    server.replies = ["据钱荣新，宁城县开展代表履职评议[1]。"]
    answerer = assistant.chain.answerer
    assert isinstance(answerer, LLMAnswerer)
    plan = assistant.chain.analyzer.analyze("宁城县如何评价代表履职？")
    pieces = list(answerer.stream(plan, assistant.retriever.retrieve(plan)))
    assert len(pieces) > 1 and "".join(pieces) == "据钱荣新，宁城县开展代表履职评议[1]。"
    assert server.requests[-1]["stream"] is True


def test_assistant_stream_yields_text_then_the_checked_answer(llm):
    assistant, server = llm
    server.replies = ["据钱荣新，宁城县开展代表履职评议[2]。"]
    events = list(assistant.stream("宁城县如何评价代表履职？"))
    *pieces, answer = events
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == "据钱荣新，宁城县开展代表履职评议[2]。"
    assert answer.text == "据钱荣新，宁城县开展代表履职评议[1]。"  # checked and renumbered
    assert len(answer.citations) == 1 and answer.citations[0].chunk.author == "钱荣新"


def test_a_refusal_is_not_streamed_from_the_model(llm):
    assistant, server = llm
    before = len(server.requests)
    (answer,) = list(assistant.stream("上海市浦东新区的人口有多少？"))
    assert answer.abstained and len(server.requests) == before


def test_the_llm_condenser_rewrites_follow_ups(llm):
    assistant, server = llm
    server.replies = ["郧阳区督办的议案涉及多少件代表建议？", "涉及122件代表意见建议[1]。"]
    answer = assistant.ask(
        "涉及多少件代表建议？", history=[("郧阳区人大常委会督办了哪个议案？", "据姜文静…")]
    )
    assert answer.rewritten_question == "郧阳区督办的议案涉及多少件代表建议？"


def test_passages_are_fenced_as_data(column_assistant):
    hits = column_assistant.search("尧都区代表每月补助多少？")
    fenced = fence_passages(hits)
    assert fenced.count("<passage") == len(hits) and fenced.count("</passage>") == len(hits)


def test_api_key_is_not_in_the_settings_repr(tmp_path: Path):
    settings = Settings(data_dir=tmp_path, llm="openai:m", llm_api_key="sk-very-secret")
    assert "sk-very-secret" not in repr(settings) and "sk-very-secret" not in str(
        settings.model_dump()
    )
