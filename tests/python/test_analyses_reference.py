"""Tests of the NumPy analyses (scripts/reference_analyses.py) and of the study's claims seed,
without dbt: statistics against hand computations and published cases, the audit's verdicts
against figures worked out by hand from the study's tables, and the seed's provenance."""

from __future__ import annotations

import csv
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

from scripts import reference_analyses as ra  # noqa: E402
from scripts import validation_cases as vc  # noqa: E402

TIGHT = 1e-14
STUDY = vc.shared_dir() / "reference" / "study.md"
VALIDATION = vc.validation_dir()
needs_shared = pytest.mark.skipif(not VALIDATION.is_dir(), reason=f"no {VALIDATION}")
CLAIMS = ROOT / "seeds" / "reference" / "study_claims.csv"


# --------------------------------------------------------------------------- statistics by hand


def test_growth_dispersion_and_inequality_by_hand():
    assert ra.compound_growth(0.452, 0.635, 9) == pytest.approx((0.635 / 0.452) ** (1 / 9) - 1)
    assert math.isnan(ra.compound_growth(0.0, 0.5, 9))
    assert math.isnan(ra.compound_growth(0.1, 0.5, 0))
    y = np.array([1.0, 2.0, 3.0, 6.0])  # mean 3, squares 4 + 1 + 0 + 9 = 14
    assert ra.sd(y, 0) == pytest.approx(math.sqrt(14 / 4), abs=TIGHT)
    assert ra.sd(y, 1) == pytest.approx(math.sqrt(14 / 3), abs=TIGHT)
    # Theil: r = y / 3
    expected = sum(r * math.log(r) for r in (1 / 3, 2 / 3, 1.0, 2.0)) / 4
    assert ra.theil_t(y) == pytest.approx(expected, abs=TIGHT)
    # Gini: pair sums 1+2+5+1+4+3 = 16, doubled over ordered pairs 32, / (2 * 16 * 3)
    assert ra.gini(y) == pytest.approx(32 / 96, abs=TIGHT)
    assert ra.theil_t(np.array([0.0, 1.0])) == pytest.approx(math.log(2), abs=TIGHT)
    assert math.isnan(ra.gini(np.zeros(3))) and math.isnan(ra.theil_t(np.array([-1.0, 2.0])))


def test_population_weighted_gini_by_hand():
    ids = np.array(["a", "b", "c"], dtype=object)
    y, p = np.array([3.0, 1.0, 2.0]), np.array([1.0, 2.0, 1.0])
    # sorted b, c, a: X = 0.5, 0.75, 1; income p y = 2, 2, 3 of 7: Y = 2/7, 4/7, 1
    area_twice = 0.5 * (2 / 7) + 0.25 * (2 / 7 + 4 / 7) + 0.25 * (4 / 7 + 1)
    assert ra.gini_population_weighted(y, p, ids) == pytest.approx(1 - area_twice, abs=TIGHT)
    # equal populations: the Gini of the values; a population scale changes nothing
    y4 = np.array([1.0, 2.0, 3.0, 6.0])
    ids4 = np.array(["a", "b", "c", "d"], dtype=object)
    assert ra.gini_population_weighted(y4, np.full(4, 7.0), ids4) == pytest.approx(
        ra.gini(y4), abs=TIGHT
    )
    # ties: the order among tied values does not matter
    tied, weights = np.array([1.0, 2.0, 2.0]), np.array([1.0, 3.0, 5.0])
    swapped = np.array(["a", "c", "b"], dtype=object)
    assert ra.gini_population_weighted(tied, weights, ids) == pytest.approx(
        ra.gini_population_weighted(tied, weights, swapped), abs=TIGHT
    )
    assert math.isnan(ra.gini_population_weighted(y, np.array([1.0, np.nan, 1.0]), ids))
    assert math.isnan(ra.gini_population_weighted(np.zeros(3), p, ids))


def test_dagum_and_theil_decompositions_add_up():
    rng = np.random.default_rng(5)
    y = rng.lognormal(size=23)
    groups = np.array(list("abc") * 7 + ["a", "b"], dtype=object)
    rows = ra.dagum(y, groups)
    total = sum(r["within"] for r in rows if r["group_id"] == r["other_group_id"]) + sum(
        r["net_between"] + r["transvariation"] for r in rows if r["group_id"] != r["other_group_id"]
    )
    assert total == pytest.approx(ra.gini(y), abs=1e-14)
    theils = ra.theil_groups(y, groups)
    assert sum(r["between"] + r["within"] for r in theils) == pytest.approx(
        ra.theil_t(y), abs=1e-14
    )
    # two groups where every score of one is above the other: D = 1, no transvariation
    separated = ra.dagum(np.array([1.0, 2.0, 10.0, 12.0]), np.array(["lo", "lo", "hi", "hi"]))
    pair = next(r for r in separated if r["group_id"] != r["other_group_id"])
    assert pair["relative_affluence"] == pytest.approx(1.0, abs=TIGHT)
    assert pair["transvariation"] == pytest.approx(0.0, abs=TIGHT)
    # G_jh by hand: cross sum (9+11+8+10) / (2 * 2 * (1.5 + 11))
    assert pair["gini"] == pytest.approx(38 / 50, abs=TIGHT)


def test_rank_agreement_with_ties_by_hand():
    x, y = np.array([1.0, 2.0, 2.0, 3.0]), np.array([1.0, 3.0, 2.0, 4.0])
    # average ranks x (1, 2.5, 2.5, 4), y (1, 3, 2, 4): cov 4.5, var 4.5 and 5
    assert ra.spearman_rho(x, y) == pytest.approx(4.5 / math.sqrt(4.5 * 5), abs=TIGHT)
    # 6 pairs: 5 concordant, 0 discordant, 1 tied on x: 5 / sqrt(5 * 6)
    assert ra.kendall_tau_b(x, y) == pytest.approx(5 / math.sqrt(30), abs=TIGHT)
    assert ra.kendall_tau_b(x, -y) == pytest.approx(-5 / math.sqrt(30), abs=TIGHT)
    assert math.isnan(ra.spearman_rho(np.ones(3), y[:3]))
    assert math.isnan(ra.kendall_tau_b(x[:1], y[:1]))


def test_coordination_classes_and_tiers():
    assert [ra.coordination_level(d) for d in (0.0, 0.0999, 0.1, 0.55, 0.9, 1.0, 1.02)] == [
        1,
        1,
        2,
        6,
        10,
        10,
        10,
    ]
    assert ra.coordination_class(0.35) == "mild imbalance"
    assert ra.coordination_class(float("nan")) is None
    options = ra.Options()
    assert [ra.standing_tier(r, options) for r in (2.0, 1.5, 1.0, 0.6, 0.59)] == [
        "leading",
        "leading",
        "middle",
        "middle",
        "lagging",
    ]
    assert ra.spatial_pattern(5, 1, 2) == "one dominant hub with multiple lagging poles"
    assert ra.spatial_pattern(1, 0, 0) == "undefined: a single region"


# --------------------------------------------------------------------------- published cases


@needs_shared
def test_mathmodels_inequality_case():
    folder = VALIDATION / "mathmodels_inequality"
    expected = pd.read_csv(folder / "expected.csv").set_index("quantity")["expected"]
    tolerance = 0.5e-8 + 1e-12  # printed with 8 decimals
    income = pd.read_csv(folder / "input_gini.csv")["income"].to_numpy(float)
    assert ra.gini(income) == pytest.approx(expected["gini0(income)"], abs=tolerance)
    population = pd.read_csv(folder / "input_gini.csv")["pop"].to_numpy(float)
    groups = np.array([f"c{i}" for i in range(len(income))], dtype=object)
    grouped = ra.gini_population_weighted(income / population, population, groups)
    assert grouped == pytest.approx(expected["gini(income,pop)"], abs=0.0005 + 1e-12)
    theil = pd.read_csv(folder / "input_theil.csv")
    y, g = theil["y"].to_numpy(float), theil["g"].to_numpy(object)
    total = ra.theil_t(y)
    rows = {r["group_id"]: r for r in ra.theil_groups(y, g)}
    between = sum(r["between"] for r in rows.values())
    within = sum(r["within"] for r in rows.values())
    got = {
        "T": total,
        "Tb": between,
        "Tw": within,
        "T_A": rows["A"]["theil_t"],
        "T_B": rows["B"]["theil_t"],
        "ratio_Tb": between / total,
        "ratio_Tw": within / total,
        "ratio_A": rows["A"]["within"] / total,
        "ratio_B": rows["B"]["within"] / total,
    }
    for quantity, value in got.items():
        assert value == pytest.approx(expected[quantity], abs=tolerance), quantity


def three_significant(value: float) -> float:
    """Half a unit of the third significant digit (the precision mathmodels prints)."""
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 2) + 1e-12


@needs_shared
def test_mathmodels_coupling_and_obstacle_case():
    folder = VALIDATION / "mathmodels_coupling_obstacle"
    values = pd.read_csv(folder / "input.csv").set_index("ID")
    for weights, coupling_file, obstacle_file, form in [
        (
            (1 / 3,) * 3,
            "expected_coupling_standard_equalw.csv",
            "expected_obstacle_unscaled_equalw.csv",
            "standard",
        ),
        (
            (0.4, 0.3, 0.3),
            "expected_coupling_adjusted_w433.csv",
            "expected_obstacle_unscaled_w433.csv",
            "adjusted",
        ),
    ]:
        standing = pd.DataFrame(
            [
                {
                    "region_id": region,
                    "year": 2000,
                    "dimension_id": column,
                    "achievement": values.loc[region, column],
                    "dimension_weight": w,
                }
                for region in values.index
                for column, w in zip(values.columns, weights, strict=True)
            ]
        )
        coupling = ra.coupling_coordination(standing, ra.Options(coupling_weights="dimension"))
        coupling = coupling.set_index("region_id")
        expected = pd.read_csv(folder / coupling_file).set_index("ID")
        c_column = "coupling" if form == "standard" else "coupling_adjusted"
        d_column = "coordination_degree" if form == "standard" else "coordination_degree_adjusted"
        for region, row in expected.iterrows():
            for column, value in (
                (c_column, row["C"]),
                ("coordination_index", row["T"]),
                (d_column, row["D"]),
            ):
                assert coupling.loc[region, column] == pytest.approx(
                    value, abs=three_significant(value)
                )
        obstacles = pd.read_csv(folder / obstacle_file).set_index("ID")
        for region, row in obstacles.iterrows():
            for column, w in zip(values.columns, weights, strict=True):
                unscaled = w * (1 - values.loc[region, column])
                assert unscaled == pytest.approx(row[column], abs=three_significant(row[column]))


# --------------------------------------------------------------------------- the claims seed


def read_claims() -> list[dict[str, str]]:
    with CLAIMS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.skipif(not STUDY.exists(), reason=f"no {STUDY}")
def test_every_claim_quotes_a_sentence_of_the_study():
    text = re.sub(r"\s+", " ", STUDY.read_text(encoding="utf-8"))
    claims = read_claims()
    assert len({c["claim_id"] for c in claims}) == len(claims)
    for claim in claims:
        assert claim["sentence"] in text, claim["claim_id"]
        assert claim["section"] and claim["claim"] and claim["printed"] and claim["computed_from"]


def test_claims_cover_the_issue_list():
    claims = {c["claim_id"]: c for c in read_claims()}
    kinds = {c["check_kind"] for c in claims.values()}
    assert kinds <= {
        *ra.RANK_CHECKS,
        "published_figure",
        "dimension_weight_sum",
        "weight_total",
    } | {
        "count",
        "score_ratio",
        "score_gap",
        "growth",
        "max_score",
        "min_change",
        "change",
        "disparity",
        "dimension_sum",
        "dimension_share",
        "within_weight",
        "tier_count",
        "not_checkable",
    }
    for required in (
        "s3_1_investment_weight_is_sum",
        "s3_2_indicator_weights_sum_to_one",
        "s4_1_zhengzhou_over_kaifeng",
        "s4_1_zhengzhou_growth",
        "s4_1_jiaozuo_last",
        "s4_1_gap_2022",
        "s4_2_xinxiang_dimensions_sum",
        "s4_2_zhengzhou_output_share",
        "s4_2_xinxiang_investment_second",
        "s4_2_support_within_weight",
        "s4_3_kaifeng_slowest",
        "s4_3_cv_2013",
        "s4_3_persistent_widening_gini",
        "s4_4_high_tech_share",
        "s4_4_emerging_industries_growth",
    ):
        assert required in claims, required
    assert claims["s4_4_high_tech_share"]["check_kind"] == "not_checkable"


# --------------------------------------------------------------------------- the audit by hand


@pytest.fixture(scope="module")
def audit() -> pd.DataFrame:
    return ra.audit().set_index("claim_id")


def test_audit_recomputes_ratios_growth_and_shares(audit):
    ratio = audit.loc["s4_1_zhengzhou_over_kaifeng"]
    assert ratio["recomputed_value"] == pytest.approx(0.635 / 0.142, abs=TIGHT)
    assert ratio["recomputed_low"] == pytest.approx(0.6345 / 0.1425, abs=TIGHT)
    assert ratio["recomputed_high"] == pytest.approx(0.6355 / 0.1415, abs=TIGHT)
    assert ratio["verdict"] == "holds"
    growth = audit.loc["s4_3_xuchang_growth"]  # 4.546 %: rounds to 4.5, within rounding of 4.6
    assert growth["recomputed_value"] == pytest.approx((0.185 / 0.124) ** (1 / 9) - 1, abs=TIGHT)
    assert growth["recomputed_high"] == pytest.approx((0.1855 / 0.1235) ** (1 / 9) - 1, abs=TIGHT)
    assert growth["verdict"] == "holds" and not growth["holds_at_printed_values"]
    share = audit.loc["s4_2_zhengzhou_output_share"]
    assert share["recomputed_value"] == pytest.approx(0.352 / 0.635, abs=TIGHT)
    sums = audit.loc["s3_1_investment_weight_is_sum"]
    assert sums["recomputed_value"] == pytest.approx(0.025 + 0.091 + 0.079 + 0.044, abs=TIGHT)
    assert sums["recomputed_high"] - sums["recomputed_value"] == pytest.approx(
        4 * 0.0005, abs=TIGHT
    )


def test_audit_coefficient_of_variation_in_both_forms(audit):
    y2013 = np.array([0.452, 0.112, 0.098, 0.156, 0.124])
    mean = y2013.mean()
    population = math.sqrt(((y2013 - mean) ** 2).sum() / 5) / mean
    sample = math.sqrt(((y2013 - mean) ** 2).sum() / 4) / mean
    cv = audit.loc["s4_3_cv_2013"]
    assert cv["recomputed_value"] == pytest.approx(population, abs=1e-13)  # 0.707
    assert cv["alt_value"] == pytest.approx(sample, abs=1e-13)  # 0.790
    assert cv["recomputed_low"] < population < cv["recomputed_high"]
    assert cv["verdict"] == "fails"  # 0.62 is neither form
    assert audit.loc["s4_3_cv_2022", "verdict"] == "holds"  # population form 0.706
    assert audit.loc["s4_3_cv_2022", "matching_form"] == "primary"
    assert audit.loc["s4_3_cv_change", "verdict"] == "fails"  # +0.09 claimed, about -0.001


def test_audit_box_extremes_bound_every_point_of_the_rounding_box():
    """The CV, Theil and Gini intervals (extremes over the box's corners) contain the statistic
    at random points inside the rounding box: the corners are where the extremes are."""
    checker = ra.Audit(ra.read_published_tables(), ra.Options())
    rng = np.random.default_rng(0)
    for year in (2013, 2017, 2022):
        y = checker.year_scores(year)
        for statistic in (lambda v: ra.sd(v, 0) / ra.mean(v), ra.theil_t, ra.gini):
            box = checker.box_statistic(year, statistic)
            points = y + rng.uniform(-0.0005, 0.0005, size=(2000, len(y)))
            values = [statistic(p) for p in points]
            assert box.low - 1e-15 <= min(values) and max(values) <= box.high + 1e-15


def test_audit_verdicts_worked_out_by_hand(audit):
    expected = {
        "s3_1_output_weight_is_sum": "holds",  # 0.096 + 0.103 + 0.088 + 0.130 + 0.170
        "s4_1_zhengzhou_over_jiaozuo": "holds",  # 4.77
        "s4_1_zhengzhou_over_xuchang": "holds",  # 3.43
        "s4_1_gap_2013": "holds",  # 0.452 - 0.098
        "s4_1_kaifeng_below_0_15": "holds",  # at most 0.142
        # output's obstacle 0.525 is larger than investment's 0.201
        "s4_2_kaifeng_investment_primary_bottleneck": "fails",
        "s4_1_kaifeng_support_primary_constraint": "fails",  # support is the smallest obstacle
        "s4_3_kaifeng_slowest": "holds",  # 2.67 %
        "s4_3_persistent_widening_gap": "holds",  # the gap grows by 0.014 to 0.019 a year
        "abstract_one_dominant_hub": "holds",
        "s4_4_high_tech_share": "not checkable",
        "intro_tenth_metropolitan_area": "not checkable",
    }
    for claim_id, verdict in expected.items():
        assert audit.loc[claim_id, "verdict"] == verdict, claim_id
    widening = audit.loc["s4_3_persistent_widening_cv"]  # the CV falls in 2016 and 2017
    assert widening["recomputed_value"] < 0 and not widening["holds_at_printed_values"]
    obstacle = audit.loc["s4_2_kaifeng_investment_primary_bottleneck"]
    assert obstacle["recomputed_value"] == 2
    assert obstacle["detail"].startswith("obstacle degrees: output 0.612")
