"""Load an analyst's input files into the raw schema of an engine that cannot read them itself.

DuckDB reads CSV and Parquet directly (the dbt vars *_file). PostgreSQL cannot read Parquet and
reads files only on the server, so for `--target postgres` the files are loaded here into
<schema>_raw.<name> (all columns text, as the staging models expect) before `dbt build`:

    python -m scripts.load_inputs --target postgres --observations-file obs.parquet ...

For `--target spark` (the profile's local session: run it with .venv-spark's python, before
dbt, since the embedded Derby metastore admits one process at a time) the same text columns are
written as Parquet tables <schema>_raw.<name> of the session's warehouse.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

INPUT_NAMES = ("indicators", "observations", "regions", "dimensions")


def read_as_text(path: Path) -> pd.DataFrame:
    """Every column as text, empty cells as None; numbers keep their shortest exact spelling."""
    if path.suffix.lower() == ".parquet":
        frame = pd.read_parquet(path)
        out = pd.DataFrame(index=frame.index)
        for column in frame.columns:
            series = frame[column]
            text = series.map(
                lambda v: None if pd.isna(v) else (repr(v) if isinstance(v, float) else str(v))
            )
            out[column] = text
        return out
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.map(lambda v: v if v != "" else None)


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def postgres_connection():
    import psycopg2

    return psycopg2.connect(
        host=os.environ.get("EWM_PG_HOST", "127.0.0.1"),
        port=int(os.environ.get("EWM_PG_PORT", "55432")),
        user=os.environ.get("EWM_PG_USER", "postgres"),
        password=os.environ.get("EWM_PG_PASSWORD", ""),
        dbname=os.environ.get("EWM_PG_DATABASE", "ewm"),
    )


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def load_postgres(files: dict[str, Path], schema: str) -> None:
    """Replace <schema>_raw.<name> by the file's rows, all columns text."""
    raw_schema = f"{schema}_raw"
    connection = postgres_connection()
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(f"create schema if not exists {quote(raw_schema)}")
            for name, path in files.items():
                frame = read_as_text(path)
                table = f"{quote(raw_schema)}.{quote(name)}"
                cursor.execute(f"drop table if exists {table}")
                columns = ", ".join(f"{quote(str(c))} text" for c in frame.columns)
                cursor.execute(f"create table {table} ({columns})")
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
                for row in frame.itertuples(index=False):
                    writer.writerow(["\\N" if is_missing(v) else v for v in row])
                buffer.seek(0)
                cursor.copy_expert(f"copy {table} from stdin with (format csv, null '\\N')", buffer)
    finally:
        connection.close()


def spark_session_settings() -> dict[str, str]:
    """The spark target's server_side_parameters from profiles.yml, env_var() rendered."""
    import jinja2
    import yaml

    profile = yaml.safe_load((Path(__file__).resolve().parents[1] / "profiles.yml").read_text())
    spark = profile["entropy_warehouse"]["outputs"]["spark"]

    def env_var(name: str, default: str | None = None) -> str:
        value = os.environ.get(name, default)
        if value is None:
            raise KeyError(f"environment variable {name} is not set")
        return value

    return {
        key: jinja2.Template(str(value)).render(env_var=env_var)
        for key, value in spark.get("server_side_parameters", {}).items()
    }


def load_spark(files: dict[str, Path], schema: str) -> None:
    """Replace <schema>_raw.<name> by the file's rows, all columns string, in the local session."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_session_settings().items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    raw_schema = f"{schema}_raw"
    try:
        spark.sql(f"create database if not exists `{raw_schema}`")
        with tempfile.TemporaryDirectory() as folder:
            for name, path in files.items():
                frame = read_as_text(path)
                columns = [str(c) for c in frame.columns]
                table = pa.table(
                    {
                        c: pa.array(
                            [None if is_missing(v) else str(v) for v in frame[c]], pa.string()
                        )
                        for c in columns
                    }
                )
                staged = Path(folder) / f"{name}.parquet"
                pq.write_table(table, staged)
                spark.read.parquet(str(staged)).write.mode("overwrite").format(
                    "parquet"
                ).saveAsTable(f"`{raw_schema}`.`{name}`")
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="load_inputs", description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="postgres", choices=["postgres", "spark"])
    parser.add_argument(
        "--schema",
        help="the target's schema (default: EWM_PG_SCHEMA or EWM_SPARK_SCHEMA, else ewm)",
    )
    for name in INPUT_NAMES:
        parser.add_argument(f"--{name}-file", dest=name)
    args = parser.parse_args(argv)
    files = {name: Path(getattr(args, name)) for name in INPUT_NAMES if getattr(args, name)}
    if not files:
        parser.error("give at least one --<name>-file")
    for path in files.values():
        if not path.exists():
            parser.error(f"no such file: {path}")
    if args.target == "spark":
        schema = args.schema or os.environ.get("EWM_SPARK_SCHEMA", "ewm")
        load_spark(files, schema)
    else:
        schema = args.schema or os.environ.get("EWM_PG_SCHEMA", "ewm")
        load_postgres(files, schema)
    print(f"loaded {', '.join(files)} into {schema}_raw")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
