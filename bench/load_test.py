"""Concurrent users against a running Bitan server, through gradio_client's named endpoints.

    .venv/bin/python bench/load_test.py --url http://127.0.0.1:7860/ [--users 20] [--questions 25]

Without --url it starts `bitan serve` on a copy of --data-dir (default: var) on a free port.
Every user asks its questions one after another over /ask (the JSON record) and checks each
answer is complete: an answer text and at least one citation, or an explicit refusal. Prints
errors, incomplete answers, and latency p50/p95 under that load. Run by hand, not in CI (the CI
test tests/test_load.py runs the same code with fewer users).
"""

from __future__ import annotations

import argparse
import threading
import time
from dataclasses import dataclass, field

QUESTIONS = [
    "宁城县如何评价代表履职？",
    "How does Ningcheng evaluate representatives?",
    "尧都区代表每月补助多少？",
    "邳州市怎样推动代表联系群众？",
    "郧阳区人大常委会督办了哪个议案？",
    "宝坻区人大常委会怎样加强自身建设？",
    "What subsidy do Yaodu deputies receive each month?",
    "代表联络站怎样接待群众？",
    "How does Yunyang handle deputies' suggestions?",
    "上海市浦东新区有多少常住人口？",
]


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    answered: int = 0
    refused: int = 0

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies_ms)
        return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else 0.0

    def summary(self) -> str:
        return (
            f"{len(self.latencies_ms)} answers, {len(self.errors)} errors, "
            f"{len(self.incomplete)} incomplete, {self.answered} answered, {self.refused} refused; "
            f"latency p50 {self.percentile(0.5):.0f} ms, p95 {self.percentile(0.95):.0f} ms, "
            f"max {max(self.latencies_ms, default=0):.0f} ms"
        )


def complete(record: dict) -> bool:
    if "error" in record:
        return False
    if record.get("abstained"):
        return bool(record.get("answer"))
    return bool(record.get("answer")) and bool(record.get("citations"))


def run_load(url: str, users: int, questions: int) -> LoadResult:
    """``users`` threads, each with its own gradio_client, asking ``questions`` in turn."""
    from gradio_client import Client

    result = LoadResult()
    lock = threading.Lock()
    start = threading.Barrier(users)

    def user(n: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as err:  # noqa: BLE001 - every failure is a reported error
            with lock:
                result.errors.append(f"user {n} could not connect: {err!r}")
            return
        start.wait()
        for i in range(questions):
            question = QUESTIONS[(n + i) % len(QUESTIONS)]
            began = time.perf_counter()
            try:
                record = client.predict(question, api_name="/ask")
            except Exception as err:  # noqa: BLE001
                with lock:
                    result.errors.append(f"user {n} q{i}: {err!r}")
                continue
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                if not complete(record):
                    result.incomplete.append(f"user {n} q{i}: {record}")
                elif record["abstained"]:
                    result.refused += 1
                else:
                    result.answered += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--data-dir", default="var")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--questions", type=int, default=25)
    args = parser.parse_args()
    if args.url:
        began = time.perf_counter()
        result = run_load(args.url, args.users, args.questions)
    else:
        import shutil
        import sys
        import tempfile
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.servers import bitan_server

        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            if Path(args.data_dir).exists():
                shutil.copytree(args.data_dir, data)
            with bitan_server(data) as url:
                began = time.perf_counter()
                result = run_load(url, args.users, args.questions)
    wall = time.perf_counter() - began
    print(f"{args.users} users x {args.questions} questions in {wall:.1f} s wall")
    print(result.summary())
    for line in (result.errors + result.incomplete)[:10]:
        print("  ", line)


if __name__ == "__main__":
    main()
