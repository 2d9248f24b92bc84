"""The same commands against a real `chroma run` server (BITAN_CHROMA_URL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Settings, build_assistant
from assistant.web.handlers import WebApp
from tests.conftest import COLUMN
from tests.servers import ChromaServer
from vectorstore import StoreUnavailable

pytestmark = [pytest.mark.server, pytest.mark.slow]

REPORT = "关于代表建议办理的报告\n\n今年共收到代表建议120件，已全部办结。\n\n代表联络站共接待群众3000人次。\n"


@pytest.fixture(scope="module")
def chroma(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma") / "db").start()
    yield server
    server.stop()


def bitan(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **env},
        timeout=300,
    )


def test_cli_ingest_docs_and_ask_through_the_server(chroma: ChromaServer, tmp_path: Path):
    env = {"BITAN_CHROMA_URL": chroma.url, "BITAN_CHROMA__COLLECTION": "cli-column"}
    first = bitan("ingest", str(COLUMN), "--data-dir", str(tmp_path / "a"), env=env)
    assert first.returncode == 0, first.stderr
    assert "1 indexed" in first.stderr
    # Another process with its own data dir (no keyword index yet) sees the same documents.
    docs = bitan("docs", "--json", "--data-dir", str(tmp_path / "b"), env=env)
    assert docs.returncode == 0, docs.stderr
    authors = [d["author"] for d in json.loads(docs.stdout)]
    assert authors == ["鲁立波", "吕岩", "钱荣新", "姜文静", "丁洪生"]
    asked = bitan("ask", "--json", "宁城县怎样评议代表", "--data-dir", str(tmp_path / "b"), env=env)
    assert asked.returncode == 0, asked.stderr
    record = json.loads(asked.stdout)
    assert record["citations"][0]["author"] == "钱荣新"
    # Nothing was written to an embedded store in either data dir.
    assert not (tmp_path / "a" / "chroma").exists() and not (tmp_path / "b" / "chroma").exists()


def test_two_processes_agree_on_the_keyword_index(chroma: ChromaServer, tmp_path: Path):
    settings = {"chroma_url": chroma.url, "chroma": {"collection": "shared-team"}}
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT, encoding="utf-8")
    writer = build_assistant(Settings(data_dir=tmp_path / "writer", **settings))
    reader = build_assistant(Settings(data_dir=tmp_path / "reader", **settings))
    assert reader.index.keyword.ids == ()
    writer.ingest([doc])
    reader._synced_at = 0.0  # the reader's periodic check is due
    answer = reader.ask("代表联络站接待群众多少人次")
    assert "3000人次" in answer.citations[0].chunk.text
    assert reader.index.keyword.version == writer.index.keyword.version == writer.index.version()
    writer.remove("report.txt")
    reader._synced_at = 0.0
    assert reader.ask("代表联络站接待群众多少人次").citations == ()


def test_a_server_that_goes_away_gives_a_clear_message_and_service_resumes(tmp_path: Path):
    server = ChromaServer(tmp_path / "db").start()
    try:
        settings = Settings(data_dir=tmp_path / "data", chroma_url=server.url)
        assistant = build_assistant(settings)
        doc = tmp_path / "report.txt"
        doc.write_text(REPORT, encoding="utf-8")
        assistant.ingest([doc])
        server.stop()
        assistant._synced_at = 0.0
        with pytest.raises(StoreUnavailable, match="Chroma server is not answering"):
            assistant.ask("今年收到代表建议多少件")
        # The page says so in the chat instead of failing.
        web = WebApp(assistant, tmp_path / "data")
        *_, (chat, box, state, cards, _) = web.respond("今年收到代表建议多少件", [], [])
        assert "The index is not reachable" in chat[-1]["content"] and cards == []
        assert box == "今年收到代表建议多少件"  # the question stays in the box to send again
        assert "the Chroma server" in web.ask_record("今年收到代表建议多少件")["error"]
        down = bitan("ask", "今年收到代表建议多少件", "--data-dir", str(tmp_path / "cli"),
                     env={"BITAN_CHROMA_URL": server.url})  # fmt: skip
        assert down.returncode == 2
        assert f"cannot reach the Chroma server at {server.url}" in down.stderr
        assert "Traceback" not in down.stderr
        server.start()
        answer = assistant.ask("今年收到代表建议多少件")
        assert "120件" in answer.citations[0].chunk.text
        *_, (chat, _, _, cards, _) = web.respond("今年收到代表建议多少件", [], [])
        assert cards and "bitan-answer" in chat[-1]["content"]
    finally:
        server.stop()
