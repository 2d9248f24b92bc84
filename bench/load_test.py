"""Concurrent users against a running Bitan server, through gradio_client's named endpoints.

    .venv/bin/python bench/load_test.py --url http://127.0.0.1:7860/ [--users 20] [--questions 25]

Without --url it starts `bitan serve` on a copy of --data-dir (default: var) on a free port.
Every user asks its questions one after another over /ask (the JSON record) and checks each
answer is complete: an answer text and at least one citation, or an explicit refusal. Prints
errors, incomplete answers, and latency p50/p95 under that load. Run by hand, not in CI (the CI
test tests/test_load.py runs the same code with fewer users).

--direct posts to the same endpoint's plain JSON route instead (POST /gradio_api/run/ask, one
keep-alive HTTP connection per user, no gradio_client, no queue, no server-sent events): the
lighter path for programs that only want the record.
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


class DirectClient:
    """POST /gradio_api/run/<api_name> on one keep-alive connection (``predict`` like
    gradio_client's)."""

    def __init__(self, url: str) -> None:
        import http.client
        from urllib.parse import urlparse

        parts = urlparse(url)
        self.prefix = parts.path.rstrip("/")
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def predict(self, question: str, api_name: str) -> dict:
        import json

        body = json.dumps({"data": [question]})
        headers = {"Content-Type": "application/json"}
        self.connection.request("POST", f"{self.prefix}/gradio_api/run{api_name}", body, headers)
        response = self.connection.getresponse()
        payload = json.loads(response.read())
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {payload}")
        return payload["data"][0]


def run_load(url: str, users: int, questions: int, direct: bool = False) -> LoadResult:
    """``users`` threads, each with its own gradio_client (or ``DirectClient``), asking
    ``questions`` in turn."""
    from gradio_client import Client

    result = LoadResult()
    lock = threading.Lock()
    start = threading.Barrier(users)

    def user(n: int) -> None:
        try:
            # On a plain-http URL no certificate is ever checked, but gradio_client's
            # per-question httpx.post builds a TLS context anyway unless told not to verify:
            # 21 ms of CPU per question in the load generator, on the server's two cores.
            client = (
                DirectClient(url)
                if direct
                else Client(
                    url,
                    verbose=False,
                    ssl_verify=url.startswith("https:"),
                    analytics_enabled=False,
                )
            )
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
    parser.add_argument("--direct", action="store_true", help="plain JSON POSTs, no gradio_client")
    parser.add_argument("--repo", help="serve this checkout (to compare two, run by run)")
    parser.add_argument("--server-env", action="append", default=[], help="KEY=VALUE for serve")
    args = parser.parse_args()
    if args.url:
        began = time.perf_counter()
        result = run_load(args.url, args.users, args.questions, args.direct)
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
            env = {"PYTHONPATH": str(Path(args.repo).resolve())} if args.repo else {}
            env.update(item.split("=", 1) for item in args.server_env)
            with bitan_server(data, env=env, cwd=args.repo) as url:
                pid = _serving_pid(url)
                began = time.perf_counter()
                result = run_load(url, args.users, args.questions, args.direct)
                serving = _process_figures(pid)
    wall = time.perf_counter() - began
    print(f"{args.users} users x {args.questions} questions in {wall:.1f} s wall")
    print(result.summary())
    if not args.url:
        print(f"answers/s {len(result.latencies_ms) / wall:.1f}; server: {serving}")
    for line in (result.errors + result.incomplete)[:10]:
        print("  ", line)


def _serving_pid(url: str) -> int:
    import subprocess
    from urllib.parse import urlparse

    port = urlparse(url).port
    pids = subprocess.run(
        ["pgrep", "-f", f"assistant serve --port {port}"], capture_output=True, text=True
    ).stdout.split()
    return int(pids[0])


def _process_figures(pid: int) -> str:
    """The serving process's peak and current RSS and CPU time so far."""
    from bench.serve_ready import cpu_seconds, rss_mb

    return (
        f"peak RSS {rss_mb(pid):.0f} MB, RSS {rss_mb(pid, 'VmRSS'):.0f} MB, "
        f"CPU {cpu_seconds(pid):.1f} s"
    )


if __name__ == "__main__":
    main()
