"""The retriever remembers the passages it read from Chroma for as long as the keyword index
stays the same build; a rebuild (a document added or removed) empties that memory."""

from pathlib import Path

from assistant import Settings, build_assistant


def test_passages_are_read_once_per_index_build(index_copy: Path):
    assistant = build_assistant(Settings(data_dir=index_copy))
    store = assistant.index.store
    asked: list[list[str]] = []
    real_get = store.get

    def counting_get(ids):
        asked.append(list(ids))
        return real_get(ids)

    store.get = counting_get
    question = "宁城县如何评价人大代表履职？"
    first = assistant.ask(question)
    assistant.chain.analyzer._plans.clear()
    again = assistant.ask(question)
    assert first.record()["citations"] == again.record()["citations"]
    assert len(asked) == 1  # the second answer read no passage from Chroma

    assistant.index.rebuild_keyword()  # a new build of the same passages
    third = assistant.ask(question)
    assert len(asked) == 2
    assert third.record()["citations"] == first.record()["citations"]
