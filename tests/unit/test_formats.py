from pathlib import Path

import pytest

from ingest import IngestError, chunk_document, parse_file
from tests.formats import LIAISON, TRAINING, make_docx, make_html, make_pdf


def test_pdf_text_layer_is_read_and_its_wrapped_lines_joined(tmp_path: Path):
    doc = parse_file(make_pdf(tmp_path / "report.pdf", LIAISON + TRAINING))
    (article,) = doc.articles
    assert article.text.split("\n") == LIAISON + TRAINING  # lines joined, page number dropped
    assert article.title == "report"  # no heading: the file name
    assert chunk_document(doc)


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path):
    path = make_pdf(tmp_path / "scan.pdf", LIAISON, with_text=False)
    with pytest.raises(IngestError, match="scan.pdf: the PDF has no text layer.*OCR"):
        parse_file(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "not a readable PDF"),
        ("photo.pdf", bytes(range(256)) * 20, "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04 this is not a zip archive at all", "not a readable Word"),
        ("notes.docx", "纯文本冒充的文档".encode(), "not a readable Word"),
    ],
)
def test_corrupt_or_fake_files_are_refused_with_a_message(
    tmp_path: Path, name: str, data: bytes, message: str
):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError, match=f"{name}: {message}"):
        parse_file(path)


def test_docx_headings_become_the_title_and_sections(tmp_path: Path):
    doc = parse_file(make_docx(tmp_path / "manual.docx"))
    (article,) = doc.articles
    assert article.title == "青山县人大常委会代表工作手册"
    assert [s.heading for s in article.sections] == ["一、联络站接待", "二、代表培训"]
    training = next(s for s in article.sections if s.heading == "二、代表培训")
    assert TRAINING[0] in article.text[training.start : training.end]
    assert article.place == "青山县"
    chunks = chunk_document(doc)
    assert {c.section for c in chunks} == {"一、联络站接待", "二、代表培训"}


def test_html_main_text_without_scripts_navigation_or_footer(tmp_path: Path):
    doc = parse_file(make_html(tmp_path / "news.html"))
    (article,) = doc.articles
    assert article.title == "青山县人大常委会开展代表履职评议"
    assert [s.heading for s in article.sections] == ["评议结果运用"]
    assert "评议不合格的代表，由常委会主任约谈，限期改进。评议结果向选民公开。" in article.text
    assert "评议优秀的代表优先推荐参加上级培训" in article.text
    for furniture in ("tracker", "color", "新闻中心", "版权所有", "网站首页"):
        assert furniture not in article.text


def test_html_in_gbk_is_decoded(tmp_path: Path):
    path = make_html(tmp_path / "news.htm")
    path.write_bytes(path.read_text(encoding="utf-8").replace("utf-8", "gbk").encode("gbk"))
    assert "履职评议" in parse_file(path).articles[0].title


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes("代表".encode() * 2000)
    with pytest.raises(IngestError, match=r"big.txt: the file is 0\.0 MB, over the 0 MB limit"):
        parse_file(path, max_bytes=1000)
    assert parse_file(path, max_bytes=100_000).articles
