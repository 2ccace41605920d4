"""The warehouse passes the published entropy-weight cases of ../shared/validation, each with
the formula variant its source.txt names (loaded by scripts/validation_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from support import SHARED_DIR, build_ok, read_marts

from scripts import validation_cases
from scripts.project import input_vars

pytestmark = pytest.mark.skipif(
    not (SHARED_DIR / "validation").is_dir(), reason=f"no validation folder in {SHARED_DIR}"
)

CASES = validation_cases.case_names() if (SHARED_DIR / "validation").is_dir() else []


def build_case(case: validation_cases.ValidationCase, folder: Path, **extra: object) -> Path:
    """The case's inputs written to folder/in, built with the case's variant (and extra vars)."""
    paths = validation_cases.write_case_inputs(case, folder / "in")
    return build_ok(folder / "build", {**input_vars(*paths), **case.variant.dbt_vars(), **extra})


@pytest.mark.parametrize("name", CASES)
def test_warehouse_reproduces_published_case(name: str, tmp_path: Path) -> None:
    case = validation_cases.load_case(name)
    warehouse = build_case(case, tmp_path)
    marts = read_marts(warehouse, ("indicator_weights", "composite_scores"))
    weights = marts["indicator_weights"].set_index("indicator_id")
    assert set(weights.index) == set(case.expected_weights)
    for indicator_id, expected in case.expected_weights.items():
        got = weights.loc[indicator_id, "weight"]
        assert abs(got - expected) <= case.tolerance, (
            f"{name} {indicator_id}: weight {got!r}, published {expected!r} (±{case.tolerance})"
        )
    for indicator_id, expected in (case.expected_entropies or {}).items():
        got = weights.loc[indicator_id, "entropy"]
        assert abs(got - expected) <= case.entropy_tolerance, f"{name} {indicator_id} entropy"
    if case.expected_scores is not None:
        scores = marts["composite_scores"].merge(
            case.expected_scores, on=["region_id", "year"], how="right"
        )
        assert scores["score"].notna().all()
        scaled = scores["score"] * case.score_scale
        worst = (scaled - scores["expected_score"]).abs().max()
        assert worst <= case.score_tolerance, f"{name}: scores differ by up to {worst}"


def test_every_case_folder_is_tested_or_skipped_with_a_reason() -> None:
    present = sorted(p.name for p in (SHARED_DIR / "validation").iterdir() if p.is_dir())
    skipped = validation_cases.skipped_cases()
    assert sorted([*CASES, *skipped]) == present
    assert all(reason for reason in skipped.values())


def test_case_tolerances_follow_the_published_precision() -> None:
    tolerances = {case: validation_cases.load_case(case).tolerance for case in CASES}
    assert tolerances["lee_chang2018_rser"] == pytest.approx(0.0005 + 1e-12)
    assert tolerances["derived_panel_inthefuture7"] <= 1e-12
    assert isinstance(pd.Series(tolerances).max(), float)


def test_water_quality_topsis_and_transformed_columns(tmp_path: Path) -> None:
    """mathmodels_water_quality: TOPSIS closeness of the vector form (topsis_form=vector, on
    [O2 raw, PH transformed, germ raw, nutrient transformed]) to expected_topsis.csv's printed
    precision (source.txt: max diff 5e-8), and Z of the centred and interval indicators equal to
    the case's transformed columns (input_with_transformed_columns.csv)."""
    case = validation_cases.load_case("mathmodels_water_quality")
    assert case.expected_topsis is not None and case.expected_normalized is not None
    assert set(case.indicators["direction"]) == {"positive", "negative", "centred", "interval"}
    warehouse = build_case(case, tmp_path, topsis_form="vector")
    marts = read_marts(warehouse, ("topsis_scores", "indicator_values"))
    topsis = marts["topsis_scores"].merge(
        case.expected_topsis, on=["region_id", "year"], how="right"
    )
    assert len(topsis) == 20 and topsis["closeness"].notna().all()
    worst = (topsis["closeness"] - topsis["expected_closeness"]).abs().max()
    assert worst <= case.topsis_tolerance, f"TOPSIS closeness differs by up to {worst}"
    values = marts["indicator_values"].merge(
        case.expected_normalized, on=["region_id", "year", "indicator_id"], how="right"
    )
    assert len(values) == 40 and values["normalized_value"].notna().all()
    worst = (values["normalized_value"] - values["expected_normalized"]).abs().max()
    assert worst <= case.normalized_tolerance, f"transformed columns differ by up to {worst}"
