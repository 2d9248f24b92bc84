"""The ``bitan`` command line (also ``python -m assistant``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Bitan 笔谈: cited answers about Chinese documents.",
)
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Index folder (default: $BITAN_DATA_DIR, else ./var)."),
]


def _settings(data_dir: Path | None):
    from assistant.settings import Settings

    return Settings(data_dir=data_dir) if data_dir else Settings()


def _assistant(data_dir: Path | None):
    from assistant.composition import build_assistant
    from vectorstore import EmbedderMismatch, StoreUnavailable

    try:
        return build_assistant(_settings(data_dir))
    except (EmbedderMismatch, StoreUnavailable, ValueError, ImportError) as err:
        console.print(f"[red]error:[/red] {err}")
        raise typer.Exit(2) from err


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders; none: the bundled column.")
    ] = None,
    data_dir: DataDir = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index first and re-embed everything.")
    ] = False,
) -> None:
    """Index files and folders (.txt .md .pdf .docx .html); unchanged files are skipped by
    content hash, changed ones replaced, each document all or nothing."""
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    for path in paths or []:
        if not path.exists():
            console.print(f"[red]error:[/red] {path}: no such file or folder")
            raise typer.Exit(2)
    assistant = _assistant(data_dir)
    if rebuild:
        assistant.rebuild()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        from assistant.service import BUNDLED_CORPUS, collect_files

        files = bar.add_task("files", total=len(collect_files(paths or [BUNDLED_CORPUS])))
        task = bar.add_task("passages of this file", total=None)

        def progress(done: int, total: int) -> None:
            if bar.tasks[task].total != total:
                bar.update(task, total=total, completed=0)
            bar.advance(task, done)

        def on_file(result) -> None:
            bar.advance(files)
            bar.update(task, total=None, completed=0)
            colour = {"rejected": "red", "unchanged": "dim"}.get(result.status, "green")
            detail = f"{result.chunks} passages" if result.chunks else result.message
            bar.console.print(
                f"[{colour}]{result.status:>9}[/{colour}] {escape(result.source)}  {escape(detail)}",
                highlight=False,
            )

        report = assistant.ingest(paths or [], progress=progress, on_file=on_file)
    console.print(
        f"{report.count('indexed')} indexed, {report.count('replaced')} replaced, "
        f"{report.count('unchanged')} unchanged, {report.count('rejected')} rejected; "
        f"{assistant.index.store.count()} passages in the index"
    )
    for result in report.results:
        if result.status == "rejected":
            console.print(f"  [red]rejected[/red] {escape(result.message)}", highlight=False)
    if report.results and report.count("rejected") == len(report.results):
        raise typer.Exit(1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Chinese or English.")],
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print DESIGN's JSON record.")] = False,
) -> None:
    """Answer a question from the index, with cited passages."""
    from assistant.render import render_markdown
    from assistant.service import QuestionError

    assistant = _assistant(data_dir)
    if assistant.index.store.count() == 0:
        console.print("[yellow]the index is empty: run `bitan ingest` first[/yellow]")
        raise typer.Exit(1)
    try:
        answer = assistant.ask(question)
    except QuestionError as err:
        console.print(f"[red]error:[/red] {err}")
        raise typer.Exit(2) from err
    if as_json:
        print(json.dumps(answer.record(), ensure_ascii=False))
    else:
        from rich.markdown import Markdown

        out.print(Markdown(render_markdown(answer)))


@app.command()
def docs(
    data_dir: DataDir = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON list, one object per article.")
    ] = False,
) -> None:
    """List the indexed articles (with an official document's 发文字号, 发文机关 and 成文日期, and
    a Word file's author and creation date, when known)."""
    assistant = _assistant(data_dir)
    items = assistant.documents()
    if as_json:
        # Each article's particulars are on every one of its passages: read them off its first.
        firsts = {
            (c.source, c.article, c.doc_hash): c
            for c in assistant.index.store.iter_chunks(where={"ordinal": 0})
        }
        records = []
        for d in items:
            record = {
                "source": d.source,
                "title": d.title,
                "author": d.author,
                "place": d.place,
                "chunks": d.chunks,
            }
            first = firsts.get((d.source, d.article, d.doc_hash))
            for name in ("doc_number", "issuer", "date", "file_author", "file_created"):
                if first is not None and getattr(first, name):
                    record[name] = getattr(first, name)  # optional: only when known
            records.append(record)
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table("source", "title", "author", "place", "chunks", "indexed")
    for d in items:
        table.add_row(d.source, d.title, d.author, d.place, str(d.chunks), d.indexed_at)
    out.print(table)


@app.command()
def remove(
    source: Annotated[str, typer.Argument(help="The source name `bitan docs` shows.")],
    data_dir: DataDir = None,
) -> None:
    """Delete a document from the index."""
    result = _assistant(data_dir).remove(source)
    if result.status == "rejected":
        console.print(f"[red]error:[/red] {result.message}")
        raise typer.Exit(1)
    console.print(f"removed {source} ({result.chunks} passages)")


@app.command(name="eval")
def evaluate(
    file: Annotated[Path, typer.Argument(help="Evaluation items, one JSON object per line.")],
    data_dir: DataDir = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write one ask --json record per item.")
    ] = None,
) -> None:
    """Run an evaluation file and print its metrics."""
    from rich.table import Table

    from assistant.evaluation import load_items, run_items, summarize, write_records

    try:
        items = load_items(file)
    except (OSError, ValueError) as err:
        console.print(f"[red]error:[/red] {err}")
        raise typer.Exit(2) from err
    assistant = _assistant(data_dir)
    if assistant.index.store.count() == 0:
        console.print("[yellow]the index is empty: run `bitan ingest` first[/yellow]")
        raise typer.Exit(1)
    assistant.warm_up()
    outcomes = list(run_items(assistant, items))
    if out_file:
        write_records(outcomes, out_file)
    table = Table("metric", "value", title=f"{file.name}: {len(items)} items")
    for name, value in summarize(outcomes).rows:
        table.add_row(name, value)
    out.print(table)


@app.command()
def feedback(
    data_dir: DataDir = None,
    export_eval: Annotated[
        Path | None,
        typer.Option(
            "--export-eval",
            help="Write the disliked questions, with the passages they cited, as evaluation "
            "items (gold left empty to fill in).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Summarise the web page's likes and dislikes (<data dir>/feedback.jsonl): counts, each
    answer's clicks reconciled by conversation and turn, the disliked answers, comments."""
    from rich.markup import escape
    from rich.table import Table

    from assistant.feedback import FeedbackLog, eval_items, summarize

    path = _settings(data_dir).data_dir / "feedback.jsonl"
    try:
        summary = summarize(FeedbackLog(path).read())
    except ValueError as err:
        console.print(f"[red]error:[/red] {path}: not a feedback file ({err})")
        raise typer.Exit(2) from err
    if export_eval:
        items = eval_items(summary)
        export_eval.write_text(
            "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items),
            encoding="utf-8",
        )
        console.print(f"{len(items)} disliked questions written to {export_eval}")
        return
    if as_json:
        print(json.dumps(summary.record(), ensure_ascii=False))
        return
    if not summary.answers:
        out.print(f"no feedback yet ({path})")
        return
    table = Table("", "count", title=f"feedback: {path}")
    table.add_row("likes (clicks)", str(summary.likes))
    table.add_row("dislikes (clicks)", str(summary.dislikes))
    table.add_row("withdrawals", str(summary.withdrawals))
    table.add_row("answers voted on", str(len(summary.answers)))
    table.add_row("net: liked answers", str(summary.net_likes))
    table.add_row("net: disliked answers", str(summary.net_dislikes))
    out.print(table)
    if summary.disliked:
        out.print("\n[bold]disliked answers[/bold]")
        for votes in summary.disliked:
            out.print(f"- {escape(votes.question)}", highlight=False)
            out.print(f"  answer: {escape(votes.answer[:160])}", highlight=False)
            cited = ", ".join(f"[{s.get('n')}] {s.get('title', '')}" for s in votes.sources)
            if cited:
                out.print(f"  cited: {escape(cited)}", highlight=False)
    comments = [(v, c) for v in summary.answers for c in v.comments]
    if comments:
        out.print("\n[bold]comments[/bold]")
        for votes, comment in comments:
            mark = {1: "+", -1: "-"}.get(votes.net, "0")
            out.print(f"- ({mark}) {escape(votes.question)}: {escape(comment)}", highlight=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 7860).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Serve the web chat (indexes the bundled column first if the index is empty)."""
    from assistant.web import launch

    settings = _settings(data_dir)
    launch(settings, host=host, port=port)


def main() -> None:
    from vectorstore import StoreUnavailable

    try:
        app()
    except StoreUnavailable as err:  # the Chroma server went away in the middle of a command
        console.print(f"[red]error:[/red] {err}")
        raise SystemExit(2) from err


if __name__ == "__main__":
    main()
