"""Hostile files (issue 16): a .docx that unpacks to gigabytes, HTML nested to any depth and
megabytes of text on one line without punctuation are refused or read in bounded memory and in
time linear in their size."""

from __future__ import annotations

import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from ingest import ChunkingOptions, IngestError, chunk_document, parse_file
from ingest.formats import docx_limit, html_text
from tests.conftest import COLUMN
from tests.formats import make_docx

ROOT = Path(__file__).resolve().parents[2]  # the checkout
PARAGRAPH = b"<w:p><w:r><w:t>aaaa</w:t></w:r></w:p>"
# The child runs under a small launcher that reports its peak RSS: measured from the test
# process itself (wait4, RUSAGE_CHILDREN), the child's peak would include this process's size
# at the fork. The address space cap makes a child that outgrows it fail with MemoryError
# instead of taking the machine down with it (the bomb took over 10 GB before the fix); a
# normal ingest needs well under it.
CHILD_ADDRESS_SPACE = 3 * 2**30
LAUNCHER = """
import resource, subprocess, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
code = subprocess.call(sys.argv[2:])
print("peak RSS kB:", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def parse_bytes(data: bytes, name: str):
    """parse_file on the bytes written to a temporary file of that name."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return parse_file(path, name)


def make_bomb(path: Path, body_bytes: int, level: int = 1) -> Path:
    """A valid .docx whose word/document.xml is ``body_bytes`` of repeated paragraphs, written
    piece by piece (the test never holds it in memory) and stored last in the archive."""
    import docx

    plain = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("炸弹文件。")
    document.save(plain)
    bomb = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level)
    with zipfile.ZipFile(plain) as source, bomb as out:
        names = sorted(source.namelist(), key=lambda n: n == "word/document.xml")
        for name in names:
            xml = source.read(name)
            if name != "word/document.xml":
                out.writestr(name, xml)
                continue
            head, tail = xml.split(b"<w:body>", 1)
            piece = PARAGRAPH * (2**20 // len(PARAGRAPH))
            with out.open(name, "w") as part:
                part.write(head + b"<w:body>")
                for _ in range(body_bytes // len(piece)):
                    part.write(piece)
                part.write(tail)
    return path


def run_measured(args: list[str]) -> tuple[int, str, int]:
    """Run ``args`` as a child: its exit code, its output (stderr and stdout) and its peak RSS
    in bytes."""
    run = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(CHILD_ADDRESS_SPACE), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        timeout=300,
    )
    output, _, peak = run.stdout.rpartition("peak RSS kB: ")
    return run.returncode, output, int(peak) * 1024  # Linux reports kB


def bitan(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        timeout=300,
    )


# -- .docx bombs ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_docx_bomb_is_refused_in_little_memory_and_the_index_is_unchanged(
    index_copy: Path, tmp_path: Path
):
    started = time.monotonic()
    bomb = make_bomb(tmp_path / "bomb.docx", 500 * 2**20)
    made = time.monotonic() - started
    assert bomb.stat().st_size < 5 * 2**20 and made < 30  # ~3.5 MB in ~1 s
    before = json.loads(bitan("docs", "--json", data=index_copy).stdout)

    code, output, peak = run_measured(
        [sys.executable, "-m", "assistant", "ingest", str(bomb), "--data-dir", str(index_copy)]
    )

    assert peak < 2**30, f"peak RSS {peak / 2**20:.0f} MB"
    assert code == 1, output  # every file rejected
    with zipfile.ZipFile(bomb) as archive:
        unpacked = sum(m.file_size for m in archive.infolist()) / 2**20
    assert f"bomb.docx: the document unpacks to {unpacked:.0f} MB, over the 128 MB limit" in output
    assert "0 indexed" in output and "Traceback" not in output
    passages = sum(doc["chunks"] for doc in before)
    assert f"{passages} passages in the index" in output
    assert json.loads(bitan("docs", "--json", data=index_copy).stdout) == before


def test_the_unpacked_size_limit_follows_the_file_size_limit(tmp_path: Path):
    assert docx_limit(2**20) == 20 * 2**20  # 20 times the file size limit,
    assert docx_limit(50 * 2**20) == 128 * 2**20  # and never more than 128 MB
    dense = make_bomb(tmp_path / "dense.docx", 2 * 2**20, level=9)  # unpacks to 2.5 MB
    assert dense.stat().st_size < 50 * 2**10
    with pytest.raises(
        IngestError, match=r"dense.docx: the document unpacks to 3 MB, over the 1 MB"
    ):
        parse_file(dense, max_bytes=50 * 2**10)


def test_a_docx_with_too_many_parts_is_refused(tmp_path: Path):
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"word/media/{n}.xml", b"")
    with pytest.raises(IngestError, match="parts.docx: the document has 10,001 parts inside"):
        parse_file(path)


def lie_about_the_last_member(path: Path, size: int) -> None:
    """Make the headers of the archive's last member say it is ``size`` bytes (with the CRC of
    its first ``size`` bytes), whatever its compressed stream really holds."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        last = archive.infolist()[-1]
        with archive.open(last) as part:
            crc = zlib.crc32(part.read(size))
    local = last.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<III", data, local + 14, crc, last.compress_size, size)
    central = data.rfind(b"PK\x01\x02")  # the last member's entry in the central directory
    assert data[central + 46 :].startswith(last.filename.encode())
    struct.pack_into("<III", data, central + 16, crc, last.compress_size, size)
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_a_docx_that_lies_about_its_sizes_is_read_only_as_far_as_it_says(tmp_path: Path):
    # ZipFile.read would inflate all 500 MB of this member (twice over) before cutting it to
    # the declared 20 KB; the copy reads it in pieces up to the declared size.
    path = make_bomb(tmp_path / "liar.docx", 500 * 2**20)
    lie_about_the_last_member(path, 20_000)
    with zipfile.ZipFile(path) as archive:
        assert sum(m.file_size for m in archive.infolist()) < 2**20
    script = (
        "import sys\nfrom pathlib import Path\nfrom ingest import IngestError, parse_file\n"
        "try:\n    parse_file(Path(sys.argv[1]))\nexcept IngestError as err:\n    print(err)\n"
    )
    code, output, peak = run_measured([sys.executable, "-c", script, str(path)])
    assert code == 0, output
    assert output.strip() == "liar.docx: not a readable Word (.docx) file"  # cut short
    assert peak < 300 * 2**20, f"peak RSS {peak / 2**20:.0f} MB"


def test_normal_docx_files_are_still_read(tmp_path: Path):
    doc = parse_file(make_docx(tmp_path / "manual.docx"), max_bytes=2**20)
    assert doc.articles[0].title == "青山县人大常委会代表工作手册"


# -- HTML nested to any depth ---------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("tag", ["div", "span", "h2"])
def test_deeply_nested_html_takes_time_linear_in_its_size(tag: str):
    depth = 100_000  # ~0.6 MB; the old tree edits took ~7 s for 10,000 and grew as depth²
    page = f"<html><body>{f'<{tag}>代表' * depth}</body></html>".encode()
    started = time.monotonic()
    document = parse_bytes(page, "deep.html")
    chunk_document(document)
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"{elapsed:.1f} s"  # 4–7 s on a loaded 2-core machine
    text = "".join(a.text for a in document.articles)
    assert re.sub(r"\s", "", text) == "代表" * depth


def test_comments_and_declarations_are_not_page_text():
    page = "<!doctype html><p>正文<!-- 注释 -->继续</p><![CDATA[数据]]>"
    assert html_text(page, "page.html") == "正文继续\n\n数据"


# -- megabytes on one line ------------------------------------------------------------------------
def one_line(chars: int) -> str:
    """The column without its punctuation, with rare characters (most of which jieba's HMM has
    no statistics for) and spaces between some words, as one line of ``chars`` characters."""
    words = re.sub(r"[^\u4e00-\u9fff]", "", COLUMN.read_text(encoding="utf-8"))
    rng = random.Random(16)
    parts: list[str] = []
    size = 0
    while size < chars:
        start = rng.randrange(len(words) - 40)
        part = words[start : start + rng.randint(3, 40)]
        part += "".join(chr(rng.randint(0x9000, 0x9FA5)) for _ in range(rng.randint(0, 12)))
        parts.append(part)
        size += len(part) + 1
    return " ".join(parts)[:chars]


@pytest.mark.slow
def test_a_megabyte_line_without_punctuation_is_cut_into_bounded_chunks_in_bounded_time():
    text = one_line(700_000)  # 2 MB of UTF-8
    started = time.monotonic()
    chunks = chunk_document(parse_bytes(text.encode(), "one-line.txt"))
    elapsed = time.monotonic() - started
    # 2–5 s on a loaded 2-core machine; before, 50,000 characters took 56 s (name tagging, and
    # time quadratic in the number of spaces) and made one chunk of them all
    assert elapsed < 60, f"{elapsed:.1f} s"
    opts = ChunkingOptions()
    assert max(len(c.text) for c in chunks) <= opts.max_chars + opts.min_chars
    assert re.sub(r"\s", "", "".join(c.text for c in chunks)) == re.sub(r"\s", "", text)


def test_a_long_sentence_is_cut_at_a_comma_and_a_shorter_one_stays_whole():
    clause = "代表联络站每月十五日固定接待群众，"
    long = clause * 40 + "。"  # 681 characters: over keep_whole_chars
    chunks = chunk_document(parse_bytes(("引言。" * 20 + long).encode(), "long.txt"))
    pieces = [c.text for c in chunks if clause in c.text]
    assert len(pieces) == 4 and "".join(pieces) == long
    assert all(p.endswith(("，", "。")) and len(p) <= 200 for p in pieces)
    short = clause * 14 + "。"  # 239 characters: one sentence, one passage, as before
    chunks = chunk_document(parse_bytes(short.encode(), "short.txt"))
    assert [c.text for c in chunks] == [short]
