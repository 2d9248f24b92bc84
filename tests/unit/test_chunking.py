import re

import pytest

from ingest import ChunkingOptions, chunk_document, parse_file, parse_text
from ingest.chunking import sentence_spans
from tests.conftest import MORE

END = re.compile(r"[。！？；…!?;）)][”’」』）)】》]*$")


@pytest.fixture(scope="module")
def column(column_text):
    return parse_text(column_text, "column.txt")


@pytest.fixture(scope="module")
def chunks(column):
    return chunk_document(column)


def test_every_chunk_is_whole_sentences(column, chunks):
    for chunk in chunks:
        article = column.articles[chunk.article]
        assert article.text[chunk.start : chunk.end].strip() == chunk.text
        assert END.search(chunk.text), chunk.text[-20:]
        # a chunk starts where a sentence starts
        starts = {a for a, _ in sentence_spans(article.text)}
        assert chunk.start in starts or article.text[chunk.start - 1] == "\n"


def test_chunks_cover_every_sentence_of_every_article(column, chunks):
    for article in column.articles:
        mine = "".join(c.text for c in chunks if c.article == article.ordinal)
        body = "".join(
            line
            for line in article.text.split("\n")
            if line not in {s.heading for s in article.sections}
        )
        assert re.sub(r"\s", "", mine) == re.sub(r"\s", "", body)


def test_chunk_sizes_are_readable_at_a_glance(chunks):
    opts = ChunkingOptions()
    sizes = [len(c.text) for c in chunks]
    assert min(sizes) >= opts.min_chars
    assert max(sizes) <= opts.max_chars + opts.min_chars
    assert 80 <= sorted(sizes)[len(sizes) // 2] <= 250


def test_every_chunk_carries_its_article_metadata(column, chunks):
    for chunk in chunks:
        article = column.articles[chunk.article]
        assert (chunk.author, chunk.place, chunk.title) == (
            article.author,
            article.place,
            article.title,
        )
        assert chunk.source == "column.txt" and chunk.doc_hash == column.doc_hash
        assert chunk.section == article.section_at(chunk.start)
    ningcheng = [c for c in chunks if c.place == "宁城县"]
    assert {c.section for c in ningcheng} >= {"建好代表机关 擦亮为民履职底色"}


def test_search_text_carries_place_and_section_but_citation_text_does_not(chunks):
    chunk = next(c for c in chunks if c.text.startswith("区人大常委会及机关党组"))
    assert chunk.search_text.startswith("宝坻区 · 丁洪生")
    assert "统全盘" in chunk.search_text
    assert not chunk.text.startswith("宝坻区")


def test_chunk_ids_are_content_hashes(column_text, chunks):
    again = chunk_document(parse_text(column_text, "column.txt"))
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
    edited = chunk_document(parse_text(column_text.replace("200 元", "300 元"), "column.txt"))
    # A new version of a file shares no id with the old one, so the old version stays whole
    # until the new one is committed (see CorpusIndex._ingest_document).
    assert not {c.id for c in edited} & {c.id for c in chunks}
    assert [c.text for c in edited if "300元" in c.text]


def test_a_law_article_stays_whole_when_it_fits():
    chunks = chunk_document(parse_file(MORE / "daibiaofa-2025.md"))
    seventh = [c for c in chunks if "第七条" in c.text]
    assert len(seventh) == 1
    assert "（一）出席本级人民代表大会会议" in seventh[0].text
    assert "（八）法律规定的其他权利" in seventh[0].text
    assert seventh[0].section.startswith("第一章")
