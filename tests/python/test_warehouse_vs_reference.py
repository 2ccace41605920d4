"""Every mart of the warehouse equals the independent NumPy implementation to 1e-12,
for every variant of the method and both scopes, on the shipped data and on a generated panel
with gaps and negative indicators, and on one with centred and interval indicators too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from support import KEYS, SEEDS, assert_frames_close, build_ok, read_marts

from scripts import panels, reference
from scripts import reference_analyses as ra
from scripts.project import input_vars
from scripts.reference import SCOPES, WEIGHT_SOURCES, ZERO_HANDLINGS, Variant

VARIANTS = [
    Variant(
        scope=scope,
        zero_handling=zero,
        epsilon=0.002 if zero == "rescale" else 1e-4,
        weights_source=source,
    )
    for scope in SCOPES
    for zero in ZERO_HANDLINGS
    for source in WEIGHT_SOURCES
]

NUMERIC_COLUMNS = {
    "indicator_weights": ["entropy", "divergence", "weight"],
    "dimension_weights": ["weight"],
    "indicator_values": ["normalized_value", "score_value", "proportion"],
    "dimension_scores": ["score"],
    "composite_scores": ["score", "real_input_share"],
}


# the generated panel of the comparisons: gaps, negative indicators, three dimensions, groups
GENERATED_PANEL = {
    "n_regions": 9,
    "n_years": 7,
    "n_indicators": 8,
    "missing_share": 0.12,
    "negative_share": 0.3,
    "n_dimensions": 3,
    "n_groups": 2,
    "seed": 11,
}


def generated_inputs(folder: Path) -> tuple[Path, Path, Path]:
    frames = panels.generate_panel(**GENERATED_PANEL)
    return panels.write_panel(frames, folder, fmt="csv")


def compare(warehouse_path: Path, inputs: tuple[pd.DataFrame, ...], variant: Variant) -> None:
    indicators, observations, regions = inputs
    expected = reference.compute(indicators, observations, regions, variant)
    actual = read_marts(warehouse_path)
    for mart, columns in NUMERIC_COLUMNS.items():
        assert_frames_close(actual[mart], expected[mart], KEYS[mart], columns, label=mart)
    assert_frames_close(
        actual["indicator_values"],
        expected["indicator_values"],
        KEYS["indicator_values"],
        ["value"],
        atol=1e-12,
        rtol=1e-13,
        label="indicator_values",
    )
    left = actual["indicator_values"].sort_values(KEYS["indicator_values"]).reset_index(drop=True)
    right = (
        expected["indicator_values"].sort_values(KEYS["indicator_values"]).reset_index(drop=True)
    )
    assert (left["is_imputed"].astype(bool) == right["is_imputed"].astype(bool)).all()
    assert (left["provenance"].astype(str) == right["provenance"].astype(str)).all()
    ranks = actual["composite_scores"].sort_values(KEYS["composite_scores"])["rank"].to_numpy()
    expected_ranks = expected["composite_scores"].sort_values(KEYS["composite_scores"])["rank"]
    assert (ranks == expected_ranks.to_numpy()).all(), "ranks differ"
    weights = actual["indicator_weights"]
    assert set(weights["weights_source"]) == {variant.weights_source}
    if variant.scope == "panel":
        assert weights["year"].isna().all()
    else:
        assert weights["year"].notna().all()


def variant_id(variant: Variant) -> str:
    return f"{variant.scope}-{variant.zero_handling}-{variant.weights_source}"


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
def test_shipped_data_matches_reference(tmp_path: Path, variant: Variant) -> None:
    warehouse = build_ok(tmp_path, variant.dbt_vars())
    inputs = reference.read_inputs(
        SEEDS / "indicators.csv", SEEDS / "observations.csv", SEEDS / "regions.csv"
    )
    compare(warehouse, inputs, variant)


@pytest.mark.parametrize("variant", VARIANTS, ids=variant_id)
def test_generated_panel_matches_reference(tmp_path: Path, variant: Variant) -> None:
    paths = generated_inputs(tmp_path / "inputs")
    warehouse = build_ok(tmp_path / "build", {**variant.dbt_vars(), **input_vars(*paths)})
    inputs = reference.read_inputs(*paths)
    compare(warehouse, inputs, variant)


def test_parquet_inputs_give_the_same_marts_as_csv(tmp_path: Path) -> None:
    frames = panels.generate_panel(
        n_regions=6, n_years=5, n_indicators=5, missing_share=0.1, negative_share=0.4, seed=3
    )
    marts = {}
    for fmt in ("csv", "parquet"):
        paths = panels.write_panel(frames, tmp_path / fmt, fmt=fmt)
        warehouse = build_ok(tmp_path / f"build_{fmt}", input_vars(*paths))
        marts[fmt] = read_marts(warehouse)
    for mart, columns in NUMERIC_COLUMNS.items():
        assert_frames_close(
            marts["parquet"][mart], marts["csv"][mart], KEYS[mart], columns, label=mart
        )


def typed_inputs(folder: Path) -> tuple[Path, Path, Path]:
    """The generated panel with one centred indicator (target: one of its observed values, so
    that some Z is exactly 1) and one interval indicator (bounds inside its range, so that
    values fall below, inside and above)."""
    indicators, observations, regions = panels.generate_panel(**GENERATED_PANEL)
    indicators = indicators.copy()
    for column in ("target_value", "lower_bound", "upper_bound"):
        indicators[column] = np.nan
    values = {
        k: observations.loc[observations["indicator_id"] == k, "value"].dropna()
        for k in ("k002", "k005")
    }
    centred = indicators["indicator_id"] == "k002"
    indicators.loc[centred, "direction"] = "centred"
    indicators.loc[centred, "target_value"] = values["k002"].sort_values().iloc[20]
    interval = indicators["indicator_id"] == "k005"
    indicators.loc[interval, "direction"] = "interval"
    indicators.loc[interval, "lower_bound"] = round(values["k005"].quantile(0.3), 3)
    indicators.loc[interval, "upper_bound"] = round(values["k005"].quantile(0.6), 3)
    return panels.write_panel((indicators, observations, regions), folder, fmt="csv")


TYPED_VARIANTS = [v for v in VARIANTS if v.weights_source == "entropy"]


@pytest.mark.parametrize("variant", TYPED_VARIANTS, ids=variant_id)
def test_centred_and_interval_indicators_match_reference(tmp_path: Path, variant: Variant) -> None:
    """Both scopes x the four zero handlings, with topsis_form=vector (which takes Z for the
    centred and interval indicators): the core marts and TOPSIS equal NumPy to 1e-12."""
    paths = typed_inputs(tmp_path / "inputs")
    dbt_vars = {**variant.dbt_vars(), **input_vars(*paths), "topsis_form": "vector"}
    warehouse = build_ok(tmp_path / "build", dbt_vars)
    inputs = reference.read_inputs(*paths)
    compare(warehouse, inputs, variant)

    values = read_marts(warehouse, ("indicator_values",))["indicator_values"]
    for indicator, direction in (("k002", "centred"), ("k005", "interval")):
        z = values.loc[values["indicator_id"] == indicator, "normalized_value"]
        assert (z == 1).any() and (z == 0).any() and ((z > 0) & (z < 1)).any(), direction

    options = ra.Options(topsis_form="vector")
    core = reference.compute(*inputs, variant)
    expected = ra.topsis_scores(core, inputs[0], variant, options)
    actual = read_marts(warehouse, ("topsis_scores",))["topsis_scores"]
    assert_frames_close(
        actual,
        expected,
        ["region_id", "year"],
        ["distance_to_ideal", "distance_to_anti_ideal", "closeness"],
        label="topsis_scores",
    )


def test_bench_numpy_side_refuses_centred_and_interval_indicators(tmp_path: Path) -> None:
    """scripts/bench.py's own NumPy compute is min-max only: it must refuse, not miscompute."""
    from scripts import bench

    paths = typed_inputs(tmp_path)
    with pytest.raises(ValueError, match=r"'centred', 'interval'.*positive and negative"):
        bench.read_panel(*paths)
