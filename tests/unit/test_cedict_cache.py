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
    real_build = cedict.build_maps

    def build_maps(vocabulary: set[str]) -> dict:  # the real build, held back after the first
        built.append(set(vocabulary))
        maps = real_build(vocabulary)
        if len(built) > 1:
            release.wait(30)
        return maps

    monkeypatch.setattr(cedict, "build_maps", build_maps)
    version = ["v1"]
    words = {"v1": {"法律"}, "v2": {"法律", "律师"}}
    cache = tmp_path / "cedict.json"
    expander = cedict.CedictExpander(cache, lambda: version[0], lambda: words[version[0]])
    assert expander.expand(["law", "lawyer"]) == {"law": ["法律"]}  # none yet: built meanwhile

    version[0] = "v2"  # a document was added
    began = time.perf_counter()
    assert expander.expand(["law", "lawyer"]) == {"law": ["法律"]}  # the previous maps, at once
    assert time.perf_counter() - began < 1.0
    release.set()
    deadline = time.monotonic() + 30
    while "lawyer" not in expander.expand(["lawyer"]):
        assert time.monotonic() < deadline, "the new maps never arrived"
        time.sleep(0.05)
    assert expander.expand(["lawyer"]) == {"lawyer": ["律师"]}

    other = cedict.CedictExpander(cache, lambda: "v2", lambda: words["v2"])
    assert other.expand(["lawyer"]) == {"lawyer": ["律师"]}
    assert len(built) == 2  # the other process read the cache
    assert [p.name for p in tmp_path.glob("cedict-*.json")] == ["cedict-v2.json"]
