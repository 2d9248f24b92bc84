"""The keyword side of adding or removing one document at 1k/10k/100k passages.

    .venv/bin/python bench/keyword_rebuild.py [--sizes 1000 10000 100000]

Run by hand, not in CI. Passages are the bundled column's sentences recombined with invented
figures (every text distinct). For each size it prints: the first build (every passage
tokenised by jieba), adding one 20-passage document, removing it again, and a second process
loading the saved index and rebuilding after another document is added. Embedding the new
document's own passages is not included (the issue's "beyond embedding"); reading the texts back
from Chroma is not either (measure with bench/scale.py).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def passages(n: int, seed: int = 0) -> dict[str, str]:
    column = ROOT / "assistant" / "data" / "column"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(column.glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[。！？])", text) if len(s) > 12]
    rng = random.Random(seed)
    return {
        f"p{seed}-{i}": "".join(rng.sample(sentences, 4)) + f"共{rng.randint(1, 9999)}件。"
        for i in range(n)
    }


def build(index, *parts: dict[str, str]) -> float:
    """Seconds to build ``index`` over the union of ``parts``."""
    merged = {k: v for part in parts for k, v in part.items()}
    start = time.perf_counter()
    index.build(list(merged), list(merged.values()))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from vectorstore import ChineseTokenizer
    from vectorstore.keyword import KeywordIndex

    print("passages  first build  add 20  remove 20  other process: load + add 20")
    for size in args.sizes:
        base, doc, more = passages(size), passages(20, seed=1), passages(20, seed=2)
        index = KeywordIndex(ChineseTokenizer())
        first = build(index, base)
        add = build(index, base, doc)
        remove = build(index, base)
        with tempfile.TemporaryDirectory() as tmp:
            index.save(Path(tmp) / "kw")
            other = KeywordIndex(ChineseTokenizer())
            start = time.perf_counter()
            other.load(Path(tmp) / "kw")
            second = time.perf_counter() - start + build(other, base, more)
        print(f"{size:>8}  {first:>10.1f}s  {add:>5.1f}s  {remove:>8.1f}s  {second:>10.1f}s")


if __name__ == "__main__":
    main()
