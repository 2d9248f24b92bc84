"""Query latency, serving memory, index size and cold start at the column, 1k, 10k and 100k
passages.

    .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--out docs/benchmarks-scale.json]

Run by hand, not in CI. The passages are the synthetic corpus of bench/synthetic.py (the
column's sentences recombined, names substituted), chunked by the real ingest code; about 2,000
of them are embedded with e5 for real. Larger indexes repeat those passages with new invented
names and vectors made by perturbing the real ones (Gaussian noise, renormalised, cosine about
0.95 to the original), because embedding 100k passages on two cores takes hours. Each index is
then opened by a fresh process that answers one question (cold start), then the dev questions
five times (warm latency), and reports its resident memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def real_passages() -> tuple[list, list[list[float]]]:
    """~2,000 synthetic passages and their real e5 vectors (cached between runs)."""
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import write_corpus
    from ingest import chunk_document, parse_file

    with tempfile.TemporaryDirectory() as tmp:
        files = write_corpus(Path(tmp), articles=185)
        chunks = [c for f in files for c in chunk_document(parse_file(f))]
    key = hashlib.sha256("".join(c.id for c in chunks).encode()).hexdigest()[:16]
    cached = CACHE / f"vectors-{key}.json"
    if cached.exists():
        return chunks, json.loads(cached.read_text())
    from vectorstore.embedders import E5Embeddings

    embedder = E5Embeddings()
    started = time.perf_counter()
    vectors: list[list[float]] = []
    for i in range(0, len(chunks), 32):
        vectors.extend(embedder.embed_documents([c.search_text for c in chunks[i : i + 32]]))
    print(f"embedded {len(chunks)} passages in {time.perf_counter() - started:.0f} s", flush=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(vectors))
    return chunks, vectors


def perturbed(vector: list[float], rng: random.Random, sigma: float = 0.013) -> list[float]:
    noisy = [x + rng.gauss(0.0, sigma) for x in vector]
    norm = sum(x * x for x in noisy) ** 0.5
    return [x / norm for x in noisy]


def build_index(data: Path, size: int, chunks: list, vectors: list[list[float]]) -> dict:
    """An index of ``size`` passages in ``data``; returns how it was made."""
    from assistant import Settings
    from assistant.composition import build_index as open_index
    from bench.synthetic import _name, _place

    index = open_index(Settings(data_dir=data))
    rng = random.Random(size)
    real = min(size, len(chunks))
    batch: list = []
    batch_vectors: list[list[float]] = []
    sources: dict[str, tuple[str, int]] = {}
    started = time.perf_counter()

    def flush() -> None:
        index.store.add(batch, batch_vectors, "2026-11-27T00:00:00+00:00")
        batch.clear()
        batch_vectors.clear()

    for n in range(size):
        base, vector = chunks[n % len(chunks)], vectors[n % len(chunks)]
        copy = n // len(chunks)
        if copy:
            place, author = _place(rng), _name(rng)
            text = base.text.replace(base.place, place) if base.place else base.text
            source = f"copy{copy}-{base.source}"
            chunk = replace(
                base,
                id=hashlib.sha256(f"{copy}:{base.id}".encode()).hexdigest()[:32],
                text=text.replace(base.author, author) if base.author else text,
                source=source,
                place=place,
                author=author,
                doc_hash=f"copy{copy}-{base.doc_hash}",
            )
            vector = perturbed(vector, rng)
        else:
            chunk = base
        batch.append(chunk)
        batch_vectors.append(vector)
        doc_hash, count = sources.get(chunk.source, (chunk.doc_hash, 0))
        sources[chunk.source] = (doc_hash, count + 1)
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()
    for source, (doc_hash, count) in sources.items():
        index.store.commit(source, doc_hash, count, "2026-11-27T00:00:00+00:00")
    stored = time.perf_counter() - started
    started = time.perf_counter()
    index.rebuild_keyword()
    keyword = time.perf_counter() - started
    return {"real": real, "perturbed": size - real, "store_s": stored, "keyword_s": keyword}


def probe(data: Path) -> None:
    """In a fresh process: one question (cold start), then warm latency and memory."""
    from assistant import Settings, build_assistant

    assistant = build_assistant(Settings(data_dir=data))
    assistant.ask("宁城县如何评价代表履职？")
    print("FIRST", flush=True)
    questions = [json.loads(x)["question"] for x in DEV.read_text().splitlines() if x.strip()]
    asks, retrievals = [], []
    for _ in range(5):
        for question in questions:
            started = time.perf_counter()
            assistant.search(question)
            retrievals.append((time.perf_counter() - started) * 1000)
            asks.append(assistant.ask(question).latency_ms)
    rss = next(
        int(line.split()[1]) / 1024
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    print(json.dumps({"ask": asks, "retrieval": retrievals, "rss_mb": rss}), flush=True)


def measure(data: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--probe", str(data)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert proc.stdout is not None
    cold = None
    result: dict = {}
    for line in proc.stdout:
        if line.startswith("FIRST"):
            cold = time.perf_counter() - started
        elif line.startswith("{"):
            result = json.loads(line)
    proc.wait()
    size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    return {
        "cold_start_s": cold,
        "ask_p50": pct(result["ask"], 0.5),
        "ask_p95": pct(result["ask"], 0.95),
        "retrieval_p50": pct(result["retrieval"], 0.5),
        "retrieval_p95": pct(result["retrieval"], 0.95),
        "rss_mb": result["rss_mb"],
        "disk_mb": size / 2**20,
    }


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--probe", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / ".cache" / "scale.json")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.probe:
        probe(args.probe)
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        column = Path(tmp) / "column"
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest", "--data-dir", str(column)],
            check=True,
            capture_output=True,
        )
        rows.append({"size": "column", **measure(column)})
        print(rows[-1], flush=True)
        chunks, vectors = real_passages()
        for size in args.sizes:
            data = Path(tmp) / f"n{size}"
            made = build_index(data, size, chunks, vectors)
            rows.append({"size": size, **made, **measure(data)})
            print(rows[-1], flush=True)
            shutil.rmtree(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1))
    print(f"{'passages':>9}{'ask p50':>9}{'ask p95':>9}{'retr p50':>10}{'retr p95':>10}"
          f"{'RSS MB':>8}{'disk MB':>9}{'cold s':>8}")  # fmt: skip
    for r in rows:
        print(
            f"{r['size']:>9}{r['ask_p50']:>9.1f}{r['ask_p95']:>9.1f}{r['retrieval_p50']:>10.1f}"
            f"{r['retrieval_p95']:>10.1f}{r['rss_mb']:>8.0f}{r['disk_mb']:>9.1f}"
            f"{r['cold_start_s']:>8.1f}"
        )


if __name__ == "__main__":
    main()
