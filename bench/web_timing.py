"""Page-ready time and time to first token / full answer in the real page (headless chromium).

    .venv/bin/python bench/web_timing.py [--data-dir var] [--rounds 5]

Run by hand, not in CI. Starts `bitan serve` on a copy of the data dir, then for each round opens
the page in a fresh browser context (page ready: navigation until the question box is
usable), asks a question and measures the time from Enter to the first text of the answer
(the placeholder shows at once; an LLM streams tokens after it) and to the finished answer with
its source cards.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["宁城县如何评价代表履职？", "How does Ningcheng evaluate representatives?"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def serving_rss_mb(url: str) -> float:
    """Resident memory of the `bitan serve` process listening at ``url``."""
    import subprocess
    from urllib.parse import urlparse

    port = urlparse(url).port
    pids = subprocess.run(
        ["pgrep", "-f", f"assistant serve --port {port}"], capture_output=True, text=True
    ).stdout.split()
    status = Path(f"/proc/{pids[0]}/status").read_text()
    return next(int(x.split()[1]) / 1024 for x in status.splitlines() if x.startswith("VmRSS:"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.servers import bitan_server

    ready, first, done = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        if args.data_dir.exists():
            shutil.copytree(args.data_dir, data)
        with bitan_server(data) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for n in range(args.rounds):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                started = time.perf_counter()
                page.goto(url, wait_until="load")
                page.wait_for_selector("#question textarea")
                ready.append(time.perf_counter() - started)
                page.fill("#question textarea", QUESTIONS[n % len(QUESTIONS)])
                started = time.perf_counter()
                page.keyboard.press("Enter")
                page.wait_for_selector("#chatbot .message.bot, [data-testid='bot']")
                first.append(time.perf_counter() - started)
                page.wait_for_selector(".bitan-card")
                done.append(time.perf_counter() - started)
                context.close()
            browser.close()
            rss = serving_rss_mb(url)
    print(f"{args.rounds} rounds, fresh browser context each; `bitan serve` RSS {rss:.0f} MB")
    for name, values in (("page ready", ready), ("first text", first), ("answer+cards", done)):
        print(f"{name:<14} median {statistics.median(values) * 1000:7.0f} ms   "
              f"max {max(values) * 1000:7.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
