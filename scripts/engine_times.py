"""Wall time of `dbt build` per engine, on the shipped data and on a generated panel.

    .venv/bin/python -m scripts.engine_times [--engines duckdb,postgres,spark]
        [--data shipped,panel] [--panel 300x30x60] [--exclude SELECTOR]

Each build starts from an empty warehouse (a fresh DuckDB file, a fresh PostgreSQL schema on a
throwaway server from scripts/pg_server.sh, a fresh Spark session folder) and runs the whole
`dbt build` (seeds, models, unit and data tests) in a process of its own, timed end to end.
On PostgreSQL and Spark the panel's files are first loaded by scripts/load_inputs.py (timed
apart, the `load` column). Spark runs from .venv-spark (EWM_SPARK_VENV). The load averages
before and after each build are printed with it: on a shared machine they say what the figures
are worth. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import panels
from scripts.project import PROJECT_DIR, dbt_build_args

MAIN_BIN = Path(sys.executable).parent
SPARK_BIN = Path(os.environ.get("EWM_SPARK_VENV", PROJECT_DIR / ".venv-spark")) / "bin"
PG_PORT = "55460"
PANEL_SEED = 2024


def loadavg() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def run(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(
            f"failed: {' '.join(command)}\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
        )
    return elapsed


def dbt_build(
    dbt: Path, target: str, folder: Path, env: dict[str, str], dbt_vars: dict, exclude: str | None
) -> float:
    command = [str(dbt), *dbt_build_args(target, folder, dbt_vars)]
    if exclude:
        command += ["--exclude", exclude]
    return run(command, env, folder)


def load(python: Path, target: str, files: dict[str, Path], env: dict[str, str]) -> float:
    command = [str(python), "-m", "scripts.load_inputs", "--target", target]
    for name, path in files.items():
        command += [f"--{name}-file", str(path)]
    return run(command, env, PROJECT_DIR)


class Postgres:
    """A throwaway server (scripts/pg_server.sh) on PG_PORT, stopped on exit."""

    def __init__(self) -> None:
        self.env = {
            **os.environ,
            "PGPORT": PG_PORT,
            "EWM_PG_HOST": "127.0.0.1",
            "EWM_PG_PORT": PG_PORT,
            "EWM_PG_DATABASE": "ewm",
        }
        self.script = str(PROJECT_DIR / "scripts" / "pg_server.sh")

    def __enter__(self) -> Postgres:
        subprocess.run([self.script, "stop"], env=self.env, check=True)
        subprocess.run([self.script, "start"], env=self.env, check=True, capture_output=True)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                PG_PORT,
                "-U",
                "postgres",
                "-q",
                "-c",
                "create database ewm",
            ],
            env=self.env,
            check=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run([self.script, "stop"], env=self.env, check=True)


def measure(
    engine: str,
    data: str,
    files: dict[str, Path] | None,
    folder: Path,
    exclude: str | None,
    postgres: Postgres | None,
) -> dict[str, object]:
    folder.mkdir(parents=True)
    dbt_vars = {f"{name}_file": str(path) for name, path in (files or {}).items()}
    load_s = None
    before = loadavg()
    if engine == "duckdb":
        env = {**os.environ, "WAREHOUSE_BUILD_DB": str(folder / "warehouse.duckdb")}
        build_s = dbt_build(MAIN_BIN / "dbt", "duckdb", folder, env, dbt_vars, exclude)
    elif engine == "postgres":
        assert postgres is not None
        env = {**postgres.env, "EWM_PG_SCHEMA": data}
        if files:
            load_s = load(MAIN_BIN / "python", "postgres", files, env)
        build_s = dbt_build(MAIN_BIN / "dbt", "postgres", folder, env, dbt_vars, exclude)
    else:
        env = {**os.environ, "EWM_SPARK_DIR": str(folder / "spark"), "EWM_SPARK_SCHEMA": data}
        if files:
            load_s = load(SPARK_BIN / "python", "spark", files, env)
        build_s = dbt_build(SPARK_BIN / "dbt", "spark", folder, env, dbt_vars, exclude)
    row = {
        "engine": engine,
        "data": data,
        "load_s": load_s,
        "build_s": build_s,
        "loadavg_before": before,
        "loadavg_after": loadavg(),
    }
    print(json.dumps(row), file=sys.stderr, flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="engine_times", description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="duckdb,postgres,spark")
    parser.add_argument("--data", default="shipped,panel")
    parser.add_argument("--panel", default="300x30x60", help="regions x years x indicators")
    parser.add_argument("--exclude", help="a dbt selector left out of every build")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    datasets = args.data.split(",")
    unknown = set(engines) - {"duckdb", "postgres", "spark"} | set(datasets) - {"shipped", "panel"}
    if unknown:
        parser.error(f"unknown engine or data: {sorted(unknown)}")
    if "spark" in engines and not (SPARK_BIN / "dbt").exists():
        parser.error(f"no {SPARK_BIN / 'dbt'}: make .venv-spark (README)")
    scratch = Path(tempfile.mkdtemp(prefix="ewm-engine-times-"))
    rows = []
    try:
        inputs: dict[str, dict[str, Path] | None] = {"shipped": None}
        if "panel" in datasets:
            regions, years, indicators = (int(n) for n in args.panel.split("x"))
            frames = panels.generate_panel(regions, years, indicators, seed=PANEL_SEED)
            paths = panels.write_panel(frames, scratch / "panel", fmt="parquet")
            inputs["panel"] = dict(
                zip(("indicators", "observations", "regions"), paths, strict=True)
            )
        postgres = Postgres() if "postgres" in engines else None
        if postgres:
            postgres.__enter__()
        try:
            for data in datasets:
                for engine in engines:
                    folder = scratch / f"{engine}-{data}"
                    rows.append(measure(engine, data, inputs[data], folder, args.exclude, postgres))
        finally:
            if postgres:
                postgres.__exit__()
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    panel = args.panel.replace("x", " × ")
    print(
        f"\n`dbt build` wall time, {os.cpu_count()} cores; "
        f"panel: {panel} (regions × years × indicators)"
    )
    if args.exclude:
        print(f"(--exclude {args.exclude})")
    print("\n| engine | data | load (s) | build (s) | load average before → after |")
    print("|---|---|---:|---:|---|")
    for row in rows:
        loaded = "" if row["load_s"] is None else f"{row['load_s']:.0f}"
        print(
            f"| {row['engine']} | {row['data']} | {loaded} | {row['build_s']:.0f} | "
            f"{row['loadavg_before']} → {row['loadavg_after']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
