"""The HTML report in a real browser: headless Chromium (Debian's), network off.

For each chart the test counts what was drawn (SVG elements with the ids the report gives
them, each with a non-empty bounding box) and compares it with what the database says there
must be: one line per region in the trend chart, one bar segment per region and dimension,
one bar per indicator for the computed and the published weights, one cell per region and
indicator in the obstacle heatmap, and so on. It fails on any console error, page error or
request that is not a local file, and saves a full-page screenshot.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from browser import keep_screenshot, open_report, require_browser
from report_support import run_ewm, warehouse_with_analyses

from scripts.outputs import ANALYSIS_MARTS


def db_counts(path: Path) -> dict[str, int]:
    connection = duckdb.connect(str(path), read_only=True)
    try:

        def one(sql: str) -> int:
            return int(connection.execute(sql).fetchone()[0])

        return {
            "regions": one("select count(distinct region_id) from composite_scores"),
            "dimensions": one("select count(distinct dimension_id) from dimension_scores"),
            "indicators": one("select count(distinct indicator_id) from indicator_weights"),
            "published_indicators": one(
                "select count(distinct indicator_id) from indicator_weights"
                " where published_weight is not null"
            ),
            "real_share_permille": one("select round(real_input_share * 1000) from build_metadata"),
            "published_regions": one(
                "select count(distinct region_id) from stg_published_composite_scores"
                " where region_id in (select region_id from composite_scores)"
            ),
        }
    finally:
        connection.close()


def assert_clean(check) -> None:
    assert check.console_errors == [], check.console_errors
    assert check.page_errors == [], check.page_errors
    assert check.blocked_requests == [], f"the page asked the network for {check.blocked_requests}"


def assert_drawn_matches_manifest(check) -> None:
    for key, kinds in check.manifest["figures"].items():
        for kind, expected in kinds.items():
            assert expected > 0, f"{key}: manifest says no {kind} drawn"
            assert check.drawn[key][kind] == expected, (key, kind, check.drawn[key], expected)


@pytest.fixture(scope="module")
def shipped_report(shipped_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    completed = run_ewm("--db", str(shipped_warehouse), "report", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    return out / "report" / "index.html"


def test_report_in_chromium_draws_every_chart_offline(
    shipped_report: Path, shipped_warehouse: Path, tmp_path: Path
) -> None:
    require_browser()
    check = open_report(shipped_report, tmp_path / "report.png")
    keep_screenshot(check.screenshot, "report.png")
    assert_clean(check)
    expected = db_counts(shipped_warehouse)
    drawn = check.drawn
    assert drawn["trend"]["line"] == expected["regions"]
    assert drawn["trend"]["published"] == expected["published_regions"]
    assert drawn["dimensions"]["bar"] == expected["regions"] * expected["dimensions"]
    assert drawn["weights"]["computed"] == expected["indicators"]
    assert drawn["weights"]["published"] == expected["published_indicators"]
    # the analyses' figures that this build has, against the page's own manifest
    assert_drawn_matches_manifest(check)
    # the provenance banner comes first and says the inputs are synthetic, with the share
    assert "SYNTHETIC" in check.banner
    assert f"{expected['real_share_permille'] / 10:.1f}%" in check.banner
    assert check.text.index("SYNTHETIC") < check.text.index("Table 1")
    # English names with the Chinese beside them
    assert "Zhengzhou 郑州市" in check.text
    assert "科技创新产出" in check.text
    # the study-style tables
    assert check.table_rows["table-2"] == 10
    assert check.table_rows["table-3"] == expected["regions"]
    assert check.screenshot.stat().st_size > 50_000


def test_report_of_chosen_regions_and_year(shipped_warehouse: Path, tmp_path: Path) -> None:
    require_browser()
    completed = run_ewm(
        "--db",
        str(shipped_warehouse),
        "report",
        "--regions",
        "zhengzhou,Kaifeng",
        "--year",
        "2015",
        "--out",
        str(tmp_path),
    )
    assert completed.returncode == 0, completed.stderr
    check = open_report(tmp_path / "report" / "index.html")
    assert_clean(check)
    assert check.drawn["trend"]["line"] == 2
    assert check.drawn["dimensions"]["bar"] == 2 * 3
    assert check.table_rows["table-3"] == 2
    assert "Dimension scores by region, 2015" in check.text


def test_report_shows_the_analyses_marts_that_exist(
    shipped_warehouse: Path, tmp_path: Path
) -> None:
    require_browser()
    warehouse = warehouse_with_analyses(shipped_warehouse, tmp_path / "db")
    completed = run_ewm("--db", str(warehouse), "report", "--out", str(tmp_path / "out"))
    assert completed.returncode == 0, completed.stderr
    check = open_report(tmp_path / "out" / "report" / "index.html", tmp_path / "analyses.png")
    keep_screenshot(check.screenshot, "report-with-analyses.png")
    assert_clean(check)
    expected = db_counts(warehouse)
    assert check.drawn["disparity"]["line"] == 2  # cv and gap (the ratio is on another scale)
    assert check.drawn["obstacles"]["cell"] == expected["regions"] * expected["indicators"]
    assert check.drawn["coupling"]["line"] == expected["regions"]
    assert_drawn_matches_manifest(check)
    assert check.table_rows["audit-table"] == 3
    assert "refuted: 1" in check.text
    assert "Growth rates" in check.text
    # the marts still missing are listed as skipped, not drawn
    connection = duckdb.connect(str(warehouse), read_only=True)
    present = {row[0] for row in connection.execute("show tables").fetchall()}
    connection.close()
    missing = [name for name in ANALYSIS_MARTS if name not in present]
    assert check.manifest["missing_analysis_marts"] == missing
    for name in missing:
        assert name in check.text  # listed under "Sections skipped"
