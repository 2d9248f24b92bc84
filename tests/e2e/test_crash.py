"""A real `bitan ingest` subprocess killed with SIGKILL in the middle of a folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import Settings, build_assistant
from ingest import chunk_document, parse_file
from tests.conftest import COLUMN

SMALL = "关于代表建议办理的报告\n\n今年共收到代表建议{n}件，已全部办结。办理满意率达到98%。\n"


@pytest.mark.slow
def test_kill_9_mid_folder_leaves_no_half_document_and_a_rerun_completes(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-first.txt").write_text(SMALL.format(n=120), encoding="utf-8")
    # The column twice (126 passages, about 20 s to embed here): the kill lands inside it even
    # on a machine several times faster.
    column = COLUMN.read_text(encoding="utf-8")
    (folder / "b-column.txt").write_text(column + "\n\n" + column, encoding="utf-8")
    (folder / "c-last.txt").write_text(SMALL.format(n=130), encoding="utf-8")
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(folder), "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"},
        text=True,
    )
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "a-first.txt" in line:
            break
    time.sleep(1.5)  # now inside the column's name tagging, embedding or Chroma writes
    assert proc.poll() is None, "".join(seen)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    assistant = build_assistant(Settings(data_dir=data))
    store = assistant.index.store
    manifest = store.manifest()
    assert "a-first.txt" in manifest and "b-column.txt" not in manifest
    # Every visible document is whole; nothing of the column is visible to questions.
    for info in assistant.documents():
        assert info.source == "a-first.txt"
    visible = [
        c for c in store.iter_chunks() if manifest.get(c.source) == c.doc_hash
    ]  # what the keyword index (the committed view) holds
    assert sorted(assistant.index.keyword.ids) == sorted(c.id for c in visible)
    answer = assistant.ask("人大讲堂是什么")
    assert all(c.chunk.source == "a-first.txt" for c in answer.retrieved)

    report = assistant.ingest([folder])
    assert [r.status for r in report.results] == ["unchanged", "indexed", "indexed"]
    clean_run = sum(len(chunk_document(parse_file(f))) for f in sorted(folder.iterdir()))
    assert store.count() == clean_run
    assert store.orphan_ids() == []
    assert assistant.index.keyword.version == assistant.index.version()
    assert len(assistant.index.keyword.ids) == clean_run
