"""Command line of the entropy-weight warehouse.

./ewm build [--scope year] [--zero-handling shift] ...   build, test, publish, show tables
./ewm show                                               headline tables of the published file
./ewm report | export | docs | summary                    report, files for other tools (report_cli)
./ewm generate | bench                                   synthetic panels; benchmark (scripts/bench)
./ewm --help
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scripts import bench, report_cli, tables
from scripts import build as builder
from scripts.project import DEFAULT_OUTPUT_DIR, INPUT_VARS, METHOD_VARS, published_db_path

console = Console()
errors = Console(stderr=True)


def add_variant_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("method (dbt vars; defaults are the study's)")
    group.add_argument("--scope", dest="normalization_scope", choices=["panel", "year"])
    group.add_argument(
        "--zero-handling", dest="zero_handling", choices=["zero", "shift", "rescale", "none"]
    )
    group.add_argument("--epsilon", type=float, help="for shift and rescale (default 0.0001)")
    group.add_argument("--weights-source", dest="weights_source", choices=["entropy", "published"])
    inputs = parser.add_argument_group("inputs (CSV or Parquet; default: the shipped seeds)")
    inputs.add_argument("--indicators-file", dest="indicators_file")
    inputs.add_argument("--observations-file", dest="observations_file")
    inputs.add_argument("--regions-file", dest="regions_file")
    inputs.add_argument("--dimensions-file", dest="dimensions_file")


def dbt_vars(args: argparse.Namespace) -> dict[str, object]:
    chosen: dict[str, object] = {}
    for name in (*METHOD_VARS, *INPUT_VARS):
        value = getattr(args, name, None)
        if value is None:
            continue
        if name.endswith("_file"):
            path = Path(value).expanduser()
            if not path.exists():
                raise SystemExit(f"error: --{name.replace('_', '-')} {value}: no such file")
            value = str(path.resolve())
        chosen[name] = value
    return chosen


def command_build(args: argparse.Namespace) -> int:
    published = published_db_path(args.db)
    variables = dbt_vars(args)

    with console.status("dbt build: starting") as status:

        def progress(line: str) -> None:
            if args.verbose:
                console.print(line, markup=False, highlight=False)
            elif " of " in line and ("START" in line or "OK" in line or "PASS" in line):
                status.update(f"dbt build: {line.split('  ', 1)[-1].strip()[:100]}")

        result = builder.run_build(published, variables, on_line=progress)

    if not result.ok:
        errors.print("[bold red]Build failed[/]: the published warehouse was not changed.")
        for message in result.errors:
            errors.print(message, markup=False, highlight=False)
        errors.print(f"The working database is kept for inspection: {result.working}")
        return 1
    console.print(f"[green]Published[/] {published}")
    if not args.quiet:
        return show(published, Path(args.output))
    return 0


def render(frame, title: str, index_name: str | None = None, digits: int = 3) -> Table:
    table = Table(title=title, title_justify="left")
    columns = list(frame.columns)
    if index_name is not None:
        table.add_column(index_name)
    for column in columns:
        table.add_column(str(column), justify="right")
    for index, row in frame.iterrows():
        cells = [str(index)] if index_name is not None else []
        for column in columns:
            value = row[column]
            cells.append(f"{value:.{digits}f}" if isinstance(value, float) else str(value))
        table.add_row(*cells)
    return table


def show(published: Path, output: Path) -> int:
    try:
        result = tables.headline(published)
    except FileNotFoundError as error:
        errors.print(f"error: {error}")
        return 1
    meta = result.metadata
    console.print(
        f"[bold]{published}[/] built {meta['built_at']} (commit {meta['project_commit']}); "
        f"scope={meta['normalization_scope']}, zero_handling={meta['zero_handling']}, "
        f"epsilon={meta['epsilon']}, weights_source={meta['weights_source']}"
    )
    style = "bold yellow" if float(meta["synthetic_share"]) > 0 else "green"
    console.print(tables.provenance_line(meta), style=style)

    table1 = result.table1.copy()
    table1["name"] = [
        (name if level == "dimension" else "  " + name) + (f"  {zh}" if zh else "")
        for level, name, zh in zip(
            table1["level"], table1["name_en"], table1["name_zh"], strict=True
        )
    ]
    table1 = table1.set_index("name")[["weight", "published_weight"]]
    console.print(render(table1, "Weights (like Table 1)", "indicator"))
    names = tables.region_names_from(published)
    table2 = result.table2.rename(columns=names)
    console.print(render(table2, "Composite scores (like Table 2)", "year"))
    table3 = result.table3.rename(index=names)
    console.print(render(table3, f"Dimension scores {result.table3_year} (like Table 3)", "region"))
    written = tables.write_csv(result, output)
    console.print("Wrote " + ", ".join(str(path) for path in written))
    return 0


def command_show(args: argparse.Namespace) -> int:
    return show(published_db_path(args.db), Path(args.output))


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="ewm",
        description="Entropy-weighted composite indices: build, test and publish the warehouse.",
    )
    main.add_argument(
        "--db", help="published DuckDB file (default: $WAREHOUSE_DB or warehouse.duckdb)"
    )
    main.add_argument(
        "--output",
        default=str(DEFAULT_OUTPUT_DIR),
        help="folder for written files (default: output/)",
    )
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser(
        "build", help="dbt build into a working file; publish it only if every test passed"
    )
    add_variant_arguments(build)
    build.add_argument("--verbose", action="store_true", help="print dbt's output as it runs")
    build.add_argument("--quiet", action="store_true", help="do not print the headline tables")
    build.set_defaults(handler=command_build)

    show_parser = commands.add_parser(
        "show", help="print the headline tables of the published file"
    )
    show_parser.set_defaults(handler=command_show)
    report_cli.add_commands(commands)
    bench.add_commands(commands)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
