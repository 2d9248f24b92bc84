"""Adding and removing one document at 100k passages, end to end, and when another process sees it.

    .venv/bin/python bench/one_document.py --data /tmp/bitan-100k [--size 100000]

Run by hand, not in CI. The first run builds the index in ``--data`` the way bench/scale.py does
(about 2,000 synthetic passages embedded for real, the rest perturbed copies) and keeps it, so
later runs measure at once. Then, with a second process watching the same data dir (it calls
``sync_keyword`` every 0.1 s, as `bitan serve` does every 2 s), this process:

- ingests one synthetic file of about 20 passages through the real `CorpusIndex.ingest_files`
  (decode, chunk, embed, write to Chroma, commit, keyword index update, save), and prints its
  time with and without the embedding of its own passages;
- removes it again through `CorpusIndex.remove`;

and for each change prints when the watching process had it (from the end of the change to the
end of the watcher's ``sync_keyword`` that picked it up) and how long that sync took.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def watch(data: Path) -> None:
    """The second process: report each change of the keyword index it picks up."""
    from assistant import Settings
    from assistant.composition import build_index

    index = build_index(Settings(data_dir=data))
    print(json.dumps({"ready": len(index.keyword.ids)}), flush=True)
    while True:
        started = time.perf_counter()
        if index.sync_keyword():
            print(
                json.dumps(
                    {
                        "seen_at": time.time(),
                        "sync_s": time.perf_counter() - started,
                        "passages": len(index.keyword.ids),
                    }
                ),
                flush=True,
            )
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--watch", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.watch:
        watch(args.data)
        return
    from assistant import Settings
    from assistant.composition import build_index
    from bench.scale import build_index as build_scaled
    from bench.scale import real_passages
    from bench.synthetic import write_corpus

    if not (args.data / "keyword").exists():
        started = time.perf_counter()
        made = build_scaled(args.data, args.size, *real_passages())
        print(f"built {args.size} passages in {time.perf_counter() - started:.0f} s: {made}")

    started = time.perf_counter()
    index = build_index(Settings(data_dir=args.data))
    print(f"opened {len(index.keyword.ids)} passages in {time.perf_counter() - started:.1f} s")
    embedder = index.store.embeddings
    embed_documents = embedder.embed_documents
    embedding = [0.0]

    def timed(texts: list[str]) -> list[list[float]]:
        begun = time.perf_counter()
        try:
            return embed_documents(texts)
        finally:
            embedding[0] += time.perf_counter() - begun

    embedder.embed_documents = timed  # type: ignore[method-assign]
    watcher = subprocess.Popen(
        [sys.executable, __file__, "--watch", "--data", str(args.data)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert watcher.stdout is not None
    print(f"watcher opened the index: {json.loads(watcher.stdout.readline())}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_corpus(Path(tmp), articles=2, seed=int(time.time()))[0]
            source = f"bench-{path.stem}-{int(time.time())}.txt"
            started = time.perf_counter()
            report = index.ingest_files([(path, source)])
            done_at, took = time.time(), time.perf_counter() - started
            added = report.results[0]
            print(
                f"add {added.chunks} passages ({added.status}): {took:.1f} s, "
                f"of which embedding {embedding[0]:.1f} s → {took - embedding[0]:.1f} s beyond"
            )
            seen = json.loads(watcher.stdout.readline())
            print(
                f"  the other process had it {seen['seen_at'] - done_at:.1f} s later "
                f"(its sync {seen['sync_s']:.1f} s, {seen['passages']} passages)"
            )
            started = time.perf_counter()
            removed = index.remove(source)
            done_at, took = time.time(), time.perf_counter() - started
            print(f"remove {removed.chunks} passages: {took:.1f} s")
            seen = json.loads(watcher.stdout.readline())
            print(
                f"  the other process had it {seen['seen_at'] - done_at:.1f} s later "
                f"(its sync {seen['sync_s']:.1f} s, {seen['passages']} passages)"
            )
    finally:
        watcher.kill()


if __name__ == "__main__":
    main()
