"""A 通知 indexed next to the column: its particulars reach Chroma, `bitan docs --json` and the
keyword index, so a question naming its 文号 or issuing body finds it."""

import json
import subprocess
import sys
from pathlib import Path

from assistant import Settings, build_assistant
from tests.formats import NOTICE

FIELDS = {"source", "title", "author", "place", "chunks"}


def test_a_notice_is_listed_and_found_by_its_number_and_issuer(index_copy: Path, tmp_path: Path):
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    assistant = build_assistant(Settings(data_dir=index_copy))
    assert assistant.ingest([notice]).results[0].status == "indexed"

    result = subprocess.run(
        [sys.executable, "-m", "assistant", "docs", "--json", "--data-dir", str(index_copy)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    docs = json.loads(result.stdout)
    (listed,) = [d for d in docs if d["source"] == "notice.txt"]
    assert listed["doc_number"] == "青政办发〔2025〕7号"
    assert listed["issuer"] == "青山县人民政府办公室" and listed["date"] == "2025-03-12"
    assert all(set(d) == FIELDS for d in docs if d["source"] != "notice.txt")  # optional fields

    for question in (
        "青政办发〔2025〕7号文件要求建议多久办结？",
        "青山县人民政府办公室对代表建议办理有什么要求？",
    ):
        answer = assistant.ask(question)
        assert answer.retrieved[0].chunk.source == "notice.txt", question
        assert answer.retrieved[0].chunk.doc_number == "青政办发〔2025〕7号"
