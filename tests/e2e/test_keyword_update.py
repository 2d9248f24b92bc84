"""Adding or removing one document updates the keyword index from that document alone: Chroma
is read only for what changed, and the result is the index a build from every passage gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant import Settings, build_assistant
from vectorstore import ChineseTokenizer, KeywordIndex
from vectorstore.chroma_store import ChunkStore
from vectorstore.source_parts import merged_lexicon, merged_names, passage_ids, source_parts

# Its quoted term (a word jieba must now keep whole) also occurs, unquoted, in one column passage.
NEW = (
    "青山县人大常委会关于建立代表“履职档案”的通知\n\n"
    "青山县人大常委会为每位代表建立“履职档案”，记录走访选民和提出建议的情况。\n"
)
QUERIES = ("履职档案", "青山县", "走访选民", "代表之家", "建议")


def full_build(index) -> KeywordIndex:
    """The keyword index built from every committed passage, with the same words kept whole."""
    _, chunks = index.committed()
    parts = source_parts(chunks)
    ids, texts = passage_ids(parts), {c.id: c.keyword_text for c in chunks}
    fresh = KeywordIndex(ChineseTokenizer(index.keyword.tokenizer.words))
    fresh.build(ids, [texts[i] for i in ids], merged_names(parts), merged_lexicon(parts))
    return fresh


def assert_same(updated: KeywordIndex, full: KeywordIndex) -> None:
    assert updated.ids == full.ids and updated.lexicon == full.lexicon
    assert updated.vocabulary() == full.vocabulary()
    for query in QUERIES:
        tokens = full.tokenizer.tokens(query)
        assert np.array_equal(
            updated._state.bm25.get_scores(tokens), full._state.bm25.get_scores(tokens)
        )


def test_one_document_is_added_and_removed_without_reading_the_others(
    index_copy: Path, tmp_path: Path, monkeypatch
):
    assistant = build_assistant(Settings(data_dir=index_copy))
    index = assistant.index
    column_ids = set(index.keyword.ids)
    assert "履职档案" not in index.keyword.tokenizer.words
    mentions = {c.id for c in index.store.get(sorted(column_ids)) if "履职档案" in c.text}
    assert len(mentions) == 1
    read: list[str] = []  # ids of the passages whose text was read from Chroma
    page, get = ChunkStore._page, ChunkStore.get

    def paged(self, where, where_document, include, limit, offset):
        got = page(self, where, where_document, include, limit, offset)
        if "documents" in include:
            read.extend(got["ids"])
        return got

    def got(self, ids):
        read.extend(ids)
        return get(self, ids)

    monkeypatch.setattr(ChunkStore, "_page", paged)
    monkeypatch.setattr(ChunkStore, "get", got)
    doc = tmp_path / "qingshan.txt"
    doc.write_text(NEW, encoding="utf-8")
    assert [r.status for r in assistant.ingest([doc]).results] == ["indexed"]

    new_ids = set(index.keyword.ids) - column_ids
    assert (
        new_ids and set(read) == new_ids | mentions
    )  # the new document, and the passage with its word
    assert_same(index.keyword, full_build(index))
    assert mentions < {cid for cid, _ in index.keyword.search(["履职档案"])}
    assert "青山县" in index.keyword.lexicon.places

    read.clear()
    assert assistant.remove("qingshan.txt").status == "removed"
    assert read == [] and set(index.keyword.ids) == column_ids
    assert_same(index.keyword, full_build(index))
    assert "青山县" not in index.keyword.lexicon.places


def test_a_question_does_not_wait_for_another_process_saving_the_index(index_copy: Path):
    """While a writer holds the data dir's lock, a serving process's sync gives up after its
    short wait and keeps answering from the index it has; once the writer is done, it syncs."""
    import time

    serving = build_assistant(Settings(data_dir=index_copy))
    writer = build_assistant(Settings(data_dir=index_copy))
    question = "宁城县如何评价人大代表履职？"
    with writer.index.store.writing():
        writer.index.store.uncommit("zhuren-bitan-000.txt")  # keyword index not saved yet
    with writer.index.store.holding():
        began = time.perf_counter()
        assert serving.index.sync_keyword(wait=0.2) is False
        assert time.perf_counter() - began < 1.5
        assert serving.ask(question).citations  # still the index it had
    assert serving.index.sync_keyword(wait=0.2) is True
    assert serving.index.keyword.ids == () and not serving.ask(question).citations
