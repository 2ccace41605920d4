"""The same dbt project on PostgreSQL (a throwaway server on 127.0.0.1, scripts/pg_server.sh)
gives every mart of the DuckDB build to 1e-12, on the shipped data and on a generated panel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
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

from scripts import load_inputs
from scripts.project import dbt_build_args

NUMERIC = {
    "indicator_weights": ["entropy", "divergence", "weight"],
    "dimension_weights": ["weight"],
    "indicator_values": ["value", "normalized_value", "score_value", "proportion"],
    "dimension_scores": ["score"],
    "composite_scores": ["score", "rank", "real_input_share"],
}


@pytest.fixture(scope="session")
def postgres(worker_id: str) -> dict[str, str]:
    """A PostgreSQL server of this test worker's own, with an empty database 'ewm'."""
    offset = 0 if worker_id == "master" else int(worker_id.removeprefix("gw")) + 1
    port = str(55440 + offset)
    env = {**os.environ, "PGPORT": port}
    script = str(PROJECT_DIR / "scripts" / "pg_server.sh")
    subprocess.run([script, "stop"], env=env, check=True)
    subprocess.run([script, "start"], env=env, check=True)
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            port,
            "-U",
            "postgres",
            "-q",
            "-c",
            "create database ewm",
        ],
        check=True,
    )
    yield {"EWM_PG_PORT": port, "EWM_PG_HOST": "127.0.0.1", "EWM_PG_DATABASE": "ewm"}
    subprocess.run([script, "stop"], env=env, check=True)


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


def dbt_build_postgres(env: dict[str, str], schema: str, dbt_vars: dict, folder: Path) -> None:
    dbt = Path(sys.executable).with_name("dbt")
    completed = subprocess.run(
        [str(dbt), *dbt_build_args("postgres", folder, dbt_vars)],
        cwd=PROJECT_DIR,
        env={**os.environ, **env, "EWM_PG_SCHEMA": schema},
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout[-5000:]


def read_postgres_marts(env: dict[str, str], schema: str) -> dict[str, pd.DataFrame]:
    os.environ.update(env)
    connection = load_inputs.postgres_connection()
    try:
        marts = {}
        with connection.cursor() as cursor:
            for mart in MARTS:
                cursor.execute(f'select * from "{schema}"."{mart}"')
                columns = [d[0] for d in cursor.description]
                marts[mart] = pd.DataFrame(cursor.fetchall(), columns=columns)
        return marts
    finally:
        connection.close()


def compare(duck: dict[str, pd.DataFrame], pg: dict[str, pd.DataFrame]) -> None:
    for mart, columns in NUMERIC.items():
        assert_frames_close(pg[mart], duck[mart], KEYS[mart], columns, label=f"postgres {mart}")
    left = pg["indicator_values"].sort_values(KEYS["indicator_values"]).reset_index(drop=True)
    right = duck["indicator_values"].sort_values(KEYS["indicator_values"]).reset_index(drop=True)
    for column in ("provenance", "is_imputed", "unit"):
        assert left[column].astype(str).tolist() == right[column].astype(str).tolist(), column


def test_postgres_matches_duckdb_on_the_shipped_data(
    postgres: dict[str, str], shipped_warehouse: Path, tmp_path: Path
) -> None:
    dbt_build_postgres(postgres, "shipped", {}, tmp_path)
    compare(read_marts(shipped_warehouse), read_postgres_marts(postgres, "shipped"))


def test_postgres_matches_duckdb_on_a_generated_panel(
    postgres: dict[str, str], tmp_path: Path
) -> None:
    files, dbt_vars = engine_comparison_panel(tmp_path / "in")
    duck = read_marts(build_ok(tmp_path / "duckdb", dbt_vars))
    assert duck["dimension_weights"]["dimension_name_en"].str.startswith("Dimension ").all()
    os.environ.update(postgres)
    load_inputs.load_postgres(files, "panel")
    dbt_build_postgres(postgres, "panel", dbt_vars, tmp_path / "pg")
    compare(duck, read_postgres_marts(postgres, "panel"))
