"""The ``bitan`` command as a user runs it: a real subprocess on a real index."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BITAN = [sys.executable, "-m", "assistant"]


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*BITAN, *args, "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=300
    )


def test_docs_json_lists_the_five_articles(column_index_dir: Path):
    result = run("docs", "--json", data_dir=column_index_dir)
    assert result.returncode == 0, result.stderr
    docs = json.loads(result.stdout)
    assert [(d["author"], d["place"]) for d in docs] == [
        ("鲁立波", "尧都区"),
        ("吕岩", "邳州市"),
        ("钱荣新", "宁城县"),
        ("姜文静", "郧阳区"),
        ("丁洪生", "宝坻区"),
    ]
    assert docs[2]["title"] == "建设“四个机关” 擦亮履职底色"
    assert all(
        set(d) == {"source", "title", "author", "place", "chunks"} and d["chunks"] > 0 for d in docs
    )


@pytest.mark.parametrize(
    "question", ["How does Ningcheng evaluate representatives?", "宁城县如何评价人大代表履职？"]
)
def test_ask_json_cites_ningcheng_in_the_top_three(column_index_dir: Path, question: str):
    result = run("ask", "--json", question, data_dir=column_index_dir)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) - {"glosses"} == {  # glosses: optional, for an English question
        "id",
        "question",
        "rewritten_question",
        "answer",
        "abstained",
        "citations",
        "latency_ms",
    }
    assert record["question"] == question and not record["abstained"]
    assert "钱荣新" in [c["author"] for c in record["citations"][:3]]
    first = record["citations"][0]
    assert set(first) == {"n", "text", "title", "author", "place", "section", "source", "score"}
    assert first["n"] == 1 and "[1]" in record["answer"]


def test_ask_refuses_an_empty_question_clearly(column_index_dir: Path):
    result = run("ask", "   ", data_dir=column_index_dir)
    assert result.returncode == 2
    assert "question" in result.stderr.lower() and "Traceback" not in result.stderr


def test_ingest_reports_per_file_and_rejects_a_missing_path(tmp_path: Path):
    result = run("ingest", str(tmp_path / "nope.txt"), data_dir=tmp_path / "d")
    assert result.returncode == 2 and "no such file" in result.stderr
    good = tmp_path / "a.txt"
    good.write_text("代表联络站每周一开放。\n", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = run("ingest", str(good), str(bad), data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert "1 indexed" in result.stderr and "1 rejected" in result.stderr
    assert "b.txt" in result.stderr and "Traceback" not in result.stderr
