"""The same dbt project on Apache Spark (local PySpark session) gives every mart of the DuckDB
build, the analyses marts and the audit included, to 1e-12, on the shipped data and on a
generated panel. Slow (a JVM and a Hive metastore per dbt run, the 16 variants of
`sensitivity`), so it is not part of the default run; run it with:

    VENV=.venv-spark scripts/bootstrap.sh requirements-spark.txt
    .venv/bin/python -m pytest -m spark tests/python/test_spark.py -p no:xdist -q

dbt and the loader run from .venv-spark (EWM_SPARK_VENV), the DuckDB side from this interpreter.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import (
    KEYS,
    MARTS,
    PROJECT_DIR,
    assert_frames_close,
    build_ok,
    engine_comparison_panel,
    read_marts,
)
from test_analyses_warehouse import ANALYSIS_KEYS, assert_same_mart
from test_engines import NUMERIC

from scripts.project import dbt_build_args

pytestmark = pytest.mark.spark

SPARK_VENV = Path(os.environ.get("EWM_SPARK_VENV", PROJECT_DIR / ".venv-spark"))
SPARK_BIN = SPARK_VENV / "bin"


@pytest.fixture(scope="module", autouse=True)
def spark_venv() -> None:
    if not (SPARK_BIN / "dbt").exists() or not (SPARK_BIN / "python").exists():
        pytest.skip(
            f"no dbt-spark environment at {SPARK_VENV}: "
            "VENV=.venv-spark scripts/bootstrap.sh requirements-spark.txt"
        )


def spark_env(folder: Path, schema: str) -> dict[str, str]:
    return {**os.environ, "EWM_SPARK_DIR": str(folder / "spark"), "EWM_SPARK_SCHEMA": schema}


def dbt_build_spark(folder: Path, schema: str, dbt_vars: dict) -> None:
    """dbt build on the session target, from a scratch folder (the session's files stay there)."""
    completed = subprocess.run(
        [str(SPARK_BIN / "dbt"), *dbt_build_args("spark", folder, dbt_vars)],
        cwd=folder,
        env=spark_env(folder, schema),
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout[-5000:]


def read_spark_marts(folder: Path, schema: str, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The marts as dbt-spark wrote them: Parquet folders under the session's warehouse."""
    warehouse = folder / "spark" / "warehouse" / f"{schema}.db"
    # integers with nulls as nullable integers (as DuckDB gives them), not as floats
    nullable = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}.get
    return {
        name: pq.read_table(warehouse / name).to_pandas(types_mapper=nullable) for name in names
    }


def compare(folder: Path, schema: str, duckdb_file: Path) -> None:
    spark = read_spark_marts(folder, schema, MARTS + tuple(ANALYSIS_KEYS))
    duck = read_marts(duckdb_file, MARTS + tuple(ANALYSIS_KEYS))
    for mart, columns in NUMERIC.items():
        assert_frames_close(spark[mart], duck[mart], KEYS[mart], columns, label=f"spark {mart}")
    left = spark["indicator_values"].sort_values(KEYS["indicator_values"]).reset_index(drop=True)
    right = duck["indicator_values"].sort_values(KEYS["indicator_values"]).reset_index(drop=True)
    for column in ("provenance", "is_imputed", "unit"):
        assert left[column].astype(str).tolist() == right[column].astype(str).tolist(), column
    for mart, keys in ANALYSIS_KEYS.items():
        assert_same_mart(spark[mart], duck[mart], keys, f"spark {mart}")


def test_spark_matches_duckdb_on_the_shipped_data(shipped_warehouse: Path, tmp_path: Path) -> None:
    dbt_build_spark(tmp_path, "shipped", {})
    compare(tmp_path, "shipped", shipped_warehouse)


def test_spark_matches_duckdb_on_a_generated_panel(tmp_path: Path) -> None:
    files, dbt_vars = engine_comparison_panel(tmp_path / "in")
    duck = build_ok(tmp_path / "duckdb", dbt_vars)
    loaded = subprocess.run(
        [
            str(SPARK_BIN / "python"),
            "-m",
            "scripts.load_inputs",
            "--target",
            "spark",
            *[arg for name, path in files.items() for arg in (f"--{name}-file", str(path))],
        ],
        cwd=PROJECT_DIR,
        env=spark_env(tmp_path, "panel"),
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr[-5000:]
    dbt_build_spark(tmp_path, "panel", dbt_vars)
    compare(tmp_path, "panel", duck)
