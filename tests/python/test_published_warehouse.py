"""The published file: its contract (names, types, descriptions), its metadata, the comparison
with the study's tables, the command line, and that DuckDB 1.5 can open it."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

import duckdb
import pytest
from support import PROJECT_DIR, SEEDS

import scripts.build

CONTRACT = {
    "indicator_weights": {
        "indicator_id": "VARCHAR",
        "dimension_id": "VARCHAR",
        "year": "INTEGER",
        "entropy": "DOUBLE",
        "divergence": "DOUBLE",
        "weight": "DOUBLE",
        "weights_source": "VARCHAR",
    },
    "dimension_weights": {"dimension_id": "VARCHAR", "year": "INTEGER", "weight": "DOUBLE"},
    "indicator_values": {
        "region_id": "VARCHAR",
        "year": "INTEGER",
        "indicator_id": "VARCHAR",
        "value": "DOUBLE",
        "unit": "VARCHAR",
        "provenance": "VARCHAR",
        "is_imputed": "BOOLEAN",
        "normalized_value": "DOUBLE",
    },
    "dimension_scores": {
        "region_id": "VARCHAR",
        "year": "INTEGER",
        "dimension_id": "VARCHAR",
        "score": "DOUBLE",
    },
    "composite_scores": {
        "region_id": "VARCHAR",
        "year": "INTEGER",
        "score": "DOUBLE",
        "rank": "INTEGER",
        "real_input_share": "DOUBLE",
    },
    "published_comparison": {
        "figure_id": "VARCHAR",
        "published_value": "DOUBLE",
        "computed_value": "DOUBLE",
        "difference": "DOUBLE",
    },
    "build_metadata": {
        "normalization_scope": "VARCHAR",
        "zero_handling": "VARCHAR",
        "epsilon": "DOUBLE",
        "weights_source": "VARCHAR",
        "project_commit": "VARCHAR",
        "dbt_version": "VARCHAR",
        "built_at": "VARCHAR",
    },
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def query(path: Path, sql: str) -> list[tuple]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_marts_keep_the_contract_names_and_types(shipped_warehouse: Path) -> None:
    for table, columns in CONTRACT.items():
        found = dict(
            query(
                shipped_warehouse,
                f"select column_name, data_type from information_schema.columns "
                f"where table_name = '{table}'",
            )
        )
        for column, data_type in columns.items():
            assert found.get(column) == data_type, f"{table}.{column}: {found.get(column)}"


def test_every_mart_and_column_has_a_persisted_description(shipped_warehouse: Path) -> None:
    tables = query(
        shipped_warehouse,
        "select table_name, comment from duckdb_tables() "
        "where schema_name = 'main' and not internal",
    )
    assert {name for name, _ in tables} >= set(CONTRACT)
    undescribed = [name for name, comment in tables if not comment]
    assert not undescribed, f"tables without a description: {undescribed}"
    columns = query(
        shipped_warehouse,
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'main' and not internal and (comment is null or comment = '')",
    )
    assert not columns, f"columns without a description: {columns[:20]}"


def test_build_metadata_records_vars_inputs_and_versions(shipped_warehouse: Path) -> None:
    connection = duckdb.connect(str(shipped_warehouse), read_only=True)
    try:
        rows = connection.execute("select * from build_metadata").fetchdf()
    finally:
        connection.close()
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["normalization_scope"] == "panel"
    assert row["zero_handling"] == "zero"
    assert row["epsilon"] == pytest.approx(0.0001)
    assert row["weights_source"] == "entropy"
    for name in ("indicators", "observations", "regions"):
        digest = hashlib.sha256((SEEDS / f"{name}.csv").read_bytes()).hexdigest()
        assert row[f"{name}_sha256"] == digest
        assert row[f"{name}_file"] == f"seed {name}"
    assert row["project_commit"] == scripts.build.project_commit()
    assert row["dbt_version"].startswith("1.11")
    assert row["engine_version"].startswith("duckdb v")
    assert 0 < row["real_input_share"] < 1
    assert 0 < row["synthetic_share"] < 1
    assert row["cell_count"] == row["region_count"] * row["indicator_count"] * (
        row["last_year"] - row["first_year"] + 1
    )


def test_published_comparison_holds_every_figure_of_tables_1_to_3(shipped_warehouse: Path) -> None:
    raw = PROJECT_DIR / "data" / "raw"
    region_of = {r["name_en"]: r["region_id"] for r in read_csv(SEEDS / "regions.csv")}
    rows = dict(
        query(
            shipped_warehouse,
            "select table_name || '|' || coalesce(region_id, '') || '|' || coalesce(cast(year as "
            "varchar), '') || '|' || coalesce(dimension_id, ''), published_value "
            "from published_comparison where table_name in ('Table 2', 'Table 3')",
        )
    )
    expected = {}
    for r in read_csv(raw / "published_composite_scores.csv"):
        expected[f"Table 2|{region_of[r['city']]}|{r['year']}|"] = float(r["composite_score"])
    for r in read_csv(raw / "published_dimension_scores_2022.csv"):
        for dimension in ("investment", "output", "support"):
            key = f"Table 3|{region_of[r['city']]}|{r['year']}|{dimension}"
            expected[key] = float(r[dimension])
    assert rows == expected
    table1 = query(
        shipped_warehouse,
        "select count(*), sum(published_value), count(computed_value) "
        "from published_comparison where table_name = 'Table 1' and quantity = 'indicator weight'",
    )[0]
    assert table1[0] == 12 and table1[2] == 12
    assert table1[1] == pytest.approx(1.0, abs=1e-9)
    differences = query(
        shipped_warehouse,
        "select count(*) from published_comparison "
        "where abs(difference - (computed_value - published_value)) > 1e-15 "
        "or real_input_share is null",
    )[0][0]
    assert differences == 0


def test_indicator_seed_published_weights_match_table_1() -> None:
    table1 = {
        r["indicator_id"]: r["published_weight"]
        for r in read_csv(PROJECT_DIR / "seeds/reference/published_table1_weights.csv")
        if r["level"] == "indicator"
    }
    seed = {r["indicator_id"]: r["published_weight"] for r in read_csv(SEEDS / "indicators.csv")}
    assert {k: float(v) for k, v in seed.items()} == {k: float(v) for k, v in table1.items()}


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.ewm", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "160", **(env or {})},
    )


def test_cli_help_lists_the_subcommands() -> None:
    completed = run_cli("--help")
    assert completed.returncode == 0
    for word in ("build", "show"):
        assert word in completed.stdout


def test_cli_show_prints_the_headline_tables_and_says_data_are_synthetic(
    shipped_warehouse: Path, tmp_path: Path
) -> None:
    completed = run_cli("--db", str(shipped_warehouse), "--output", str(tmp_path), "show")
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert "like Table 1" in out and "like Table 2" in out and "like Table 3" in out
    assert "SYNTHETIC DATA" in out
    assert "Zhengzhou" in out and "郑州市" not in out  # English names; Chinese in Table 1
    assert "科技创新投入" in out
    assert (tmp_path / "table2_composite_scores.csv").exists()


def test_cli_show_without_a_database_is_one_line(tmp_path: Path) -> None:
    completed = run_cli("--db", str(tmp_path / "missing.duckdb"), "show")
    assert completed.returncode == 1
    assert "No published warehouse" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.fixture(scope="session")
def duckdb15_python() -> Path:
    """A side virtual environment with DuckDB 1.5 (requirements-compat.txt), made once."""
    folder = PROJECT_DIR / ".venv-compat"
    python = folder / "bin" / "python"
    probe = [str(python), "-c", "import duckdb; print(duckdb.__version__)"]
    if not python.exists() or subprocess.run(probe, capture_output=True).returncode != 0:
        venv.create(folder, with_pip=True, clear=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "-r",
                str(PROJECT_DIR / "requirements-compat.txt"),
            ],
            check=True,
        )
    return python


def test_published_file_opens_read_only_in_duckdb_1_5(
    shipped_warehouse: Path, duckdb15_python: Path
) -> None:
    script = (
        "import duckdb, sys\n"
        "assert duckdb.__version__.startswith('1.5'), duckdb.__version__\n"
        "c = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print(c.execute('select count(*), sum(score) from composite_scores').fetchone())\n"
    )
    completed = subprocess.run(
        [str(duckdb15_python), "-c", script, str(shipped_warehouse)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    count, total = eval(completed.stdout.strip())  # a tuple printed by the 1.5 client
    expected = query(shipped_warehouse, "select count(*), sum(score) from composite_scores")[0]
    assert count == expected[0]
    assert total == pytest.approx(expected[1], abs=1e-12)
