"""Several users at once: over HTTP with gradio_client, and chats while the library ingests."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import Settings, build_assistant
from assistant.web.handlers import WebApp
from bench.load_test import run_load
from tests.conftest import MORE
from tests.servers import bitan_server

pytestmark = pytest.mark.slow


def test_concurrent_users_get_complete_answers(column_index_dir: Path, tmp_path: Path):
    """The CI-sized run of bench/load_test.py (the full 20 x 25 is run by hand)."""
    data = tmp_path / "data"
    shutil.copytree(column_index_dir, data)
    with bitan_server(data) as url:
        result = run_load(url, users=6, questions=5)
    assert result.errors == [] and result.incomplete == []
    assert len(result.latencies_ms) == 30 and result.answered >= 20 and result.refused >= 1


def test_chats_while_the_library_ingests_are_not_broken(index_copy: Path):
    web = WebApp(build_assistant(Settings(data_dir=index_copy)), index_copy)
    law = MORE / "daibiaofa-2025.md"  # a few hundred passages: ingesting takes a while
    failures: list[str] = []
    answers: list[str] = []
    uploading = threading.Event()

    def upload() -> None:
        uploading.set()
        report = web.upload([SimpleNamespace(name=str(law), orig_name=law.name)])
        if "**indexed**" not in report:
            failures.append(report)

    def chat(n: int) -> None:
        uploading.wait()
        for question in [
            "尧都区代表每月补助多少？",
            "How does Ningcheng evaluate representatives?",
        ]:
            *_, (messages, _, state, cards, _) = web.respond(question, [], [])
            turn = state["turns"][-1]
            if not cards or turn.get("error") or not turn["cited"]:
                failures.append(f"user {n}: {messages[-1]['content']}")
            answers.append(turn["answer"])

    threads = [threading.Thread(target=upload)] + [
        threading.Thread(target=chat, args=(n,)) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(answers) == 6 and all("[1]" in a for a in answers)
    assert law.name in web.sources()
