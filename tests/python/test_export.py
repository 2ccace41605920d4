"""`./ewm export`: the Excel workbook (read back with openpyxl), Parquet files, dbt docs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from report_support import run_ewm

from scripts.outputs import CORE_MARTS


@pytest.fixture(scope="module")
def exported(shipped_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    completed = run_ewm("--db", str(shipped_warehouse), "export", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    assert "Workbook" in completed.stdout and "Parquet" in completed.stdout
    return out


def query(path: Path, sql: str) -> list[tuple]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_workbook_has_the_study_tables_with_numbers_stored_as_numbers(
    exported: Path, shipped_warehouse: Path
) -> None:
    workbook = load_workbook(exported / "export" / "ewm_tables.xlsx")
    names = workbook.sheetnames
    last_year = query(shipped_warehouse, "select max(year) from composite_scores")[0][0]
    for expected in (
        "Table1_weights",
        "Table2_composite",
        f"Table3_dimensions_{last_year}",
        "Published_vs_computed",
        "Build_metadata",
    ):
        assert expected in names

    # Table 1: each indicator's weight is a number equal to the mart's
    sheet = workbook["Table1_weights"]
    assert "synthetic" in str(sheet["A1"].value).lower()  # the provenance note
    header = [cell.value for cell in sheet[3]]
    weights = {}
    for row in sheet.iter_rows(min_row=4):
        record = dict(zip(header, (cell for cell in row), strict=True))
        if record["level"].value == "indicator":
            assert record["weight"].data_type == "n"
            assert isinstance(record["weight"].value, float)
            weights[record["indicator_id"].value] = record["weight"].value
    expected = dict(query(shipped_warehouse, "select indicator_id, weight from indicator_weights"))
    assert weights.keys() == expected.keys()
    for indicator, weight in weights.items():
        assert weight == pytest.approx(expected[indicator], abs=1e-15)

    # Table 2: years as numbers in the first column, one numeric column per region
    sheet = workbook["Table2_composite"]
    years = [row[0].value for row in sheet.iter_rows(min_row=4)]
    assert years == list(range(2013, 2023))
    for row in sheet.iter_rows(min_row=4):
        assert all(cell.data_type == "n" for cell in row)
    zhengzhou_2022 = query(
        shipped_warehouse,
        "select score from composite_scores where region_id = 'zhengzhou' and year = 2022",
    )[0][0]
    header = [cell.value for cell in sheet[3]]
    column = next(i for i, name in enumerate(header) if str(name).startswith("Zhengzhou"))
    assert sheet.cell(row=4 + 9, column=column + 1).value == pytest.approx(zhengzhou_2022)

    # the comparison: published and computed values are numbers
    sheet = workbook["Published_vs_computed"]
    header = [cell.value for cell in sheet[3]]
    published = header.index("published_value") + 1
    rows = list(sheet.iter_rows(min_row=4))
    assert len(rows) == query(shipped_warehouse, "select count(*) from published_comparison")[0][0]
    assert all(row[published - 1].data_type == "n" for row in rows)


def test_every_mart_is_written_as_parquet(exported: Path, shipped_warehouse: Path) -> None:
    folder = exported / "export" / "parquet"
    written = {path.stem for path in folder.glob("*.parquet")}
    assert set(CORE_MARTS) <= written
    for name in written:
        table = pq.read_table(folder / f"{name}.parquet")
        count = query(shipped_warehouse, f'select count(*) from "{name}"')[0][0]
        assert table.num_rows == count, name
    scores = pq.read_table(folder / "composite_scores.parquet")
    assert str(scores.schema.field("score").type) == "double"
    assert str(scores.schema.field("region_id").type) == "string"


def test_dbt_docs_is_one_static_page_naming_the_exposures(exported: Path) -> None:
    page = exported / "docs" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert page.stat().st_size > 100_000
    for exposure in ("analysis_report", "tables_workbook", "parquet_marts"):
        assert exposure in text
    assert "composite_scores" in text
