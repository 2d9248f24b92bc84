"""Warm retrieval latency per stage (normalise, embed, dense, keyword, fuse) over an eval file.

    .venv/bin/python bench/retrieval_latency.py [--data-dir var] [--file ../shared/eval/dev.jsonl] [--rounds 5]

Run by hand, not in CI. Indexes the bundled column into the data dir if it is empty.
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
    for _ in range(args.rounds):
        for question in questions:
            timings: dict[str, float] = {}
            start = time.perf_counter()
            assistant.search(question, timings=timings)
            totals.append((time.perf_counter() - start) * 1000)
            for stage, ms in timings.items():
                stages.setdefault(stage, []).append(ms)
            answer_totals.append(assistant.ask(question).latency_ms)
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
    )


if __name__ == "__main__":
    main()
