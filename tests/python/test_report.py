"""`./ewm report` without a browser: its files, the self-contained page, fonts, bad arguments."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from report_support import run_ewm

from scripts import analysis_views, figures


@pytest.fixture(scope="module")
def report_dir(shipped_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report-files")
    completed = run_ewm("--db", str(shipped_warehouse), "report", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    return out / "report"


def test_each_figure_is_written_as_png_and_svg_for_a_journal_page(report_dir: Path) -> None:
    for key in ("trend", "dimensions", "weights"):
        png = report_dir / "figures" / f"{key}.png"
        svg = report_dir / "figures" / f"{key}.svg"
        assert png.stat().st_size > 10_000
        width, _height = Image.open(png).size
        assert width == round(figures.JOURNAL_WIDTH_IN * figures.PNG_DPI)  # 7.2 in at 300 dpi
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml")
        assert re.search(r'<svg[^>]*width="518\.4pt"', text)  # 7.2 in


def test_the_page_is_self_contained(report_dir: Path) -> None:
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page
    assert not re.search(r"<script[^>]+src=", page)
    assert "@import" not in page
    assert page.count("<svg") >= 3  # the figures are inline
    # the provenance banner is at the top, with the share of real inputs
    assert page.index('id="provenance"') < page.index('id="figures"')
    assert re.search(r"only \d+\.\d% of the \d+ input cells are real", page)


def test_chinese_names_have_glyphs_in_the_fonts(report_dir: Path, shipped_warehouse: Path) -> None:
    fonts = figures.setup_fonts()
    if not fonts.has_cjk:
        pytest.skip("fonts-noto-cjk is not installed (scripts/setup_system.sh fonts, as root)")
    import duckdb

    connection = duckdb.connect(str(shipped_warehouse), read_only=True)
    try:
        names = [
            value
            for sql in (
                "select name_en, name_zh from stg_regions",
                "select dimension_name_en, dimension_name_zh from dimension_weights",
                "select indicator_name_en, indicator_name_zh from indicator_weights",
            )
            for row in connection.execute(sql).fetchall()
            for value in row
            if value
        ]
    finally:
        connection.close()
    assert any("郑州" in name for name in names)
    assert figures.missing_glyphs(names, fonts) == set()
    # and matplotlib drew every label without a "Glyph missing" warning (render() raises)
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    assert '"cjk_font": "Noto Sans CJK' in page


def test_bad_arguments_get_one_line_and_exit_1(shipped_warehouse: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cases = [
        (["report", "--regions", "zhengzhou,atlantis"], "unknown region 'atlantis'"),
        (["report", "--year", "1999"], "--year 1999: not in the published warehouse"),
        (["report", "--out", str(blocker / "sub")], "cannot write to the output folder"),
        (["export", "--out", str(blocker / "sub")], "cannot write to the output folder"),
    ]
    for args, message in cases:
        if "--out" not in args:
            args = [*args, "--out", str(tmp_path / "out")]
        completed = run_ewm("--db", str(shipped_warehouse), *args)
        assert completed.returncode == 1, (args, completed.stdout, completed.stderr)
        lines = completed.stderr.strip().splitlines()
        assert len(lines) == 1, completed.stderr
        assert lines[0].startswith("error: ") and message in lines[0], lines
    for command in ("report", "export", "docs"):
        completed = run_ewm("--db", str(tmp_path / "missing.duckdb"), command)
        assert completed.returncode == 1
        lines = completed.stderr.strip().splitlines()
        assert len(lines) == 1 and "No published warehouse" in lines[0], completed.stderr


def test_analysis_views_read_long_and_wide_disparity_marts() -> None:
    long = pd.DataFrame(
        {
            "year": [2020, 2020, 2021, 2021],
            "measure": ["gini", "theil", "gini", "theil"],
            "value": [0.3, 0.2, 0.31, 0.21],
        }
    )
    series = analysis_views.disparity_series(long)
    assert series is not None and series.order == ["gini", "theil"]
    wide = pd.DataFrame(
        {
            "year": [2020, 2021],
            "gini": [0.3, 0.31],
            "theil_t": [0.2, 0.21],
            "max_min_ratio": [30.0, 20.0],
            "spatial_pattern": ["hub", "two hubs"],  # describes a year: not a variant
        }
    )
    series = analysis_views.disparity_series(wide)
    assert series is not None and sorted(series.order) == ["gini", "theil_t"]
    assert len(series.frame) == 4


def test_obstacle_matrix_takes_indicator_rows_of_the_year() -> None:
    frame = pd.DataFrame(
        {
            "region_id": ["a", "a", "b", "b", "a", "a"],
            "year": [2022, 2022, 2022, 2022, 2021, 2022],
            "level": ["indicator"] * 4 + ["indicator", "dimension"],
            "dimension_id": ["d"] * 6,
            "indicator_id": ["x", "y", "x", "y", "x", None],
            "obstacle_degree": [0.1, 0.9, 0.5, 0.5, 0.7, 1.0],
            "obstacle_rank": [2, 1, 1, 1, 1, 1],
        }
    )
    matrix = analysis_views.obstacle_matrix(frame, 2022)
    assert matrix is not None
    assert matrix.value_column == "obstacle_degree"
    assert matrix.values.shape == (2, 2)
    assert matrix.values.loc["a", "y"] == 0.9
