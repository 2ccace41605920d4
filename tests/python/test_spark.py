"""The same dbt project on Apache Spark (local PySpark session) gives every mart of the DuckDB
build to 1e-12 on the shipped data. Slow (JVM start-up, Hive metastore), so it is not part of
the default run; run it with:

    python3 -m venv .venv-spark && .venv-spark/bin/pip install -r requirements-spark.txt
    .venv-spark/bin/python -m pytest -m spark tests/python/test_spark.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from support import KEYS, MARTS, PROJECT_DIR, assert_frames_close, read_marts
from test_engines import NUMERIC

pytestmark = pytest.mark.spark


def read_spark_marts(warehouse: Path, schema: str) -> dict[str, pd.DataFrame]:
    """The marts as dbt-spark wrote them: Parquet folders under the warehouse directory."""
    return {mart: pq.read_table(warehouse / f"{schema}.db" / mart).to_pandas() for mart in MARTS}


def test_spark_matches_duckdb_on_the_shipped_data(shipped_warehouse: Path, tmp_path: Path) -> None:
    dbt = Path(sys.executable).with_name("dbt")
    completed = subprocess.run(
        [
            str(dbt),
            "build",
            "--target",
            "spark",
            "--profiles-dir",
            str(PROJECT_DIR),
            "--project-dir",
            str(PROJECT_DIR),
            # dbt-spark's session seed loader does not escape the quotes in the study's
            # sentences (study_claims.csv): that seed and the audit built on it are left out.
            "--exclude",
            "study_claims+",
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        cwd=tmp_path,
        env={**os.environ, "EWM_SPARK_DIR": str(tmp_path / "spark"), "EWM_SPARK_SCHEMA": "ewm"},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout[-5000:]
    spark = read_spark_marts(tmp_path / "spark" / "warehouse", "ewm")
    duck = read_marts(shipped_warehouse)
    for mart, columns in NUMERIC.items():
        assert_frames_close(spark[mart], duck[mart], KEYS[mart], columns, label=f"spark {mart}")
