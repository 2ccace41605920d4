"""Tests of the NumPy reference (scripts/reference.py), the validation-case loaders and the
synthetic panel generator. Expected numbers are worked out by hand in the tests, or published."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import panels  # noqa: E402
from scripts import validation_cases as vc  # noqa: E402
from scripts.reference import Variant, check_inputs, compute, read_inputs  # noqa: E402

TIGHT = 1e-14


def shannon(ps: list[float]) -> float:
    """E = -(1/ln n) sum p ln p, written out independently of the module under test."""
    return -sum(p * math.log(p) for p in ps if p > 0) / math.log(len(ps))


def frames(rows: list[tuple], directions: dict[str, str], dims: dict[str, str] | None = None):
    """(indicators, observations) from (region, year, indicator, value[, provenance]) rows."""
    columns = ["region_id", "year", "indicator_id", "value", "provenance"][: len(rows[0])]
    observations = pd.DataFrame(rows, columns=columns)
    dims = dims or {k: "d1" for k in directions}
    indicators = pd.DataFrame(
        {
            "indicator_id": list(directions),
            "dimension_id": [dims[k] for k in directions],
            "direction": list(directions.values()),
        }
    )
    return indicators, observations


def cell(frame: pd.DataFrame, column: str, **keys) -> float:
    mask = np.ones(len(frame), dtype=bool)
    for key, value in keys.items():
        mask &= (frame[key] == value).to_numpy()
    assert mask.sum() == 1, keys
    return frame.loc[mask, column].iloc[0]


# --------------------------------------------------------------------------- 3 x 2 by hand

# k1 positive (d1): a (1, 2), b (3, 5), c (4, 9)    -> Z = (x - 1) / 8
# k2 negative (d2): a (10, 20), b (30, 40), c (50, 30) -> Z = (50 - x) / 40
HAND_ROWS = [
    ("a", 2000, "k1", 1.0),
    ("a", 2001, "k1", 2.0),
    ("b", 2000, "k1", 3.0),
    ("b", 2001, "k1", 5.0),
    ("c", 2000, "k1", 4.0),
    ("c", 2001, "k1", 9.0),
    ("a", 2000, "k2", 10.0),
    ("a", 2001, "k2", 20.0),
    ("b", 2000, "k2", 30.0),
    ("b", 2001, "k2", 40.0),
    ("c", 2000, "k2", 50.0),
    ("c", 2001, "k2", 30.0),
]
HAND_DIRECTIONS = {"k1": "positive", "k2": "negative"}
HAND_DIMS = {"k1": "d1", "k2": "d2"}
Z1 = {("a", 2000): 0.0, ("a", 2001): 1 / 8, ("b", 2000): 2 / 8}
Z1 |= {("b", 2001): 4 / 8, ("c", 2000): 3 / 8, ("c", 2001): 1.0}
Z2 = {("a", 2000): 1.0, ("a", 2001): 0.75, ("b", 2000): 0.5}
Z2 |= {("b", 2001): 0.25, ("c", 2000): 0.0, ("c", 2001): 0.5}
P1 = [0, 1 / 18, 2 / 18, 4 / 18, 3 / 18, 8 / 18]  # sum Z1 = 18/8
P2 = [1 / 3, 1 / 4, 1 / 6, 1 / 12, 0, 1 / 6]  # sum Z2 = 3


def hand_panel(variant: Variant | None = None) -> dict[str, pd.DataFrame]:
    return compute(*frames(HAND_ROWS, HAND_DIRECTIONS, HAND_DIMS), variant=variant or Variant())


def hand_weights() -> tuple[float, float, float, float]:
    e1, e2 = shannon(P1), shannon(P2)
    return e1, e2, (1 - e1) / (2 - e1 - e2), (1 - e2) / (2 - e1 - e2)


def test_hand_panel_normalization_and_proportions():
    values = hand_panel()["indicator_values"]
    for (region, year), z in Z1.items():
        assert cell(values, "normalized_value", region_id=region, year=year, indicator_id="k1") == (
            pytest.approx(z, abs=TIGHT)
        )
    for (region, year), z in Z2.items():
        assert cell(values, "normalized_value", region_id=region, year=year, indicator_id="k2") == (
            pytest.approx(z, abs=TIGHT)
        )
        assert cell(values, "score_value", region_id=region, year=year, indicator_id="k2") == (
            pytest.approx(z, abs=TIGHT)
        )
    k1 = values[values["indicator_id"] == "k1"]
    assert k1["proportion"].tolist() == pytest.approx(P1, abs=TIGHT)
    assert not values["is_imputed"].any()
    assert (values["provenance"] == "unspecified").all()


def test_hand_panel_entropy_weights():
    e1, e2, w1, w2 = hand_weights()
    weights = hand_panel()["indicator_weights"].set_index("indicator_id")
    assert weights.loc["k1", "entropy"] == pytest.approx(e1, abs=TIGHT)
    assert weights.loc["k2", "entropy"] == pytest.approx(e2, abs=TIGHT)
    assert weights.loc["k1", "divergence"] == pytest.approx(1 - e1, abs=TIGHT)
    assert weights.loc["k1", "weight"] == pytest.approx(w1, abs=TIGHT)
    assert weights.loc["k2", "weight"] == pytest.approx(w2, abs=TIGHT)
    assert weights["year"].isna().all()
    assert (weights["weights_source"] == "entropy").all()
    dims = hand_panel()["dimension_weights"].set_index("dimension_id")
    assert dims.loc["d1", "weight"] == pytest.approx(w1, abs=TIGHT)
    assert dims.loc["d2", "weight"] == pytest.approx(w2, abs=TIGHT)


def test_hand_panel_scores_and_ranks():
    _, _, w1, w2 = hand_weights()
    result = hand_panel()
    composite = result["composite_scores"]
    for region, year in Z1:
        d1 = cell(
            result["dimension_scores"], "score", region_id=region, year=year, dimension_id="d1"
        )
        assert d1 == pytest.approx(w1 * Z1[region, year], abs=TIGHT)
        expected = w1 * Z1[region, year] + w2 * Z2[region, year]
        assert cell(composite, "score", region_id=region, year=year) == pytest.approx(
            expected, abs=TIGHT
        )
    # 2000: a 0.411, b 0.353, c 0.221; 2001: a 0.382, b 0.397, c 0.795
    ranks = {(r, y): k for r, y, k in composite[["region_id", "year", "rank"]].itertuples(False)}
    assert [ranks["a", 2000], ranks["b", 2000], ranks["c", 2000]] == [1, 2, 3]
    assert [ranks["a", 2001], ranks["b", 2001], ranks["c", 2001]] == [3, 2, 1]
    assert (composite["real_input_share"] == 0.0).all()  # provenance 'unspecified'


@pytest.mark.parametrize(
    ("zero_handling", "p_a2000", "x_a2000", "p_c2001"),
    [
        # shift, eps 0.01: v = X = Z + eps, sum v = 18/8 + 6 eps
        ("shift", 0.01 / (18 / 8 + 0.06), 0.01, 1.01 / (18 / 8 + 0.06)),
        # rescale, eps 0.01: v = X = eps + 0.98 Z, sum v = 6 eps + 0.98 * 18/8
        ("rescale", 0.01 / (0.06 + 0.98 * 18 / 8), 0.01, 0.99 / (0.06 + 0.98 * 18 / 8)),
        # none: v = raw x (sum 24), X = Z
        ("none", 1 / 24, 0.0, 9 / 24),
    ],
)
def test_zero_handling_variants(zero_handling, p_a2000, x_a2000, p_c2001):
    values = hand_panel(Variant(zero_handling=zero_handling, epsilon=0.01))["indicator_values"]
    k1 = {"indicator_id": "k1"}
    assert cell(values, "proportion", region_id="a", year=2000, **k1) == pytest.approx(
        p_a2000, abs=TIGHT
    )
    assert cell(values, "score_value", region_id="a", year=2000, **k1) == pytest.approx(
        x_a2000, abs=TIGHT
    )
    assert cell(values, "proportion", region_id="c", year=2001, **k1) == pytest.approx(
        p_c2001, abs=TIGHT
    )


def test_year_scope_gives_one_weight_vector_per_year():
    result = hand_panel(Variant(scope="year"))
    weights = result["indicator_weights"]
    assert sorted(weights["year"].unique()) == [2000, 2001]
    # 2000: k1 1,3,4 -> Z (0, 2/3, 1) -> P (0, 2/5, 3/5); k2 10,30,50 -> Z (1, 1/2, 0)
    # 2001: k1 2,5,9 -> Z (0, 3/7, 1) -> P (0, 3/10, 7/10); k2 20,40,30 -> Z (1, 0, 1/2)
    expected = {
        2000: (shannon([0, 2 / 5, 3 / 5]), shannon([2 / 3, 1 / 3, 0])),
        2001: (shannon([0, 3 / 10, 7 / 10]), shannon([2 / 3, 0, 1 / 3])),
    }
    for year, (e1, e2) in expected.items():
        table = weights[weights["year"] == year].set_index("indicator_id")
        assert table.loc["k1", "entropy"] == pytest.approx(e1, abs=TIGHT)
        assert table.loc["k2", "entropy"] == pytest.approx(e2, abs=TIGHT)
        assert table.loc["k1", "weight"] == pytest.approx((1 - e1) / (2 - e1 - e2), abs=TIGHT)
        assert table["weight"].sum() == pytest.approx(1.0, abs=TIGHT)
    w1_2001 = (1 - expected[2001][0]) / (2 - sum(expected[2001]))
    z_b2001 = 3 / 7
    d1 = cell(result["dimension_scores"], "score", region_id="b", year=2001, dimension_id="d1")
    assert d1 == pytest.approx(w1_2001 * z_b2001, abs=TIGHT)
    dims = result["dimension_weights"]
    assert len(dims) == 4 and set(dims["year"]) == {2000, 2001}


def test_published_weights():
    indicators, observations = frames(HAND_ROWS, HAND_DIRECTIONS, HAND_DIMS)
    indicators["published_weight"] = [0.3, 0.7]
    result = compute(indicators, observations, variant=Variant(weights_source="published"))
    weights = result["indicator_weights"].set_index("indicator_id")
    e1, e2, _, _ = hand_weights()
    assert weights["weight"].tolist() == [0.3, 0.7]
    assert weights.loc["k1", "entropy"] == pytest.approx(e1, abs=TIGHT)
    assert weights.loc["k2", "divergence"] == pytest.approx(1 - e2, abs=TIGHT)
    assert (weights["weights_source"] == "published").all()
    composite = result["composite_scores"]
    assert cell(composite, "score", region_id="b", year=2001) == pytest.approx(
        0.3 * 0.5 + 0.7 * 0.25, abs=TIGHT
    )
    year_scope = compute(
        indicators, observations, variant=Variant(scope="year", weights_source="published")
    )
    assert year_scope["indicator_weights"]["weight"].tolist() == [0.3, 0.7, 0.3, 0.7]


def test_rank_ties_share_the_lower_rank():
    rows = [("a", 2000, "k1", 5.0), ("b", 2000, "k1", 1.0), ("c", 2000, "k1", 5.0)]
    rows += [("d", 2000, "k1", 3.0)]
    composite = compute(*frames(rows, {"k1": "positive"}))["composite_scores"]
    assert composite.set_index("region_id")["rank"].to_dict() == {"a": 1, "b": 4, "c": 1, "d": 3}


# --------------------------------------------------------------------------- imputation


def test_interpolation_inside_and_at_both_ends():
    rows = [
        # a/k1: 2000 absent, 2001 = 2, 2002 empty value, 2003 absent, 2004 = 11, 2005 absent
        ("a", 2001, "k1", 2.0, "reported"),
        ("a", 2002, "k1", np.nan, "reported"),
        ("a", 2004, "k1", 11.0, "proxy"),
        # b/k1 spans the years; 2003 absent for every region
        ("b", 2000, "k1", 1.0, "synthetic"),
        ("b", 2002, "k1", 4.0, "synthetic"),
        ("b", 2005, "k1", 7.0, "synthetic"),
    ]
    rows += [("a", y, "k2", float(y - 1990), "derived") for y in (2000, 2001, 2002, 2004, 2005)]
    rows += [("b", y, "k2", 1.0 + y % 3, None) for y in (2000, 2005)]
    values = compute(*frames(rows, {"k1": "positive", "k2": "negative"}))["indicator_values"]
    a = values[(values["region_id"] == "a") & (values["indicator_id"] == "k1")].set_index("year")
    assert a["value"].to_dict() == pytest.approx(
        {2000: 2.0, 2001: 2.0, 2002: 5.0, 2003: 8.0, 2004: 11.0, 2005: 11.0}, abs=TIGHT
    )
    assert a["is_imputed"].tolist() == [True, False, True, True, False, True]
    provenance = ["imputed", "reported", "imputed", "imputed", "proxy", "imputed"]
    assert a["provenance"].tolist() == provenance
    b = values[(values["region_id"] == "b") & (values["indicator_id"] == "k1")].set_index("year")
    assert b.loc[2001, "value"] == pytest.approx(2.5, abs=TIGHT)
    assert b.loc[2004, "value"] == pytest.approx(4.0 + 3.0 * 2 / 3, abs=TIGHT)
    a_k2 = values[(values["region_id"] == "a") & (values["indicator_id"] == "k2")]
    assert a_k2.set_index("year").loc[2003, "value"] == pytest.approx(13.0, abs=TIGHT)
    b_k2 = values[(values["region_id"] == "b") & (values["indicator_id"] == "k2")]
    assert b_k2["provenance"].iloc[0] == "unspecified"  # empty provenance


def test_real_input_share_counts_real_unimputed_cells():
    rows = [
        ("a", 2000, "k1", 1.0, "reported"),
        ("a", 2001, "k1", 2.0, "synthetic"),
        ("a", 2000, "k2", 1.0, "derived"),
        ("a", 2001, "k2", 3.0, "proxy"),
        ("b", 2000, "k1", 4.0, "reported"),
        ("b", 2000, "k2", 5.0, "reported"),
    ]
    composite = compute(*frames(rows, {"k1": "positive", "k2": "positive"}))["composite_scores"]
    share = {(r, y): s for r, y, s in composite[["region_id", "year", "real_input_share"]].values}
    assert share == {("a", 2000): 1.0, ("a", 2001): 0.5, ("b", 2000): 1.0, ("b", 2001): 0.0}


def test_regions_frame_defines_the_grid_and_years_span_observed_values():
    rows = [("a", 2000, "k1", 1.0), ("a", 2003, "k1", 4.0), ("x", 2001, "k1", 9.0)]
    rows += [("a", 1990, "k1", np.nan)]  # a row without a value does not extend the years
    regions = pd.DataFrame({"region_id": ["b", "a"]})
    result = compute(*frames(rows, {"k1": "positive"}), regions=regions)
    values = result["indicator_values"]
    assert values["region_id"].unique().tolist() == ["b", "a"]
    assert values["year"].unique().tolist() == [2000, 2001, 2002, 2003]
    b = values[values["region_id"] == "b"]
    assert b["value"].isna().all() and not b["is_imputed"].any()  # series without any value


def test_degenerate_data_does_not_raise():
    rows = [("a", 2000, "k1", 1.0), ("b", 2000, "k1", 3.0)]
    rows += [("a", 2000, "flat", 7.0), ("b", 2000, "flat", 7.0)]
    weights = compute(*frames(rows, {"k1": "positive", "flat": "positive"}))["indicator_weights"]
    weights = weights.set_index("indicator_id")
    assert np.isnan(weights.loc["flat", "weight"])  # Z = NULL where max == min
    assert weights.loc["k1", "weight"] == pytest.approx(1.0, abs=TIGHT)
    empty = compute(*frames([("a", 2000, "k1", np.nan)], {"k1": "positive"}))
    assert all(frame.empty for frame in empty.values())


def test_read_inputs_parses_text_and_empty_values(tmp_path):
    (tmp_path / "i.csv").write_text(
        "indicator_id,dimension_id,direction,published_weight\nk1,d1,positive,\nk2,d1,negative,0.5\n"
    )
    (tmp_path / "o.csv").write_text(
        "region_id,year,indicator_id,value,provenance\n"
        "a,2000,k1, 2.5,reported\na,2001,k1,,reported\nb,2000,k1,NaN,\nb,2001,k1,1e3,proxy\n"
    )
    indicators, observations, regions = read_inputs(tmp_path / "i.csv", tmp_path / "o.csv")
    assert regions is None
    assert indicators["published_weight"].tolist()[1] == 0.5
    assert np.isnan(indicators["published_weight"].tolist()[0])
    assert observations["value"].tolist()[::3] == [2.5, 1000.0]
    assert observations["value"].iloc[1:3].isna().all()
    assert observations["year"].tolist() == [2000, 2001, 2000, 2001]


def test_check_inputs_reports_problems():
    indicators, observations = frames(HAND_ROWS, HAND_DIRECTIONS, HAND_DIMS)
    assert check_inputs(indicators, observations) == []
    indicators.loc[1, "direction"] = "down"
    observations.loc[0, "region_id"] = "bad id"
    problems = " | ".join(check_inputs(indicators, observations))
    assert "direction" in problems and "invalid region_id" in problems


# --------------------------------------------------------------------------- validation cases

SHARED_PRESENT = vc.validation_dir().is_dir()
needs_shared = pytest.mark.skipif(
    not SHARED_PRESENT, reason=f"shared validation folder absent: {vc.validation_dir()}"
)
# Published precision per validation/README.md (decimals of the weights; None = full).
README_DECIMALS = {
    "xu2004_ejor": 4,
    "zavadskas_podvezko2016": 4,
    "ersoy2021_logforum": 3,
    "lee_chang2018_rser": 3,
    "elsayed2017_ijett": 6,
    "ulutas2019_opus": None,
    "skcriteria_2x2": 6,
    "mathmodels_small_minmax": 7,
    "mathmodels_water_quality": 7,
}


def max_differences(case: vc.ValidationCase) -> dict[str, float]:
    result = compute(case.indicators, case.observations, variant=case.variant)
    weights = result["indicator_weights"].set_index("indicator_id")
    assert set(weights.index) == set(case.expected_weights)
    diffs = {
        "weight": max(abs(weights.loc[k, "weight"] - w) for k, w in case.expected_weights.items())
    }
    if case.expected_entropies:
        diffs["entropy"] = max(
            abs(weights.loc[k, "entropy"] - e) for k, e in case.expected_entropies.items()
        )
    if case.expected_scores is not None:
        merged = case.expected_scores.merge(result["composite_scores"], on=["region_id", "year"])
        assert len(merged) == len(case.expected_scores)
        diffs["score"] = (merged["score"] * case.score_scale - merged["expected_score"]).abs().max()
    return diffs


@needs_shared
@pytest.mark.parametrize("name", vc.case_names())
def test_validation_case(name):
    case = vc.load_case(name)
    diffs = max_differences(case)
    assert diffs["weight"] <= case.tolerance
    if case.expected_entropies:
        assert diffs["entropy"] <= case.entropy_tolerance
    if case.expected_scores is not None:
        assert diffs["score"] <= case.score_tolerance


@needs_shared
@pytest.mark.parametrize("name", list(README_DECIMALS))
def test_validation_tolerance_matches_published_precision(name):
    places = README_DECIMALS[name]
    expected = 1e-9 if places is None else 0.5 * 10.0**-places + 1e-12
    assert vc.load_case(name).tolerance == pytest.approx(expected, rel=1e-12)


@needs_shared
def test_validation_case_shapes_and_variants():
    minmax = vc.load_case("mathmodels_small_minmax")
    assert minmax.variant == Variant(zero_handling="rescale", epsilon=0.002)
    assert minmax.score_scale == 100.0
    assert minmax.score_tolerance == pytest.approx(0.5e-5 + 1e-12)
    assert minmax.indicators.set_index("indicator_id")["direction"].to_dict() == {
        "x1": "positive",
        "x2": "negative",
    }
    panel = vc.load_case("derived_panel_inthefuture7")
    assert panel.tolerance == panel.entropy_tolerance == panel.score_tolerance == 1e-12
    assert panel.observations.groupby(["region_id", "year"]).ngroups == 96
    ulutas = vc.load_case("ulutas2019_opus")
    assert ulutas.variant.zero_handling == "none"
    assert set(ulutas.observations["year"]) == {vc.CASE_YEAR}
    assert set(ulutas.observations["provenance"]) == {"reported"}
    for case in vc.load_cases():
        ids = [*case.observations["region_id"], *case.indicators["indicator_id"]]
        assert all(re.fullmatch(r"[A-Za-z0-9_]{1,64}", i) for i in ids), case.name
    assert set(vc.skipped_cases()) == {
        "mathmodels_coupling_obstacle",
        "mathmodels_inequality",
    }


@needs_shared
def test_case_inputs_round_trip_through_csv(tmp_path):
    case = vc.load_case("derived_panel_inthefuture7")
    indicators_path, observations_path = vc.write_case_inputs(case, tmp_path)
    indicators, observations, _ = read_inputs(indicators_path, observations_path)
    from_files = compute(indicators, observations, variant=case.variant)
    in_memory = compute(case.indicators, case.observations, variant=case.variant)
    for name, frame in in_memory.items():
        pd.testing.assert_frame_equal(from_files[name], frame, check_exact=True)


def test_sanitize_ids():
    assert vc.sanitize_id("1.0", "r") == "r1"
    assert vc.sanitize_id("Zheng zhou (city)", "r") == "Zheng_zhou_city"
    assert vc.sanitize_id("%%", "k") == "k"
    assert vc.sanitize_ids(["a b", "a-b"], "r") == {"a b": "a_b", "a-b": "a_b_2"}
    assert vc.decimals("0.4630") == 4 and vc.decimals("1e-05") == 5 and vc.decimals("12") == 0


# --------------------------------------------------------------------------- synthetic panels


def test_generate_panel_is_deterministic_and_valid():
    indicators, observations, regions = panels.generate_panel(40, 8, 12, n_groups=3, seed=7)
    again = panels.generate_panel(40, 8, 12, n_groups=3, seed=7)
    pd.testing.assert_frame_equal(observations, again[1])
    other = panels.generate_panel(40, 8, 12, n_groups=3, seed=8)[1]
    assert not observations["value"].equals(other["value"])
    assert regions["region_id"].iloc[0] == "r0001" and indicators["indicator_id"].iloc[-1] == "k012"
    assert set(regions["group_id"]) == {"g1", "g2", "g3"}
    assert (indicators["direction"] == "negative").sum() == round(0.2 * 12)
    assert set(indicators["dimension_id"]) == {"d1", "d2", "d3"}
    assert (indicators["published_weight"] > 0).all()
    assert indicators["published_weight"].sum() == pytest.approx(1.0, abs=1e-12)
    assert (observations["provenance"] == "synthetic").all()
    observed = observations.dropna(subset=["value"])
    assert (observed["value"] > 0).all()
    missing_cells = 40 * 8 * 12 - len(observed)
    assert 0 < missing_cells < 0.1 * 40 * 8 * 12
    series = observed.groupby(["region_id", "indicator_id"]).size()
    assert len(series) == 40 * 12  # never a whole series missing
    assert observed.groupby("indicator_id")["value"].nunique().min() > 1
    assert check_inputs(indicators, observations, regions) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_write_panel_round_trip(tmp_path, fmt):
    generated = panels.generate_panel(15, 5, 6, missing_share=0.2, seed=3)
    paths = panels.write_panel(generated, tmp_path, fmt)
    assert [p.name for p in paths] == [
        f"{n}.{fmt}" for n in ("indicators", "observations", "regions")
    ]
    variant = Variant(scope="year", zero_handling="shift")
    from_files = compute(*read_inputs(*paths), variant=variant)
    in_memory = compute(*generated, variant=variant)
    for name, frame in in_memory.items():
        pd.testing.assert_frame_equal(from_files[name], frame, check_exact=True)
    assert from_files["indicator_values"]["is_imputed"].any()


def test_the_default_variant_is_the_study_and_names_the_dbt_vars_of_dbt_project_yml():
    """Variant() is the study's method; its dbt vars are the project's, with the same defaults."""
    import yaml

    from scripts.project import METHOD_VARS, PROJECT_DIR

    project_vars = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    assert Variant().dbt_vars() == METHOD_VARS == {k: project_vars[k] for k in METHOD_VARS}
    assert Variant(scope="year").dbt_vars()["normalization_scope"] == "year"
    with pytest.raises(ValueError, match="zero_handling='log'"):
        Variant(zero_handling="log")
