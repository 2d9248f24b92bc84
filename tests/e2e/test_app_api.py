"""The web app's named API endpoints, called with gradio_client against a running server."""

import re
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from assistant import Settings, build_assistant
from tests.servers import bitan_server

RAW = (
    "青山县人大常委会规定代表每年走访选民不少于四次<img src=x onerror=alert(1)>。"
    "![p](http://203.0.113.9/p.png)<script>alert(2)</script>\n"
)


@pytest.fixture(scope="module")
def server(column_index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    import shutil

    data = tmp_path_factory.mktemp("app") / "data"
    shutil.copytree(column_index_dir, data)
    raw = data.parent / "raw.md"
    raw.write_text(RAW, encoding="utf-8")
    build_assistant(Settings(data_dir=data)).ingest([raw])  # a document carrying markup
    with bitan_server(data, env={"BITAN_MAX_FILE_MB": "1"}) as url:
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
    assert turns(5) == turns({"role": "user"}) == []  # a history that is not a list is none


def test_only_the_two_named_endpoints_are_public(server: str):
    api = Client(server, verbose=False).view_api(return_format="dict", print_info=False)
    assert set(api["named_endpoints"]) == {"/ask", "/chat"}
    assert not api["unnamed_endpoints"]


@pytest.mark.parametrize("question", [["尧都区代表每月补助多少？"], {"q": "宁城县"}, 42])
def test_ask_with_a_question_that_is_not_text_gets_an_error_record(server: str, question):
    record = Client(server, verbose=False).predict(question, api_name="/ask")
    assert record == {
        "error": "The question must be text. / 问题必须是文字。",
        "question": question,
    }


def test_a_cut_question_carries_notices_in_its_record(server: str):
    client = Client(server, verbose=False)
    record = client.predict("尧都区代表每月补助多少？" * 200, api_name="/ask")
    assert record["notices"] == [
        "The question was cut to its first 2000 characters. / 问题过长，只取前 2000 个字。"
    ]
    assert record["citations"][0]["author"] == "鲁立波"
    assert "notices" not in client.predict("尧都区代表每月补助多少？", api_name="/ask")


def test_chat_returns_document_markup_escaped(server: str):
    text = Client(server, verbose=False).predict("青山县代表每年走访选民几次？", api_name="/chat")
    assert "青山县人大常委会规定代表每年走访选民不少于四次" in text
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "203.0.113.9" not in text  # a Markdown image is markup: ingest keeps only its alt text
    assert not re.search(r"(?<!\\)(<|!\[)", text)  # no < or ![ that is not escaped


def test_the_upload_route_refuses_files_over_the_size_limit(server: str):
    upload = server + "gradio_api/upload"
    small = httpx.post(upload, files={"files": ("a.txt", b"x" * 1000)}, timeout=30)
    assert small.status_code == 200
    big = httpx.post(upload, files={"files": ("b.txt", b"x" * (2**20 + 1))}, timeout=30)
    assert big.status_code == 413
