"""How long `bitan serve` takes from process start to its first answer over HTTP.

    .venv/bin/python bench/serve_ready.py [--data-dir var] [--runs 3] [--repo .]

Run by hand, not in CI. Each run copies the data dir, starts `python -m assistant serve` (from
--repo, so two checkouts can be compared run by run), then polls: the port answering the page
(GET /) and the first complete answer through the JSON endpoint /ask (Gradio's
/gradio_api/call/ask, plain HTTP, no client library). Prints each run and the median of both
figures, and the process's peak RSS (VmHWM) when it answered.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "宁城县如何评价代表履职？"


def ask(url: str, question: str, timeout: float = 30.0) -> dict | None:
    """One question over /ask; the record, or None when the server cannot answer yet."""
    body = json.dumps({"data": [question]}).encode()
    request = urllib.request.Request(
        url + "gradio_api/call/ask", body, {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            event = json.load(response)["event_id"]
        with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event}", timeout=timeout) as r:
            lines = r.read().decode().splitlines()
    except (OSError, ValueError, KeyError):
        return None
    if "event: complete" not in lines:
        return None
    data = lines[lines.index("event: complete") + 1].removeprefix("data: ")
    return json.loads(data)[0]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far (all its threads): on a loaded machine a
    steadier figure than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int, field: str = "VmHWM") -> float:
    """The process's peak resident memory (VmHWM), or its current one (VmRSS)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(x.split()[1]) / 1024 for x in status.splitlines() if x.startswith(field + ":"))


def one_run(repo: Path, data_dir: Path) -> tuple[float, float, float, float]:
    sys.path.insert(0, str(ROOT))
    from tests.servers import free_port, stop_process

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(repo), "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        if data_dir.exists():
            shutil.copytree(data_dir, data)
        began = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", str(port)]
            + ["--data-dir", str(data)],
            cwd=repo,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            page = None
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"bitan serve exited with {proc.returncode}")
                if page is None:
                    try:
                        with urllib.request.urlopen(url, timeout=2):
                            page = time.perf_counter() - began
                    except OSError:
                        time.sleep(0.05)
                        continue
                record = ask(url, QUESTION)
                if record and record.get("answer"):
                    answered = time.perf_counter() - began
                    return page, answered, cpu_seconds(proc.pid), rss_mb(proc.pid)
                time.sleep(0.05)
        finally:
            stop_process(proc)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, default=ROOT)
    args = parser.parse_args()
    pages, answers, cpus = [], [], []
    for n in range(args.runs):
        page, answered, cpu, rss = one_run(args.repo.resolve(), args.data_dir)
        pages.append(page)
        answers.append(answered)
        cpus.append(cpu)
        print(
            f"run {n + 1}: page {page:.2f} s, first answer {answered:.2f} s, "
            f"CPU {cpu:.2f} s, peak RSS {rss:.0f} MB"
        )
    print(
        f"median: page {statistics.median(pages):.2f} s, "
        f"first answer (ready) {statistics.median(answers):.2f} s, "
        f"CPU to ready {statistics.median(cpus):.2f} s"
    )


if __name__ == "__main__":
    main()
