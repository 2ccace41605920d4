"""The command line's report, export, docs and summary subcommands (see scripts/ewm.py).

./ewm report [--year Y] [--regions r1,r2] [--out DIR]   HTML report + figures (PNG, SVG)
./ewm export [--out DIR] [--no-docs]                    Excel workbook, Parquet marts, dbt docs
./ewm docs [--out DIR]                                  dbt docs as one static page
./ewm summary [--out DIR]                               what the main job wrote, and where

Problems with the arguments or the environment (an unknown region or year, an unwritable
folder, no published database) are one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from scripts.outputs import UserError
from scripts.project import published_db_path

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _out(args: argparse.Namespace) -> Path:
    return Path(args.out or args.output).expanduser()


@contextmanager
def progress(total: int | None) -> Iterator[Callable[[str], None]]:
    """A progress bar (a spinner when the number of steps is not known) and its step()."""
    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total is not None:
        columns += [BarColumn(), TextColumn("{task.completed}/{task.total}")]
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("starting", total=total)

        def step(message: str) -> None:
            bar.update(task, description=message, advance=1)

        yield step


def _fail(error: Exception) -> int:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    errors.print(f"error: {message}", markup=False, highlight=False)
    return 1


def command_report(args: argparse.Namespace) -> int:
    from scripts import figures, report

    published = published_db_path(args.db)
    try:
        with progress(None) as step:
            result = report.make_report(
                published, _out(args), year=args.year, regions_text=args.regions, step=step
            )
    except (UserError, figures.MissingGlyphError) as error:
        return _fail(error)
    except OSError as error:
        return _fail(UserError(f"cannot write the report: {error.strerror or error}"))
    manifest = result.manifest
    console.print(f"[green]Report[/] {result.page}")
    console.print(
        f"  figures ({len(manifest['figures'])}, PNG 300 dpi + SVG): "
        f"{result.page.parent / 'figures'}"
    )
    if manifest["synthetic_share"] > 0:
        console.print(
            f"  [bold yellow]synthetic inputs[/]: real inputs {manifest['real_input_share']:.1%}"
        )
    if not manifest["cjk_font"]:
        errors.print(
            "warning: no CJK font (Debian: fonts-noto-cjk); the figures carry English names only"
        )
    if manifest["missing_analysis_marts"]:
        console.print(
            "  sections skipped (marts not in this build): "
            + ", ".join(manifest["missing_analysis_marts"]),
            style="dim",
        )
    for note in result.skipped:
        console.print(f"  skipped: {note}", style="dim")
    return 0


def command_export(args: argparse.Namespace) -> int:
    from scripts import export

    published = published_db_path(args.db)
    try:
        with progress(None) as step:
            result = export.export(published, _out(args), docs=not args.no_docs, step=step)
    except UserError as error:
        return _fail(error)
    except OSError as error:
        return _fail(UserError(f"cannot write the export: {error.strerror or error}"))
    console.print(f"[green]Workbook[/] {result.workbook} ({len(result.sheets)} sheets)")
    if result.parquet:
        console.print(
            f"[green]Parquet[/] {result.parquet[0].parent}/ ({len(result.parquet)} marts)"
        )
    if result.docs:
        console.print(f"[green]dbt docs[/] {result.docs}")
    return 0


def command_docs(args: argparse.Namespace) -> int:
    from scripts import export

    published = published_db_path(args.db)
    try:
        with progress(None) as step:
            step("dbt docs generate --static")
            page = export.write_docs(published, _out(args))
    except UserError as error:
        return _fail(error)
    console.print(f"[green]dbt docs[/] {page}")
    return 0


def command_summary(args: argparse.Namespace) -> int:
    """A short list of what is there: the published file and each output, with sizes."""
    published = published_db_path(args.db)
    out = _out(args).resolve()
    items = [
        ("published warehouse (open read-only in BI tools)", published),
        ("report (open in a browser)", out / "report" / "index.html"),
        ("figures, PNG + SVG", out / "report" / "figures"),
        ("Excel workbook", out / "export" / "ewm_tables.xlsx"),
        ("Parquet, one file per mart", out / "export" / "parquet"),
        ("dbt docs, one static page", out / "docs" / "index.html"),
    ]
    console.print("[bold]Written[/]")
    for label, path in items:
        if path.is_dir():
            count = sum(1 for child in path.iterdir() if child.is_file())
            detail = f"{count} files"
        elif path.exists():
            detail = _size(path.stat().st_size)
        else:
            detail = "[red]missing[/]"
        console.print(f"  {label}: {path} ({detail})", highlight=False)
    csv_files = sorted(out.glob("*.csv"))
    console.print(f"  headline tables as CSV: {out} ({len(csv_files)} files)", highlight=False)
    return 1 if not published.exists() else 0


def _size(count: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count} B"


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None


def add_commands(commands: argparse._SubParsersAction) -> None:
    out_help = "folder to write into (default: the global --output, output/)"
    report = commands.add_parser(
        "report",
        help="write an HTML report (figures and study-style tables) of the published file",
    )
    report.add_argument("--year", type=_year, help="year of the dimension chart and Table 3")
    report.add_argument("--regions", help="regions to show, comma-separated ids (default: all)")
    report.add_argument("--out", help=out_help)
    report.set_defaults(handler=command_report)

    export = commands.add_parser(
        "export", help="write an Excel workbook, Parquet files of the marts and dbt docs"
    )
    export.add_argument("--out", help=out_help)
    export.add_argument("--no-docs", action="store_true", help="skip dbt docs")
    export.set_defaults(handler=command_export)

    docs = commands.add_parser("docs", help="write dbt docs as one static HTML page")
    docs.add_argument("--out", help=out_help)
    docs.set_defaults(handler=command_docs)

    summary = commands.add_parser("summary", help="list what was written, and where")
    summary.add_argument("--out", help=out_help)
    summary.set_defaults(handler=command_summary)
