"""The analyses marts and the audit of the study equal the independent NumPy implementation
(scripts/reference_analyses.py) to 1e-12, on the shipped data and on generated panels with
groups and edge cases (a region at zero on every indicator, tied regions, a dimension with one
indicator, a region without group, a single region); and the published coupling, obstacle and
inequality cases of ../shared/validation pass through the warehouse."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from support import SEEDS, SHARED_DIR, build_ok, read_marts

from scripts import panels, reference
from scripts import reference_analyses as ra
from scripts.project import input_vars
from scripts.reference import Variant

ANALYSIS_KEYS = {
    "growth_rates": ["region_id", "measure", "dimension_id"],
    "growth_year_on_year": ["region_id", "measure", "dimension_id", "year"],
    "disparity_by_year": ["year"],
    "disparity_by_group": ["year", "group_id", "other_group_id"],
    "region_standing": ["region_id", "year"],
    "dimension_standing": ["region_id", "year", "dimension_id"],
    "obstacle_degrees": ["region_id", "year", "level", "dimension_id", "indicator_id"],
    "topsis_scores": ["region_id", "year"],
    "coupling_coordination": ["region_id", "year"],
    "sensitivity_weights": ["variant_id", "indicator_id", "year"],
    "sensitivity": ["variant_id", "region_id", "year"],
    "rank_agreement": ["comparison", "compared_ranking", "year"],
    "study_claims_audit": ["claim_id"],
}
VALIDATION = SHARED_DIR / "validation"
needs_shared = pytest.mark.skipif(not VALIDATION.is_dir(), reason=f"no {VALIDATION}")


def _keyed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for key in keys:
        column = out[key].astype(object)
        out[key] = column.where(column.notna(), "<null>").astype(str)
    return out.sort_values(keys).reset_index(drop=True)


def _as_float(series: pd.Series) -> np.ndarray | None:
    try:
        values = pd.to_numeric(series.astype(object).where(series.notna(), np.nan))
    except (TypeError, ValueError):
        return None
    return values.astype(float).to_numpy()


def assert_same_mart(
    warehouse: pd.DataFrame, expected: pd.DataFrame, keys: list[str], label: str
) -> None:
    """Same rows; numbers within 1e-12 (nulls in the same places); text and flags equal."""
    left, right = _keyed(warehouse, keys), _keyed(expected, keys)
    assert len(left) == len(right), f"{label}: {len(left)} rows in SQL, {len(right)} in NumPy"
    assert (left[keys].to_numpy() == right[keys].to_numpy()).all(), f"{label}: keys differ"
    missing = set(right.columns) - set(left.columns)
    assert not missing, f"{label}: columns missing in SQL: {missing}"
    for column in right.columns.difference(keys):
        a, b = _as_float(left[column]), _as_float(right[column])
        if a is not None and b is not None:
            assert np.array_equal(np.isnan(a), np.isnan(b)), f"{label}.{column}: nulls differ"
            diff = np.abs(a - b)[~np.isnan(a)]
            assert (diff <= 1e-12).all(), f"{label}.{column}: max |diff| {diff.max():.3e}"
        else:
            x = left[column].astype(object).where(left[column].notna(), None).tolist()
            y = right[column].astype(object).where(right[column].notna(), None).tolist()
            assert x == y, (
                f"{label}.{column}: {[(p, q) for p, q in zip(x, y, strict=True) if p != q][:3]}"
            )


def compare_all(warehouse: Path, expected: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    actual = read_marts(warehouse, tuple(expected))
    for name, frame in expected.items():
        assert_same_mart(actual[name], frame, ANALYSIS_KEYS[name], name)
    return actual


# --------------------------------------------------------------------------- the shipped data


def test_shipped_analyses_and_audit_match_reference(shipped_warehouse: Path) -> None:
    inputs = reference.read_inputs(
        SEEDS / "indicators.csv", SEEDS / "observations.csv", SEEDS / "regions.csv"
    )
    expected = ra.compute_analyses(*inputs)
    expected["study_claims_audit"] = ra.audit()
    actual = compare_all(shipped_warehouse, expected)
    # the build's own variant, recomputed by the sensitivity marts, is the build
    own = actual["sensitivity"][actual["sensitivity"]["is_build_variant"]]
    assert len(own) == 50 and (own["rank_change"] == 0).all()
    assert np.allclose(own["score"], own["build_score"], rtol=0, atol=1e-15)
    agreement = (
        actual["rank_agreement"].set_index(["comparison", "compared_ranking", "year"]).sort_index()
    )
    tau = agreement.loc[("sensitivity", "panel_zero_entropy"), "kendall_tau_b"]
    assert len(tau) == own["year"].nunique() and (tau == 1).all()
    verdicts = actual["study_claims_audit"]["verdict"].value_counts().to_dict()
    assert set(verdicts) == {"holds", "fails", "not checkable"}


def test_analysis_marts_types(shipped_warehouse: Path) -> None:
    connection = duckdb.connect(str(shipped_warehouse), read_only=True)
    try:
        rows = connection.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            f"where table_name in ({', '.join(repr(t) for t in ANALYSIS_KEYS)})"
        ).fetchall()
    finally:
        connection.close()
    types = {(t, c): d for t, c, d in rows}
    assert {t for t, _ in types} == set(ANALYSIS_KEYS)
    allowed = {"DOUBLE", "INTEGER", "VARCHAR", "BOOLEAN"}
    assert {d for d in types.values()} <= allowed, {
        k: d for k, d in types.items() if d not in allowed
    }
    for key in [("growth_rates", "growth_rate"), ("disparity_by_year", "gini")]:
        assert types[key] == "DOUBLE"
    for key in [("region_standing", "rank"), ("coupling_coordination", "coordination_level")]:
        assert types[key] == "INTEGER"
    for table in ANALYSIS_KEYS:
        if (table, "year") in types:
            assert types[table, "year"] == "INTEGER", table


# --------------------------------------------------------------------------- generated panels


def edge_panel(folder: Path, ungrouped: bool = False) -> tuple[Path, Path, Path]:
    """A generated panel with groups and gaps, plus a region at the worst value of every
    indicator in every year (normalized 0 everywhere) and a dimension with a single indicator;
    optionally a region without group or population."""
    indicators, observations, regions = panels.generate_panel(
        n_regions=8,
        n_years=6,
        n_indicators=7,
        missing_share=0.1,
        negative_share=0.3,
        n_dimensions=3,
        n_groups=3,
        seed=21,
    )
    indicators.loc[indicators.index[-1], "dimension_id"] = "d_single"
    negative = set(indicators.loc[indicators["direction"] == "negative", "indicator_id"])
    worst = observations.drop_duplicates(["year", "indicator_id"])[["year", "indicator_id"]].copy()
    worst["region_id"] = "r_zero"
    highest = observations.groupby("indicator_id")["value"].max()
    worst["value"] = [
        1.5 * highest[indicator] if indicator in negative else 0.0
        for indicator in worst["indicator_id"]
    ]
    worst["provenance"] = "synthetic"
    observations = pd.concat([observations, worst], ignore_index=True)
    extra = pd.DataFrame(
        {"region_id": ["r_zero"], "name_en": ["Zero"], "group_id": ["g1"], "population": [7_500]}
    )
    regions = pd.concat([regions, extra], ignore_index=True)
    if ungrouped:
        regions.loc[regions["region_id"] == "r0003", ["group_id", "population"]] = None
    return panels.write_panel((indicators, observations, regions), folder, fmt="csv")


EDGE_CASES = [
    pytest.param(Variant(), ra.Options(), False, id="panel-zero-entropy-defaults"),
    pytest.param(
        Variant(scope="year", weights_source="published"),
        ra.Options(
            growth_from=2001,
            growth_to=2004,
            tier_leading_ratio=1.2,
            tier_lagging_ratio=0.8,
            obstacle_form="unscaled",
            obstacle_top_n=2,
            topsis_form="vector",
            coupling_weights="dimension",
        ),
        True,
        id="year-published-options-ungrouped",
    ),
]


@pytest.mark.parametrize(("variant", "options", "ungrouped"), EDGE_CASES)
def test_generated_panel_analyses_match_reference(
    tmp_path: Path, variant: Variant, options: ra.Options, ungrouped: bool
) -> None:
    paths = edge_panel(tmp_path / "inputs", ungrouped=ungrouped)
    warehouse = build_ok(
        tmp_path / "build", {**variant.dbt_vars(), **input_vars(*paths), **options.dbt_vars()}
    )
    expected = ra.compute_analyses(*reference.read_inputs(*paths), variant=variant, options=options)
    actual = compare_all(warehouse, expected)
    metadata = read_marts(warehouse, ("build_metadata",))["build_metadata"].iloc[0]
    for name, value in options.dbt_vars().items():  # build_metadata records the analyses' vars
        assert (pd.isna(metadata[name]) and value == "") or metadata[name] == value, name

    zero = actual["coupling_coordination"].query("region_id == 'r_zero'")
    assert zero["coupling"].isna().all() and (zero["coordination_degree"] == 0).all()
    growth = actual["growth_rates"].query("region_id == 'r_zero' and measure == 'composite'")
    assert growth["growth_rate"].isna().all()
    standing = actual["region_standing"].query("region_id == 'r_zero'")
    assert (standing["score"] == 0).all() and (standing["rank"] == 9).all()
    topsis = actual["topsis_scores"].query("region_id == 'r_zero'")
    assert (topsis["closeness"] == 0).all() and (topsis["topsis_rank"] == 9).all()
    single = actual["obstacle_degrees"].query("level == 'dimension' and dimension_id == 'd_single'")
    assert len(single) == 9 * 6
    by_year = actual["disparity_by_year"]
    assert by_year["is_defined"].all()
    if ungrouped:
        assert by_year["theil_between"].isna().all() and actual["disparity_by_group"].empty
        assert by_year["note"].str.contains("without group_id").all()
        assert by_year["gini_population_weighted"].isna().all()
        assert by_year["note"].str.contains("1 region(s) without population", regex=False).all()
        assert not actual["growth_rates"]["comparable_across_years"].any()
    else:
        assert by_year["note"].isna().all()
        weighted = by_year["gini_population_weighted"]
        assert weighted.notna().all() and not np.allclose(weighted, by_year["gini"])
        total = (
            by_year["gini_within"] + by_year["gini_between_net"] + by_year["gini_transvariation"]
        )
        assert np.allclose(total, by_year["gini"], rtol=0, atol=1e-14)
        assert np.allclose(
            by_year["theil_between"] + by_year["theil_within"],
            by_year["theil_t"],
            rtol=0,
            atol=1e-14,
        )
        sums = (
            actual["obstacle_degrees"]
            .groupby(["region_id", "year", "level"])["obstacle_degree"]
            .sum()
        )
        assert np.allclose(sums, 1.0, rtol=0, atol=1e-12)
    applicable = actual["sensitivity_weights"].groupby("zero_handling")["is_applicable"].any()
    assert not applicable["none"]  # r_zero has raw values of 0


def test_tied_regions_share_every_rank(tmp_path: Path) -> None:
    """Twins (identical rows) and two regions at zero tie exactly in every ranking and every
    variant. One indicator, so that every score is a single product, the same whatever the order
    of float sums (a sum of several terms can differ in its last bit between two regions,
    which breaks a tie: see the README)."""
    indicators, observations, regions = panels.generate_panel(
        n_regions=5, n_years=4, n_indicators=1, n_dimensions=1, n_groups=2, seed=8
    )
    twin = observations[observations["region_id"] == "r0002"].assign(region_id="r_twin")
    low = observations["value"].min() / 2
    zeros = pd.concat(
        [
            observations[observations["region_id"] == "r0001"].assign(region_id=r, value=low)
            for r in ("z1", "z2")
        ]
    )
    observations = pd.concat([observations, twin, zeros], ignore_index=True)
    extra = pd.DataFrame(
        {
            "region_id": ["r_twin", "z1", "z2"],
            "group_id": ["g1", "g1", "g2"],
            "population": [20_000, 30_000, 40_000],
        }
    )
    regions = pd.concat([regions, extra], ignore_index=True)
    paths = panels.write_panel((indicators, observations, regions), tmp_path / "inputs", fmt="csv")
    warehouse = build_ok(tmp_path / "build", input_vars(*paths))
    expected = ra.compute_analyses(*reference.read_inputs(*paths))
    actual = compare_all(warehouse, expected)
    standing = actual["region_standing"].set_index(["year", "region_id"])["rank"]
    for year in range(2000, 2004):
        assert standing[year, "r_twin"] == standing[year, "r0002"]
        assert standing[year, "z1"] == standing[year, "z2"] == 7
    sensitivity = actual["sensitivity"].set_index(["variant_id", "year", "region_id"])["rank"]
    for (variant, year), ranks in sensitivity.groupby(level=[0, 1]):
        ranks = ranks.droplevel([0, 1])
        if ranks.notna().all():
            assert ranks["r_twin"] == ranks["r0002"] and ranks["z1"] == ranks["z2"], (variant, year)
    agreement = actual["rank_agreement"].query("comparison == 'topsis'")
    assert (agreement["kendall_tau_b"] > 0.99).all()  # ties on both sides, tau-b corrects for them


def test_single_region_panel_builds_with_disparity_undefined(tmp_path: Path) -> None:
    frames = panels.generate_panel(n_regions=1, n_years=5, n_indicators=4, n_dimensions=2, seed=4)
    paths = panels.write_panel(frames, tmp_path / "inputs", fmt="csv")
    warehouse = build_ok(tmp_path / "build", input_vars(*paths))
    expected = ra.compute_analyses(*reference.read_inputs(*paths))
    actual = compare_all(warehouse, expected)
    by_year = actual["disparity_by_year"]
    assert (~by_year["is_defined"]).all() and by_year["gini"].isna().all()
    assert (by_year["note"] == "a single region: disparity is undefined").all()
    assert (by_year["spatial_pattern"] == "undefined: a single region").all()
    assert actual["rank_agreement"]["spearman_rho"].isna().all()
    assert (
        not actual["sensitivity_weights"]
        .query("normalization_scope == 'year'")["is_applicable"]
        .any()
    )


# --------------------------------------------------------------------------- published cases


def three_significant(value: float) -> float:
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 2) + 1e-12


def identity_panel(
    values: pd.DataFrame,
    groups: dict[str, str] | None,
    folder: Path,
    weights: dict[str, float],
    populations: dict[str, float] | None = None,
) -> tuple[Path, Path, Path]:
    """A case's values (regions x columns, all in [0, max]) as year 2000 of a panel whose second
    year holds a region at 0 (and, when the values are in [0, 1], one at 1) on every column:
    min-max is then x / max (or the identity) in 2000, so the case's numbers pass through the
    method unchanged up to a scale (and the disparity measures are scale-free). One dimension
    per column; each region's population when given."""
    columns = list(values.columns)
    indicators = pd.DataFrame(
        {
            "indicator_id": columns,
            "dimension_id": [f"dim_{c}" for c in columns],
            "direction": "positive",
            "published_weight": [weights[c] for c in columns],
        }
    )
    rows = [
        (region, 2000, column, float(values.loc[region, column]))
        for region in values.index
        for column in columns
    ]
    low, high = values.index[0], values.index[1]
    rows += [(low, 2001, column, 0.0) for column in columns]
    if values.to_numpy().max() <= 1:
        rows += [(high, 2001, column, 1.0) for column in columns]
    observations = pd.DataFrame(rows, columns=["region_id", "year", "indicator_id", "value"])
    observations["provenance"] = "reported"
    regions = pd.DataFrame({"region_id": list(values.index)})
    if groups:
        regions["group_id"] = [groups[r] for r in values.index]
    if populations:
        regions["population"] = [populations[r] for r in values.index]
    return panels.write_panel((indicators, observations, regions), folder, fmt="csv")


COUPLING_CASES = [
    pytest.param(
        (1 / 3, 1 / 3, 1 / 3),
        "equal",
        "expected_coupling_standard_equalw.csv",
        "expected_obstacle_unscaled_equalw.csv",
        ("coupling", "coordination_degree"),
        id="standard-equal-weights",
    ),
    pytest.param(
        (0.4, 0.3, 0.3),
        "dimension",
        "expected_coupling_adjusted_w433.csv",
        "expected_obstacle_unscaled_w433.csv",
        ("coupling_adjusted", "coordination_degree_adjusted"),
        id="adjusted-weights-433",
    ),
]


@needs_shared
@pytest.mark.parametrize(
    ("weights", "coupling_weights", "coupling_file", "obstacle_file", "columns"), COUPLING_CASES
)
def test_mathmodels_coupling_and_obstacle_case(
    tmp_path: Path, weights, coupling_weights, coupling_file, obstacle_file, columns
) -> None:
    folder = VALIDATION / "mathmodels_coupling_obstacle"
    values = pd.read_csv(folder / "input.csv").set_index("ID")
    paths = identity_panel(
        values, None, tmp_path / "inputs", dict(zip(values.columns, weights, strict=True))
    )
    warehouse = build_ok(
        tmp_path / "build",
        {
            **input_vars(*paths),
            "weights_source": "published",
            "coupling_weights": coupling_weights,
            "obstacle_form": "unscaled",
        },
    )
    marts = read_marts(warehouse, ("coupling_coordination", "obstacle_degrees"))
    coupling = marts["coupling_coordination"].query("year == 2000").set_index("region_id")
    expected = pd.read_csv(folder / coupling_file).set_index("ID")
    for region, row in expected.iterrows():
        got = coupling.loc[region]
        for column, value in zip((columns[0], "coordination_index", columns[1]), row, strict=True):
            assert abs(got[column] - value) <= three_significant(value), (region, column)
    obstacles = marts["obstacle_degrees"].query("year == 2000 and level == 'indicator'")
    obstacles = obstacles.set_index(["region_id", "indicator_id"])["obstacle_degree"]
    published = pd.read_csv(folder / obstacle_file).set_index("ID")
    for region, row in published.iterrows():
        for column, value in row.items():
            assert abs(obstacles[region, column] - value) <= three_significant(value), (
                region,
                column,
            )


@needs_shared
def test_mathmodels_inequality_theil_case(tmp_path: Path) -> None:
    folder = VALIDATION / "mathmodels_inequality"
    table = pd.read_csv(folder / "input_theil.csv")
    ids = [f"p{i:02d}" for i in range(1, len(table) + 1)]
    values = pd.DataFrame({"y": table["y"].to_numpy(float)}, index=ids)
    groups = dict(zip(ids, table["g"], strict=True))
    paths = identity_panel(values, groups, tmp_path / "inputs", {"y": 1.0})
    warehouse = build_ok(tmp_path / "build", input_vars(*paths))
    marts = read_marts(warehouse, ("disparity_by_year", "disparity_by_group"))
    year = marts["disparity_by_year"].query("year == 2000").iloc[0]
    group = (
        marts["disparity_by_group"].query("year == 2000 and is_within_group").set_index("group_id")
    )
    expected = pd.read_csv(folder / "expected.csv").set_index("quantity")["expected"]
    got = {
        "T": year["theil_t"],
        "Tb": year["theil_between"],
        "Tw": year["theil_within"],
        "T_A": group.loc["A", "theil_t"],
        "T_B": group.loc["B", "theil_t"],
        "ratio_Tb": year["theil_between_share"],
        "ratio_Tw": year["theil_within_share"],
        "ratio_A": group.loc["A", "theil_within_term_share"],
        "ratio_B": group.loc["B", "theil_within_term_share"],
    }
    for quantity, value in got.items():
        assert abs(value - expected[quantity]) <= 0.5e-8 + 1e-12, quantity


@needs_shared
def test_mathmodels_inequality_gini_case(tmp_path: Path) -> None:
    folder = VALIDATION / "mathmodels_inequality"
    table = pd.read_csv(folder / "input_gini.csv")
    values = pd.DataFrame(
        {"income": table["income"].to_numpy(float)}, index=[f"c{i}" for i in range(len(table))]
    )
    paths = identity_panel(values, None, tmp_path / "inputs", {"income": 1.0})
    warehouse = build_ok(tmp_path / "build", input_vars(*paths))
    year = read_marts(warehouse, ("disparity_by_year",))["disparity_by_year"].query("year == 2000")
    expected = pd.read_csv(folder / "expected.csv").set_index("quantity")["expected"]
    assert abs(year["gini"].iloc[0] - expected["gini0(income)"]) <= 0.5e-8 + 1e-12
    # the grouped Gini: each group's income per head as the score, its population as the weight
    per_head = pd.DataFrame(
        {"income_per_head": (table["income"] / table["pop"]).to_numpy(float)}, index=values.index
    )
    populations = dict(zip(values.index, table["pop"].to_numpy(float), strict=True))
    paths = identity_panel(
        per_head, None, tmp_path / "inputs_pop", {"income_per_head": 1.0}, populations
    )
    warehouse = build_ok(tmp_path / "build_pop", input_vars(*paths))
    year = read_marts(warehouse, ("disparity_by_year",))["disparity_by_year"].query("year == 2000")
    got = year["gini_population_weighted"].iloc[0]
    assert abs(got - expected["gini(income,pop)"]) <= 0.0005 + 1e-12  # printed to 3 decimals
