"""The bad-input matrix: each case gets a clear message, never a traceback, and a rejected file
leaves the index exactly as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from opencc import OpenCC

from assistant import Assistant, QuestionError, Settings, build_assistant
from assistant.web.uploads import safe_name
from tests.formats import make_docx, make_pdf

TEXT = "青山县人大常委会建立代表“履职积分”制度，每季度公开一次积分排名。\n"


@pytest.fixture(scope="module")
def assistant(column_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    import shutil

    data = tmp_path_factory.mktemp("bad-input") / "data"
    shutil.copytree(column_index_dir, data)
    return build_assistant(Settings(data_dir=data, max_file_mb=1))


# -- questions ------------------------------------------------------------------------------------
@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\x00\x01\x1b"])
def test_empty_questions_are_refused_with_a_message(assistant: Assistant, question: str):
    with pytest.raises(QuestionError, match="Please type a question. / 请输入问题。"):
        assistant.ask(question)


@pytest.mark.parametrize("question", ["?", "x", "。", "🤔🔥", "1+1=?", "?？!！。", "\u202e?\u2066"])
def test_questions_without_content_are_refused_with_a_message(assistant: Assistant, question):
    with pytest.raises(
        QuestionError, match="Please ask a question about the documents. / 请提一个"
    ):
        assistant.ask(question)


@pytest.mark.parametrize("question", ["GDP?", "产假多久？", "税？"])
def test_short_real_questions_are_still_asked(assistant: Assistant, question: str):
    answer = assistant.ask(question)
    assert answer.text and answer.question == question


def test_bidi_controls_are_taken_out_of_questions(assistant: Assistant):
    answer = assistant.ask("宁城县\u202e如何评价\u2066代表履职\u2069？\u200e")
    assert answer.question == "宁城县如何评价代表履职？"
    assert answer.citations[0].chunk.author == "钱荣新"


def test_a_20000_character_question_is_cut_with_a_notice(assistant: Assistant):
    answer = assistant.ask("尧都区代表每月补助多少？" + "补助" * 10_000)
    assert len(answer.question) == 2000
    assert "cut to its first 2000 characters" in answer.notice
    assert answer.record()["notices"] == [answer.notice]
    assert answer.citations


def test_control_characters_and_emoji_do_not_get_in_the_way(assistant: Assistant):
    answer = assistant.ask("宁城县\x00\x1b[31m如何评价😀代表履职？\u200b🙂")
    assert "\x00" not in answer.question and "\u200b" not in answer.question
    assert answer.citations[0].chunk.author == "钱荣新"


@pytest.mark.parametrize(
    "question",
    [
        "寧城県では代表の活動をどのように評価していますか？",  # Japanese
        "영성현은 대표를 어떻게 평가합니까?",  # Korean
        "Как Нинчэн оценивает депутатов?",  # Russian
        "a" * 3000,
    ],
)
def test_other_languages_and_odd_text_are_answered_or_refused(assistant: Assistant, question):
    answer = assistant.ask(question)
    assert answer.text
    assert answer.abstained or answer.citations
    assert answer.record()["question"] == answer.question


# -- files ----------------------------------------------------------------------------------------
def encoded(encoding: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        text = OpenCC("s2t").convert(TEXT) if encoding == "big5" else TEXT
        path = folder / f"score-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        return path

    return make


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-16", "utf-8-sig"])
def test_legacy_and_bom_encodings_are_indexed(assistant: Assistant, tmp_path: Path, encoding):
    path = encoded(encoding)(tmp_path)
    report = assistant.ingest([path])
    assert [r.status for r in report.results] == ["indexed"], report.results
    answer = assistant.ask("青山县的履职积分多久公开一次？")
    assert any(c.chunk.source == path.name for c in answer.citations)
    assert "积分" in answer.text or "積分" in answer.text
    assistant.remove(path.name)


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


REJECTED = {
    "empty file": (_write("empty.txt", b""), "empty.txt: the file is empty"),
    "only blank lines": (_write("blank.md", b"\n \n\t\n"), "blank.md: the file is empty"),
    "binary named .txt": (_write("photo.txt", bytes(range(256)) * 40), "photo.txt: not a text"),
    "binary named .pdf": (_write("photo.pdf", bytes(range(256)) * 40), "not a readable PDF"),
    "corrupt PDF": (
        _write("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Pages /Kids ["),
        "not a readable PDF",
    ),  # fmt: skip
    "corrupt DOCX": (
        _write("cut.docx", b"PK\x03\x04\x14\x00\x00\x00broken"),
        "not a readable Word",
    ),
    "scanned PDF": (
        lambda d: make_pdf(d / "scan.pdf", [TEXT], with_text=False),
        "run OCR on it first",
    ),  # fmt: skip
    "over the size limit": (_write("huge.txt", TEXT.encode() * 20_000), "over the 1 MB limit"),
    "unsupported type": (_write("sheet.xlsx", b"PK\x03\x04"), "unsupported file type .xlsx"),
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_bad_files_are_rejected_and_the_index_is_unchanged(
    assistant: Assistant, tmp_path: Path, case: str
):
    make, message = REJECTED[case]
    path = make(tmp_path)
    before = sorted(c.id for c in assistant.index.store.iter_chunks())
    version = assistant.index.keyword.version
    report = assistant.ingest([path])
    (result,) = report.results
    assert result.status == "rejected" and message in result.message
    assert sorted(c.id for c in assistant.index.store.iter_chunks()) == before
    assert assistant.index.keyword.version == version


def test_a_good_file_among_bad_ones_is_still_indexed(assistant: Assistant, tmp_path: Path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    make_docx(folder / "good.docx")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "empty.txt").write_bytes(b"")
    report = assistant.ingest([folder])
    assert {r.source: r.status for r in report.results} == {
        "bad.pdf": "rejected",
        "empty.txt": "rejected",
        "good.docx": "indexed",
    }
    again = assistant.ingest([folder / "good.docx"])
    assert [r.status for r in again.results] == ["unchanged"]  # the same file twice
    assistant.remove("good.docx")


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../x.txt", "x.txt"),
        ("..\\..\\windows\\x.txt", "x.txt"),
        ("/etc/passwd", "passwd"),
        (".hidden.md", "hidden.md"),
        ("报告\x00<2024>.txt", "报告_2024_.txt"),
        ("..", "upload"),
        ("", "upload"),
        ("evil\u202etxt.exe", "eviltxt.exe"),  # would read "evilexe.txt"
        ("\u2066a\u2069\u200e\u200fb\u202a\u202c.md", "ab.md"),
    ],
)
def test_upload_names_cannot_leave_the_uploads_folder(name: str, safe: str):
    assert safe_name(name) == safe


# -- the command line -----------------------------------------------------------------------------
def bitan(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


def test_the_cli_reports_bad_input_without_a_traceback(index_copy: Path, tmp_path: Path):
    corrupt = tmp_path / "cut.docx"
    corrupt.write_bytes(b"PK\x03\x04 broken")
    run = bitan("ingest", str(corrupt), data=index_copy)
    assert run.returncode == 1
    assert "cut.docx: not a readable Word (.docx) file" in run.stderr
    assert "0 indexed" in run.stderr and "Traceback" not in run.stderr
    empty = bitan("ask", "  ", data=index_copy)
    assert empty.returncode == 2 and "Please type a question" in empty.stderr
    contentless = bitan("ask", "1+1=?", data=index_copy)
    assert contentless.returncode == 2 and "Please ask a question about" in contentless.stderr
    missing = bitan("ingest", str(tmp_path / "nowhere.txt"), data=index_copy)
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr
    for run in (empty, contentless, missing):
        assert "Traceback" not in run.stderr
