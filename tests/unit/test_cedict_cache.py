"""The CC-CEDICT maps follow the corpus: a new version is built on a thread while the previous
maps keep answering (the first question after an upload waited 3 s for it), and the built maps
are cached in the data dir for every other process."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from assistant.query import cedict


def test_a_new_corpus_version_is_built_while_the_old_maps_answer(tmp_path: Path, monkeypatch):
    built: list[set[str]] = []
    release = threading.Event()

    def build_maps(vocabulary: set[str]) -> dict:  # stands in for the 3 s CC-CEDICT build
        built.append(set(vocabulary))
        if len(built) > 1:
            release.wait(10)
        return {"format": cedict.CACHE_FORMAT, "english": {"rule": sorted(vocabulary)}}

    monkeypatch.setattr(cedict, "build_maps", build_maps)
    version = ["v1"]
    words = {"v1": {"规定"}, "v2": {"规定", "办法"}}
    cache = tmp_path / "cedict.json"
    expander = cedict.CedictExpander(cache, lambda: version[0], lambda: words[version[0]])
    assert expander.expand(["rules"]) == {"rules": ["规定"]}  # none yet: built while it waits

    version[0] = "v2"  # a document was added
    began = time.perf_counter()
    assert expander.expand(["rules"]) == {"rules": ["规定"]}  # the previous maps, at once
    assert time.perf_counter() - began < 1.0
    release.set()
    deadline = time.monotonic() + 10
    while expander.expand(["rules"]) != {"rules": ["办法", "规定"]}:
        assert time.monotonic() < deadline, "the new maps never arrived"
        time.sleep(0.01)

    other = cedict.CedictExpander(cache, lambda: "v2", lambda: words["v2"])
    assert other.expand(["rules"]) == {"rules": ["办法", "规定"]}
    assert len(built) == 2  # the other process read the cache
    assert [p.name for p in tmp_path.glob("cedict-*.json")] == ["cedict-v2.json"]
