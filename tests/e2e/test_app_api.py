"""The web app's named API endpoints, called with gradio_client against a running server."""

from pathlib import Path

import pytest
from gradio_client import Client

from tests.servers import bitan_server


@pytest.fixture(scope="module")
def server(column_index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    data = tmp_path_factory.mktemp("app") / "data"
    shutil.copytree(column_index_dir, data)
    with bitan_server(data) as url:
        yield url


def test_ask_endpoint_returns_the_json_record(server: str):
    record = Client(server, verbose=False).predict("尧都区代表每月补助多少？", api_name="/ask")
    assert record["question"] == "尧都区代表每月补助多少？"
    assert record["citations"][0]["author"] == "鲁立波"
    assert "200元" in record["answer"]


def test_chat_endpoint_returns_rendered_answer_with_sources(server: str):
    text = Client(server, verbose=False).predict(
        "How does Ningcheng evaluate representatives?", api_name="/chat"
    )
    assert "[1]" in text and "钱荣新" in text


def test_serve_indexes_the_column_when_the_index_is_empty(tmp_path: Path):
    with bitan_server(tmp_path / "empty") as url:
        record = Client(url, verbose=False).predict(
            "宝坻区组织开展的全民阅读活动叫什么名字？", api_name="/ask"
        )
    assert record["citations"][0]["author"] == "丁洪生"


def test_chat_history_becomes_question_answer_turns():
    from assistant.web.handlers import turns

    history = [
        {"role": "user", "content": "郧阳区人大常委会督办了哪个议案？"},
        {"role": "assistant", "content": [{"type": "text", "text": "据姜文静…"}]},
        {"role": "user", "content": "涉及多少件？"},
    ]
    assert turns(history) == [("郧阳区人大常委会督办了哪个议案？", "据姜文静…")]


def test_only_the_two_named_endpoints_are_public(server: str):
    api = Client(server, verbose=False).view_api(return_format="dict", print_info=False)
    assert set(api["named_endpoints"]) == {"/ask", "/chat"}
    assert not api["unnamed_endpoints"]
