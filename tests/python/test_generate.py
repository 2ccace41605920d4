"""./ewm generate writes a synthetic panel in the core's input format (CSV or Parquet) with the
requested shape, share of missing cells and negative indicators."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scripts import ewm, reference


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_generate_writes_the_core_input_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "panel"
    code = ewm.main(
        [
            "generate",
            "--regions",
            "40",
            "--years",
            "12",
            "--indicators",
            "15",
            "--missing-share",
            "0.2",
            "--negative-share",
            "0.4",
            "--format",
            fmt,
            "--seed",
            "7",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    indicators = read(out / f"indicators.{fmt}")
    observations = read(out / f"observations.{fmt}")
    regions = read(out / f"regions.{fmt}")
    # the core's required columns (README, "Inputs")
    assert {"indicator_id", "dimension_id", "direction"} <= set(indicators.columns)
    assert {"region_id", "year", "indicator_id", "value"} <= set(observations.columns)
    assert "region_id" in regions.columns
    for ids in (indicators["indicator_id"], observations["region_id"], regions["region_id"]):
        assert ids.astype(str).str.fullmatch(r"[A-Za-z0-9_]{1,64}").all()
    assert set(indicators["direction"]) == {"positive", "negative"}
    # the requested shape
    assert len(regions) == 40 and len(indicators) == 15
    assert observations["region_id"].nunique() == 40
    assert observations["indicator_id"].nunique() == 15
    years = pd.to_numeric(observations["year"])
    assert years.nunique() == 12 and years.max() - years.min() == 11
    # missing cells: absent rows and empty values, about the requested share
    values = pd.to_numeric(observations["value"].replace("", None))
    cells = 40 * 12 * 15
    assert abs((cells - values.notna().sum()) / cells - 0.2) < 0.03
    assert (values.isna()).any() and len(observations) < cells
    assert (values.dropna() > 0).all()
    # negative indicators: the requested share
    assert (indicators["direction"] == "negative").sum() == 6
    # values span orders of magnitude (skewed)
    assert values.max() / values.min() > 1e3
    # and the panel is valid input: the reference finds nothing to complain about
    inputs = reference.read_inputs(
        out / f"indicators.{fmt}", out / f"observations.{fmt}", out / f"regions.{fmt}"
    )
    assert reference.check_inputs(*inputs) == []


def test_generate_rejects_an_impossible_panel(tmp_path: Path) -> None:
    code = ewm.main(["generate", "--regions", "1", "--years", "1", "--out", str(tmp_path)])
    assert code == 1
