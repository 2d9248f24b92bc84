from pathlib import Path

import pytest
from opencc import OpenCC

from ingest import IngestError, parse_file
from ingest.loading import decode_bytes, read_file


def read_text(path: Path) -> str:
    return read_file(path)[0].text


SAMPLE = "■ 钱荣新（内蒙古）\n\n宁城县人大常委会制定出台《关于加强人大代表之家（站）规范建设的指导意见》。\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", SAMPLE),
        ("utf-8-sig", SAMPLE),
        ("gb18030", SAMPLE),
        ("gbk", SAMPLE),
        ("utf-16", SAMPLE),
        ("big5", OpenCC("s2t").convert(SAMPLE)),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str):
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path).strip() == text.strip()


def test_the_column_in_gbk_parses_like_the_utf8_one(tmp_path: Path, column_text: str):
    path = tmp_path / "column-gbk.txt"
    path.write_bytes(column_text.encode("gbk"))
    doc = parse_file(path)
    assert [a.author for a in doc.articles] == ["鲁立波", "吕岩", "钱荣新", "姜文静", "丁洪生"]


def test_binary_file_with_txt_name_is_rejected(tmp_path: Path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(IngestError, match="photo.txt: (not a text file|looks like binary)"):
        read_text(path)


def test_empty_file_is_rejected(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    with pytest.raises(IngestError, match="empty"):
        read_text(path)


def test_unsupported_suffix_is_rejected_with_the_known_ones(tmp_path: Path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(IngestError, match=r"unsupported file type \.xlsx"):
        read_text(path)


def test_undecodable_bytes_say_which_encodings_were_tried():
    with pytest.raises(IngestError, match="GB18030"):
        decode_bytes(b"\x81\x30\xff\xfe\x00\x00\x00\x01" * 50, "junk.txt")
