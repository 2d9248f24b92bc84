"""Several app replicas behind one Chroma server: two `bitan serve` processes, each with its own
data dir, against one real `chroma run`. What one side ingests or removes, the other answers
from (or stops citing) within a few seconds, with no restart."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from gradio_client import Client

from tests.servers import ChromaServer, bitan_server

pytestmark = [pytest.mark.server, pytest.mark.slow]

NOTICE = (
    "关于开展河道清淤工作的通知\n\n"
    "各乡镇：今年汛期前，全县要完成河道清淤四十二公里，由县水利局统一组织验收。\n"
)
QUESTION = "今年汛期前全县要完成多少公里河道清淤？"
PROPAGATION_S = 5.0  # the bound: the other replica sees a change within 5 s


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, dict, Path]]:
    root = tmp_path_factory.mktemp("replicas")
    chroma = ChromaServer(root / "db").start()
    env = {"BITAN_CHROMA_URL": chroma.url, "BITAN_CHROMA__COLLECTION": "replicas"}
    with ExitStack() as stack:
        # One after the other: the first indexes the bundled column, the second finds it there.
        first = stack.enter_context(bitan_server(root / "a", env))
        second = stack.enter_context(bitan_server(root / "b", env))
        yield first, second, env, root
    chroma.stop()


def ask(url: str, question: str) -> dict:
    return Client(url, verbose=False).predict(question, api_name="/ask")


def cites(record: dict, text: str) -> bool:
    return any(text in c["text"] for c in record.get("citations", []) if not record["abstained"])


def wait_for(check, timeout: float) -> float:
    """Seconds until ``check()`` is true; fails after ``timeout``."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            pytest.fail(f"not seen within {timeout:.0f} s")
        time.sleep(0.25)
    return time.monotonic() - start


def bitan(*args: str, env: dict) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def test_both_replicas_answer_from_the_shared_column(replicas):
    first, second, _, _ = replicas
    for url in (first, second):
        record = ask(url, "宁城县怎样评议代表")
        assert record["citations"][0]["author"] == "钱荣新"


def test_a_document_added_and_removed_on_one_side_reaches_the_other(replicas, tmp_path: Path):
    first, second, env, root = replicas
    doc = tmp_path / "notice.txt"
    doc.write_text(NOTICE, encoding="utf-8")
    assert not cites(ask(second, QUESTION), "四十二公里")
    # Written with the first replica's data dir and settings, as its library page does.
    bitan("ingest", str(doc), "--data-dir", str(root / "a"), env=env)
    wait_for(lambda: cites(ask(first, QUESTION), "四十二公里"), PROPAGATION_S)
    wait_for(lambda: cites(ask(second, QUESTION), "四十二公里"), PROPAGATION_S)
    bitan("remove", "notice.txt", "--data-dir", str(root / "b"), env=env)
    wait_for(lambda: not cites(ask(first, QUESTION), "四十二公里"), PROPAGATION_S)
