"""Gloss coverage of the English answers of the public eval sets (issue 14).

    .venv/bin/python eval/gloss_coverage.py [--work DIR] [--shared ../shared] [--show N]

Each set is indexed on its own (dev: the bundled column; general-dev: corpus/general/*-fa.md;
reports-dev: corpus/reports/*.docx) in DIR/<set> (a temporary folder by default; an index
already there is reused). For every English question it prints whether the answer has an
English lead-in, the share of the key terms of its glosses that have an English gloss, and
whether every figure and date of the quoted sentences is rendered in English. ``--show N``
prints the first N answers as the CLI shows them, for reading. Run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

SETS = {
    "dev": ("eval/dev.jsonl", ()),
    "general-dev": ("eval/general-dev.jsonl", ("corpus/general", "*-fa.md")),
    "reports-dev": ("eval/reports-dev.jsonl", ("corpus/reports", "*.docx")),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()

    from assistant import Settings, build_assistant
    from assistant.answering.figures import figures, unrendered
    from assistant.answering.glosses import quoted_runs
    from assistant.evaluation import load_items, run_items
    from assistant.render import render_markdown

    work = args.work or Path(tempfile.mkdtemp(prefix="bitan-gloss-"))
    total_terms = total_glossed = total_figures = total_missing = 0
    items_seen = items_led = 0
    shown = 0
    for name, (path, corpus) in SETS.items():
        assistant = build_assistant(Settings(data_dir=work / name))
        if assistant.index.store.count() == 0:
            paths = sorted((args.shared / corpus[0]).glob(corpus[1])) if corpus else []
            assistant.ingest(paths)
        items = [i for i in load_items(args.shared / path) if i.lang == "en"]
        terms = glossed = figs = missing = led = answered = 0
        for outcome in run_items(assistant, items):
            answer = outcome.answer
            if answer.abstained:
                print(f"  {name} {outcome.item.id}: not answered")
                continue
            answered += 1
            lines = [line for line in answer.text.splitlines() if line.strip()]
            led += all(line.startswith("According to") for line in lines)
            for gloss in answer.glosses:
                terms += len(gloss.terms)
                glossed += sum(1 for t in gloss.terms if t.en)
            for n, run in quoted_runs(answer.text).items():
                gloss = answer.gloss(n)
                have = {t.zh for t in gloss.terms if t.en} if gloss else set()
                found = [f.zh for f in figures(run) if not f.self_evident]
                # a figure inside a glossed term is rendered by it (第三方 → third party)
                left = [f for f in found if not any(f in zh for zh in have)] + unrendered(run)
                figs += len(found) + len(unrendered(run))
                missing += len(left)
                if left:
                    print(f"  {name} {outcome.item.id}: figures not rendered: {left}")
            if shown < args.show:
                shown += 1
                print(f"\n### {outcome.item.question}\n{render_markdown(answer, passages=False)}\n")
        print(
            f"{name}: {len(items)} English questions, {answered} answered, "
            f"{led} with an English lead-in; key terms glossed {glossed}/{terms} = "
            f"{glossed / terms if terms else 0:.2f}; figures rendered {figs - missing}/{figs}"
        )
        total_terms += terms
        total_glossed += glossed
        total_figures += figs
        total_missing += missing
        items_seen += answered
        items_led += led
    print(
        f"ALL: {items_led}/{items_seen} answers with an English lead-in; gloss coverage "
        f"{total_glossed}/{total_terms} = {total_glossed / max(total_terms, 1):.2f}; "
        f"figures and dates rendered {total_figures - total_missing}/{total_figures}"
    )


if __name__ == "__main__":
    main()
