"""Independent NumPy implementation of the analyses marts and of the audit of the study's claims.

The SQL marts of models/marts/analyses/ are compared with this module to 1e-12. It builds on the
core's NumPy reference (scripts/reference.py) for the core marts and never imports duckdb. The
statistics are written from their textbook definitions (double sums over pairs, products,
explicit loops over groups), not from the SQL's rearrangements (sorted-position sums, exp of
summed logs), so that the two implementations check each other.

Nulls follow SQL: NaN for a null number, None for a null text, pd.NA in integer columns.
"""

from __future__ import annotations

import argparse
import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scripts import reference
from scripts.reference import SCOPES, WEIGHT_SOURCES, ZERO_HANDLINGS, Variant

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_SEEDS = PROJECT_ROOT / "seeds" / "reference"
COMPOSITE = "composite"
COORDINATION_CLASSES = (
    "extreme imbalance",
    "serious imbalance",
    "moderate imbalance",
    "mild imbalance",
    "on the verge of imbalance",
    "barely coordinated",
    "primary coordination",
    "intermediate coordination",
    "good coordination",
    "high-quality coordination",
)
YEAR_SCOPE_NOTE = (
    "normalization_scope=year: each year has its own weights and min-max range, so scores of "
    "different years are not comparable and these growth rates compare unlike quantities"
)


@dataclass(frozen=True)
class Options:
    """The analyses' dbt vars, with the same defaults."""

    growth_from: int | None = None
    growth_to: int | None = None
    tier_leading_ratio: float = 1.5
    tier_lagging_ratio: float = 0.6
    obstacle_form: str = "scaled"  # "scaled" | "unscaled"
    obstacle_top_n: int = 3
    topsis_form: str = "minmax"  # "minmax" | "vector"
    coupling_weights: str = "equal"  # "equal" | "dimension"
    audit_rounding: float = 0.0005

    def dbt_vars(self) -> dict[str, object]:
        return {
            "growth_from": "" if self.growth_from is None else self.growth_from,
            "growth_to": "" if self.growth_to is None else self.growth_to,
            "tier_leading_ratio": self.tier_leading_ratio,
            "tier_lagging_ratio": self.tier_lagging_ratio,
            "obstacle_form": self.obstacle_form,
            "obstacle_top_n": self.obstacle_top_n,
            "topsis_form": self.topsis_form,
            "coupling_weights": self.coupling_weights,
            "audit_rounding": self.audit_rounding,
        }


# --------------------------------------------------------------------------- statistics


def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, NaN when the denominator is 0 or NaN (SQL nullif)."""
    if denominator == 0 or np.isnan(denominator) or np.isnan(numerator):
        return np.nan
    return numerator / denominator


def compound_growth(first: float, last: float, periods: float) -> float:
    if not (first > 0 and last >= 0 and periods > 0):
        return np.nan
    return (last / first) ** (1.0 / periods) - 1.0


def mean(y: np.ndarray) -> float:
    return float(np.sum(y) / len(y))


def sd(y: np.ndarray, ddof: int) -> float:
    if len(y) - ddof <= 0:
        return np.nan
    return float(np.sqrt(np.sum((y - mean(y)) ** 2) / (len(y) - ddof)))


def theil_t(y: np.ndarray) -> float:
    """(1/n) sum (y/mean) ln(y/mean), 0 ln 0 = 0; NaN for a negative value or a zero total."""
    if len(y) == 0 or y.min() < 0 or y.sum() <= 0:
        return np.nan
    r = y / mean(y)
    terms = np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0)
    return float(np.mean(terms))


def gini(y: np.ndarray) -> float:
    """sum_i sum_j |y_i - y_j| / (2 n^2 mean); NaN for a negative value or a zero total."""
    if len(y) == 0 or y.min() < 0 or y.sum() <= 0:
        return np.nan
    return float(np.abs(y[:, None] - y[None, :]).sum() / (2 * len(y) ** 2 * mean(y)))


def gini_population_weighted(y: np.ndarray, p: np.ndarray, ids: np.ndarray) -> float:
    """Grouped Gini of per-head levels y with populations p: groups sorted by y (ties by id),
    X and Y the cumulative shares of p and of p y (0 before the first),
    G = 1 - sum_k (X_k - X_(k-1)) (Y_k + Y_(k-1)). NaN when a population is missing or not
    positive, a value is negative or the total p y is 0."""
    if len(y) == 0 or np.isnan(p).any() or p.min() <= 0 or y.min() < 0:
        return np.nan
    order = sorted(range(len(y)), key=lambda i: (y[i], ids[i]))
    ys, ps = y[order], p[order]
    income = ps * ys
    if income.sum() <= 0:
        return np.nan
    x = np.concatenate([[0.0], np.cumsum(ps) / ps.sum()])
    cumulative = np.concatenate([[0.0], np.cumsum(income) / income.sum()])
    return float(1.0 - np.sum((x[1:] - x[:-1]) * (cumulative[1:] + cumulative[:-1])))


def theil_groups(y: np.ndarray, groups: np.ndarray) -> list[dict]:
    """Per group: p_g, s_g, T_g, between term s_g ln(mean_g / mean), within term s_g T_g."""
    defined = len(y) > 0 and y.min() >= 0 and y.sum() > 0
    rows = []
    for group in sorted(set(groups)):
        part = y[groups == group]
        total = part.sum()
        share = total / y.sum() if defined else np.nan
        own = theil_t(part) if defined and total > 0 else np.nan
        if not defined:
            between = within = np.nan
        elif total > 0:
            between = share * np.log(mean(part) / mean(y))
            within = share * own
        else:
            between = within = 0.0
        rows.append(
            {
                "group_id": group,
                "count": len(part),
                "mean": mean(part),
                "count_share": len(part) / len(y),
                "value_share": share,
                "theil_t": own,
                "between": between,
                "within": within,
            }
        )
    return rows


def dagum(y: np.ndarray, groups: np.ndarray) -> list[dict]:
    """Dagum's decomposition: one row per pair of groups j <= h, from the double sums."""
    defined = len(y) > 0 and y.min() >= 0 and y.sum() > 0
    names = sorted(set(groups))
    rows = []
    for j, h in itertools.combinations_with_replacement(names, 2):
        yj, yh = y[groups == j], y[groups == h]
        pair_sum = np.abs(yj[:, None] - yh[None, :]).sum()
        mj, mh = mean(yj), mean(yh)
        pj, ph = len(yj) / len(y), len(yh) / len(y)
        sj, sh = (yj.sum() / y.sum(), yh.sum() / y.sum()) if y.sum() != 0 else (np.nan, np.nan)
        g = _ratio(pair_sum, len(yj) * len(yh) * (mj + mh)) if defined else np.nan
        if j == h:
            weight, affluence = pj * sj, np.nan
        else:
            weight = pj * sh + ph * sj
            # d_jh - p_jh over d_jh + p_jh, from the signed and absolute pair sums
            signed = (yj[:, None] - yh[None, :]).sum()
            affluence = _ratio(abs(signed), pair_sum) if defined else np.nan
        d = 0.0 if np.isnan(affluence) else affluence
        rows.append(
            {
                "group_id": j,
                "other_group_id": h,
                "count": len(yj),
                "other_count": len(yh),
                "mean": mj,
                "other_mean": mh,
                "count_share": pj,
                "value_share": sj,
                "gini": g,
                "relative_affluence": affluence,
                "within": g * weight if j == h else np.nan,
                "net_between": g * weight * d if j != h else np.nan,
                "transvariation": g * weight * (1 - d) if j != h else np.nan,
            }
        )
    return rows


def average_ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n, tied values sharing the mean of their positions."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    sorted_x = x[order]
    start = 0
    for end in range(1, len(x) + 1):
        if end == len(x) or sorted_x[end] != sorted_x[start]:
            ranks[order[start:end]] = (start + 1 + end) / 2.0
            start = end
    return ranks


def spearman_rho(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2:
        return np.nan
    rx, ry = average_ranks(x), average_ranks(y)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    return _ratio(float((dx * dy).sum()), float(np.sqrt((dx**2).sum() * (dy**2).sum())))


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 2:
        return np.nan
    upper = np.triu(np.ones((len(x), len(x)), dtype=bool), k=1)
    sx = np.sign(x[:, None] - x[None, :])[upper]
    sy = np.sign(y[:, None] - y[None, :])[upper]
    pairs = upper.sum()
    concordant, discordant = ((sx * sy) > 0).sum(), ((sx * sy) < 0).sum()
    x_ties, y_ties = (sx == 0).sum(), (sy == 0).sum()
    denominator = np.sqrt(float(pairs - x_ties) * float(pairs - y_ties))
    return _ratio(float(concordant - discordant), denominator)


def rank_desc(values: pd.Series, by: list[pd.Series] | pd.Series) -> pd.Series:
    """SQL rank() over (partition by `by` order by value desc); null values get a null rank."""
    ranks = values.groupby(by).rank(method="min", ascending=False)
    return ranks.astype("Int64")


def coordination_level(degree: float) -> float:
    if np.isnan(degree):
        return np.nan
    for level, upper in enumerate((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), start=1):
        if degree < upper:
            return float(level)
    return 10.0


def coordination_class(degree: float) -> str | None:
    level = coordination_level(degree)
    return None if np.isnan(level) else COORDINATION_CLASSES[int(level) - 1]


def standing_tier(ratio: float, options: Options) -> str | None:
    if np.isnan(ratio):
        return None
    if ratio >= options.tier_leading_ratio:
        return "leading"
    if ratio < options.tier_lagging_ratio:
        return "lagging"
    return "middle"


def spatial_pattern(region_count: int, leading: int, lagging: int) -> str:
    if region_count < 2:
        return "undefined: a single region"
    if leading == 1 and lagging >= 2:
        return "one dominant hub with multiple lagging poles"
    if leading == 1:
        return "one dominant hub"
    if leading > 1:
        return "several hubs"
    if lagging == 0:
        return "balanced: no leading and no lagging region"
    return "no dominant hub"


# --------------------------------------------------------------------------- the analyses


def _measures(core: dict[str, pd.DataFrame]) -> pd.DataFrame:
    composite = core["composite_scores"][["region_id", "year", "score"]].assign(
        measure=COMPOSITE, dimension_id=None
    )
    dimensions = core["dimension_scores"][["region_id", "year", "dimension_id", "score"]].assign(
        measure=lambda frame: frame["dimension_id"]
    )
    return pd.concat([composite, dimensions], ignore_index=True)


def growth_rates(core: dict[str, pd.DataFrame], variant: Variant, options: Options) -> pd.DataFrame:
    measures = _measures(core)
    first_year, last_year = int(measures["year"].min()), int(measures["year"].max())
    span_from = first_year if options.growth_from is None else options.growth_from
    span_to = last_year if options.growth_to is None else options.growth_to
    rows = []
    for (region, measure), part in measures.groupby(["region_id", "measure"], sort=False):
        by_year = dict(zip(part["year"].astype(int), part["score"], strict=True))
        first, last = by_year[first_year], by_year[last_year]
        span_first, span_last = by_year.get(span_from, np.nan), by_year.get(span_to, np.nan)
        if variant.scope == "year":
            note = YEAR_SCOPE_NOTE
        elif first_year == last_year:
            note = "a single year: no growth"
        elif np.isnan(span_first) or np.isnan(span_last):
            note = f"the span {span_from}-{span_to} is outside the panel's years"
        elif first <= 0 or span_first <= 0:
            note = "a first score of 0: growth undefined"
        else:
            note = None
        rows.append(
            {
                "region_id": region,
                "measure": measure,
                "dimension_id": None if measure == COMPOSITE else measure,
                "first_year": first_year,
                "last_year": last_year,
                "first_score": first,
                "last_score": last,
                "absolute_change": last - first,
                "growth_rate": compound_growth(first, last, last_year - first_year),
                "span_from": span_from,
                "span_to": span_to,
                "span_first_score": span_first,
                "span_last_score": span_last,
                "span_growth_rate": compound_growth(span_first, span_last, span_to - span_from),
                "comparable_across_years": variant.scope == "panel",
                "note": note,
            }
        )
    frame = pd.DataFrame(rows)
    frame["growth_rank"] = rank_desc(frame["growth_rate"], frame["measure"])
    frame["span_growth_rank"] = rank_desc(frame["span_growth_rate"], frame["measure"])
    return frame


def growth_year_on_year(core: dict[str, pd.DataFrame], variant: Variant) -> pd.DataFrame:
    measures = _measures(core)
    previous = measures.assign(year=measures["year"] + 1).rename(columns={"score": "previous"})
    merged = measures.merge(
        previous[["region_id", "measure", "year", "previous"]], on=["region_id", "measure", "year"]
    )
    return pd.DataFrame(
        {
            "region_id": merged["region_id"],
            "measure": merged["measure"],
            "dimension_id": merged["dimension_id"],
            "year": merged["year"],
            "score": merged["score"],
            "previous_score": merged["previous"],
            "change": merged["score"] - merged["previous"],
            "change_rate": [
                s / p - 1 if p > 0 else np.nan
                for s, p in zip(merged["score"], merged["previous"], strict=True)
            ],
            "comparable_across_years": variant.scope == "panel",
        }
    )


def _with_weights(frame: pd.DataFrame, weights: pd.DataFrame, key: str, scope: str) -> pd.DataFrame:
    keys = [key] if scope == "panel" else [key, "year"]
    columns = weights[[*keys, "weight"]]
    if scope == "panel":
        return frame.merge(columns, on=key)
    return frame.merge(columns.astype({"year": "int64"}), on=keys)


def dimension_standing(core: dict[str, pd.DataFrame], variant: Variant) -> pd.DataFrame:
    scores = core["dimension_scores"].merge(
        core["composite_scores"][["region_id", "year", "score"]].rename(
            columns={"score": "composite_score"}
        ),
        on=["region_id", "year"],
    )
    scores = _with_weights(scores, core["dimension_weights"], "dimension_id", variant.scope)
    frame = pd.DataFrame(
        {
            "region_id": scores["region_id"],
            "year": scores["year"],
            "dimension_id": scores["dimension_id"],
            "score": scores["score"],
            "composite_score": scores["composite_score"],
            "share_of_composite": [
                _ratio(s, c)
                for s, c in zip(scores["score"], scores["composite_score"], strict=True)
            ],
            "dimension_weight": scores["weight"],
            "achievement": [
                _ratio(s, w) for s, w in zip(scores["score"], scores["weight"], strict=True)
            ],
        }
    )
    frame["rank_among_regions"] = rank_desc(frame["score"], [frame["year"], frame["dimension_id"]])
    frame["rank_within_region"] = rank_desc(frame["score"], [frame["region_id"], frame["year"]])
    return frame


def region_standing(
    core: dict[str, pd.DataFrame], standing: pd.DataFrame, options: Options
) -> pd.DataFrame:
    rows = []
    top = standing[standing["rank_within_region"] == 1]
    for year, part in core["composite_scores"].groupby("year"):
        scores = part["score"].to_numpy(dtype=float)
        leader_score = scores.max()
        leader = min(part.loc[part["score"] == leader_score, "region_id"])
        average = mean(scores)
        for region, score, rank in part[["region_id", "score", "rank"]].itertuples(index=False):
            ratio = _ratio(score, average) if len(scores) >= 2 else np.nan
            mine = top[(top["region_id"] == region) & (top["year"] == year)]
            rows.append(
                {
                    "region_id": region,
                    "year": year,
                    "score": score,
                    "rank": rank,
                    "leader_region_id": leader,
                    "leader_score": leader_score,
                    "ratio_to_leader": _ratio(score, leader_score),
                    "gap_to_leader": leader_score - score,
                    "mean_score": average,
                    "ratio_to_mean": ratio,
                    "tier": standing_tier(ratio, options),
                    "top_dimension_id": min(mine["dimension_id"]) if len(mine) else None,
                    "top_dimension_share": mine["share_of_composite"].max()
                    if len(mine)
                    else np.nan,
                    "region_count": len(scores),
                }
            )
    return pd.DataFrame(rows)


def _groups(core: dict[str, pd.DataFrame], regions: pd.DataFrame | None) -> dict[str, object]:
    """region -> group_id (None when the regions input has no group)."""
    ids = core["composite_scores"]["region_id"].unique()
    if regions is None or "group_id" not in regions.columns:
        return dict.fromkeys(ids)
    groups = {}
    for region, group in zip(regions["region_id"], regions["group_id"], strict=True):
        text = None if pd.isna(group) or str(group).strip() == "" else str(group).strip()
        groups[str(region).strip()] = text
    return groups


def _populations(core: dict[str, pd.DataFrame], regions: pd.DataFrame | None) -> dict[str, float]:
    """region -> population (NaN when the regions input has none for it)."""
    ids = core["composite_scores"]["region_id"].unique()
    populations = dict.fromkeys((str(r) for r in ids), np.nan)
    if regions is None or "population" not in regions.columns:
        return populations
    for region, population in zip(regions["region_id"], regions["population"], strict=True):
        text = "" if pd.isna(population) else str(population).strip()
        populations[str(region).strip()] = float(text) if text else np.nan
    return populations


def disparity_by_year(
    core: dict[str, pd.DataFrame],
    regions: pd.DataFrame | None,
    standing: pd.DataFrame,
    variant: Variant,
) -> pd.DataFrame:
    groups = _groups(core, regions)
    ungrouped = sum(1 for g in groups.values() if g is None)
    grouped = ungrouped == 0
    group_count = len({g for g in groups.values() if g is not None})
    populations = _populations(core, regions)
    unpopulated = sum(1 for p in populations.values() if np.isnan(p))
    partly_populated = 0 < unpopulated < len(populations)
    rows = []
    for year, part in core["composite_scores"].groupby("year"):
        y = part["score"].to_numpy(dtype=float)
        ids = part["region_id"].to_numpy(dtype=object)
        g = np.array([groups[r] for r in ids], dtype=object)
        n, average = len(y), mean(y)
        defined = n >= 2
        tiers = standing.loc[standing["year"] == year, "tier"]
        counts = {t: int((tiers == t).sum()) for t in ("leading", "middle", "lagging")}
        row = {
            "year": year,
            "region_count": n,
            "is_defined": defined,
            "mean_score": average,
            "min_score": y.min(),
            "max_score": y.max(),
            "leader_region_id": min(ids[y == y.max()]),
            "laggard_region_id": min(ids[y == y.min()]),
            "group_count": group_count if grouped else pd.NA,
            "leading_count": counts["leading"],
            "middle_count": counts["middle"],
            "lagging_count": counts["lagging"],
            "spatial_pattern": spatial_pattern(n, counts["leading"], counts["lagging"]),
            "comparable_across_years": variant.scope == "panel",
        }
        measures = {
            "leader_laggard_gap": y.max() - y.min(),
            "max_min_ratio": _ratio(y.max(), y.min()),
            "sd_population": sd(y, 0),
            "sd_sample": sd(y, 1),
            "cv_population": _ratio(sd(y, 0), average),
            "cv_sample": _ratio(sd(y, 1), average),
            "theil_t": theil_t(y),
            "gini": gini(y),
            "gini_population_weighted": gini_population_weighted(
                y, np.array([populations[r] for r in ids], dtype=float), ids
            ),
        }
        if grouped:
            theil_rows = theil_groups(y, g)
            dagum_rows = dagum(y, g)
            tb = sum(r["between"] for r in theil_rows)
            tw = sum(r["within"] for r in theil_rows)
            gw = sum(r["within"] for r in dagum_rows if r["group_id"] == r["other_group_id"])
            pairs = [r for r in dagum_rows if r["group_id"] != r["other_group_id"]]
            gnb = sum(r["net_between"] for r in pairs)
            gt = sum(r["transvariation"] for r in pairs)
            t, gi = measures["theil_t"], measures["gini"]
            measures |= {
                "theil_between": tb,
                "theil_within": tw,
                "theil_between_share": _ratio(tb, t),
                "theil_within_share": _ratio(tw, t),
                "gini_within": gw,
                "gini_between_net": gnb,
                "gini_transvariation": gt,
                "gini_within_share": _ratio(gw, gi),
                "gini_between_net_share": _ratio(gnb, gi),
                "gini_transvariation_share": _ratio(gt, gi),
            }
        for name in DISPARITY_MEASURES:
            row[name] = measures.get(name, np.nan) if defined else np.nan
        if not defined:
            row["note"] = "a single region: disparity is undefined"
        elif average == 0:
            row["note"] = "every score is 0: relative measures are undefined"
        else:
            notes = []
            if not grouped:
                notes.append(
                    f"{ungrouped} region(s) without group_id: no between/within decomposition"
                )
            if partly_populated:
                notes.append(
                    f"{unpopulated} region(s) without population: no population-weighted Gini"
                )
            row["note"] = "; ".join(notes) or None
        rows.append(row)
    return pd.DataFrame(rows)


DISPARITY_MEASURES = (
    "leader_laggard_gap",
    "max_min_ratio",
    "sd_population",
    "sd_sample",
    "cv_population",
    "cv_sample",
    "theil_t",
    "theil_between",
    "theil_within",
    "theil_between_share",
    "theil_within_share",
    "gini",
    "gini_population_weighted",
    "gini_within",
    "gini_between_net",
    "gini_transvariation",
    "gini_within_share",
    "gini_between_net_share",
    "gini_transvariation_share",
)


def disparity_by_group(core: dict[str, pd.DataFrame], regions: pd.DataFrame | None) -> pd.DataFrame:
    groups = _groups(core, regions)
    columns = [
        "year",
        "group_id",
        "other_group_id",
        "is_within_group",
        "region_count",
        "other_region_count",
        "mean_score",
        "other_mean_score",
        "region_share",
        "score_share",
        "theil_t",
        "theil_between_term",
        "theil_within_term",
        "theil_within_term_share",
        "gini",
        "relative_affluence",
        "gini_within_contribution",
        "gini_between_net_contribution",
        "gini_transvariation_contribution",
    ]
    if any(g is None for g in groups.values()):
        return pd.DataFrame(columns=columns)
    rows = []
    for year, part in core["composite_scores"].groupby("year"):
        y = part["score"].to_numpy(dtype=float)
        g = np.array([groups[r] for r in part["region_id"]], dtype=object)
        defined = len(y) >= 2
        total_theil = theil_t(y)
        theils = {r["group_id"]: r for r in theil_groups(y, g)}
        for r in dagum(y, g):
            own = r["group_id"] == r["other_group_id"]
            theil = theils[r["group_id"]] if own else {}

            def measure(value: float, on: bool = True, defined: bool = defined) -> float:
                return value if defined and on else np.nan

            rows.append(
                {
                    "year": year,
                    "group_id": r["group_id"],
                    "other_group_id": r["other_group_id"],
                    "is_within_group": own,
                    "region_count": r["count"],
                    "other_region_count": r["other_count"],
                    "mean_score": r["mean"],
                    "other_mean_score": r["other_mean"],
                    "region_share": r["count_share"] if own else np.nan,
                    "score_share": measure(r["value_share"], own),
                    "theil_t": measure(theil.get("theil_t", np.nan), own),
                    "theil_between_term": measure(theil.get("between", np.nan), own),
                    "theil_within_term": measure(theil.get("within", np.nan), own),
                    "theil_within_term_share": measure(
                        _ratio(theil.get("within", np.nan), total_theil), own
                    ),
                    "gini": measure(r["gini"]),
                    "relative_affluence": measure(r["relative_affluence"]),
                    "gini_within_contribution": measure(r["within"]),
                    "gini_between_net_contribution": measure(r["net_between"]),
                    "gini_transvariation_contribution": measure(r["transvariation"]),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def obstacle_degrees(
    core: dict[str, pd.DataFrame], variant: Variant, options: Options
) -> pd.DataFrame:
    values = core["indicator_values"][
        ["region_id", "year", "indicator_id", "normalized_value"]
    ].merge(
        core["indicator_weights"][["indicator_id", "dimension_id"]].drop_duplicates(),
        on="indicator_id",
    )
    values = _with_weights(values, core["indicator_weights"], "indicator_id", variant.scope)
    rows = []
    for (region, year), part in values.groupby(["region_id", "year"], sort=False):
        w = part["weight"].to_numpy(dtype=float)
        z = part["normalized_value"].to_numpy(dtype=float)
        weighted = w * (1 - z)
        total = weighted.sum()
        degree = weighted / total if total != 0 else np.full(len(w), np.nan)
        if options.obstacle_form == "unscaled":
            degree = weighted
        dims = part["dimension_id"].to_numpy(dtype=object)
        for k, indicator in enumerate(part["indicator_id"]):
            cell = (w[k], z[k], 1 - z[k], weighted[k], degree[k])
            rows.append((region, year, "indicator", dims[k], indicator, *cell))
        for dimension in pd.unique(dims):
            mask = dims == dimension
            level = _ratio(float((w[mask] * z[mask]).sum()), float(w[mask].sum()))
            dim_degree = np.nan if np.isnan(degree[mask]).all() else degree[mask].sum()
            cell = (w[mask].sum(), level, 1 - level, weighted[mask].sum(), dim_degree)
            rows.append((region, year, "dimension", dimension, None, *cell))
    frame = pd.DataFrame(
        rows,
        columns=[
            "region_id",
            "year",
            "level",
            "dimension_id",
            "indicator_id",
            "weight",
            "normalized_value",
            "deviation",
            "weighted_deviation",
            "obstacle_degree",
        ],
    )
    frame["obstacle_rank"] = rank_desc(
        frame["obstacle_degree"], [frame["region_id"], frame["year"], frame["level"]]
    )
    frame["is_top_obstacle"] = (frame["obstacle_rank"] <= options.obstacle_top_n).fillna(False)
    frame["obstacle_form"] = options.obstacle_form
    frame["note"] = np.where(
        frame["obstacle_degree"].isna(),
        "every indicator of the region-year is at its best value: no obstacle (0 / 0)",
        None,
    )
    return frame


def topsis_scores(
    core: dict[str, pd.DataFrame],
    indicators: pd.DataFrame,
    variant: Variant,
    options: Options,
) -> pd.DataFrame:
    prepared = reference.prepare_indicators(indicators)
    negative = dict(zip(prepared["indicator_id"], prepared["direction"] == "negative", strict=True))
    # the vector form takes Z for a centred or interval indicator (a benefit one), as mathmodels
    transformed = dict(
        zip(
            prepared["indicator_id"],
            prepared["direction"].isin(["centred", "interval"]),
            strict=True,
        )
    )
    cells = _with_weights(
        core["indicator_values"][
            ["region_id", "year", "indicator_id", "value", "normalized_value"]
        ],
        core["indicator_weights"],
        "indicator_id",
        variant.scope,
    )
    scope = ["indicator_id"] if variant.scope == "panel" else ["indicator_id", "year"]
    if options.topsis_form == "vector":
        is_transformed = cells["indicator_id"].map(transformed).astype(bool)
        cells["value"] = np.where(is_transformed, cells["normalized_value"], cells["value"])
        norm = cells.groupby(scope)["value"].transform(lambda x: np.sqrt((x**2).sum()))
        cells["v"] = cells["weight"] * cells["value"] / norm.where(norm != 0)
    else:
        cells["v"] = cells["weight"] * cells["normalized_value"]
    best = cells.groupby(scope)["v"].transform("max")
    worst = cells.groupby(scope)["v"].transform("min")
    is_negative = cells["indicator_id"].map(negative).astype(bool)
    if options.topsis_form == "vector":
        cells["ideal"] = np.where(is_negative, worst, best)
        cells["anti"] = np.where(is_negative, best, worst)
    else:
        cells["ideal"], cells["anti"] = best, worst
    cells["d_plus"] = (cells["v"] - cells["ideal"]) ** 2
    cells["d_minus"] = (cells["v"] - cells["anti"]) ** 2
    distances = cells.groupby(["region_id", "year"], as_index=False)[["d_plus", "d_minus"]].sum()
    distances["d_plus"] = np.sqrt(distances["d_plus"])
    distances["d_minus"] = np.sqrt(distances["d_minus"])
    frame = distances.rename(
        columns={"d_plus": "distance_to_ideal", "d_minus": "distance_to_anti_ideal"}
    )
    frame["closeness"] = [
        _ratio(m, p + m)
        for p, m in zip(frame["distance_to_ideal"], frame["distance_to_anti_ideal"], strict=True)
    ]
    frame["topsis_rank"] = rank_desc(frame["closeness"], frame["year"])
    composite = core["composite_scores"][["region_id", "year", "score", "rank"]].rename(
        columns={"score": "composite_score", "rank": "composite_rank"}
    )
    frame = frame.merge(composite, on=["region_id", "year"])
    frame["topsis_form"] = options.topsis_form
    return frame


def coupling_coordination(standing: pd.DataFrame, options: Options) -> pd.DataFrame:
    rows = []
    usable = standing[standing["achievement"].notna()]
    for (region, year), part in usable.groupby(["region_id", "year"], sort=False):
        u = part["achievement"].to_numpy(dtype=float)
        n = len(u)
        if options.coupling_weights == "dimension":
            t = float((part["dimension_weight"].to_numpy(dtype=float) * u).sum())
        else:
            t = float(u.sum() / n)
        if n < 2 or u.sum() <= 0:
            c = np.nan
        elif u.min() <= 0:
            c = 0.0
        else:
            c = n * np.prod(u) ** (1.0 / n) / u.sum()
        if n < 2 or u.max() <= 0:
            c_adjusted = np.nan
        else:
            pairs = [abs(a - b) for a, b in itertools.combinations(u, 2)]
            similarity = 1 - sum(pairs) / len(pairs)
            balance = 0.0 if u.min() <= 0 else float(np.prod((u / u.max()) ** (1.0 / (n - 1))))
            product = similarity * balance
            c_adjusted = np.sqrt(product) if product >= 0 else np.nan

        def degree(coupling: float, n: int = n, t: float = t) -> float:
            if n < 2:
                return np.nan
            if t == 0:
                return 0.0
            product = coupling * t
            return np.sqrt(product) if product >= 0 else np.nan

        d, d_adjusted = degree(c), degree(c_adjusted)
        if n < 2:
            note = "a single dimension: coupling needs at least two subsystems"
        elif np.isnan(c):
            note = "every subsystem is at 0: coupling undefined, coordination degree 0"
        else:
            note = None
        rows.append(
            {
                "region_id": region,
                "year": year,
                "subsystem_count": n,
                "coupling": c,
                "coordination_index": t,
                "coordination_degree": d,
                "coordination_level": coordination_level(d),
                "coordination_class": coordination_class(d),
                "coupling_adjusted": c_adjusted,
                "coordination_degree_adjusted": d_adjusted,
                "coordination_level_adjusted": coordination_level(d_adjusted),
                "coordination_class_adjusted": coordination_class(d_adjusted),
                "coupling_weights": options.coupling_weights,
                "note": note,
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("coordination_level", "coordination_level_adjusted"):
        frame[column] = frame[column].astype("Int64")
    return frame


# --------------------------------------------------------------------------- sensitivity


def variants(epsilon: float) -> list[Variant]:
    return [
        Variant(scope=s, zero_handling=z, epsilon=epsilon, weights_source=w)
        for s in SCOPES
        for z in ZERO_HANDLINGS
        for w in WEIGHT_SOURCES
    ]


def variant_id(variant: Variant) -> str:
    return f"{variant.scope}_{variant.zero_handling}_{variant.weights_source}"


def applicability(
    indicators: pd.DataFrame, observations: pd.DataFrame, regions: pd.DataFrame | None
) -> dict[str, bool]:
    grid = reference.build_grid(indicators, observations, regions)
    filled, _ = reference.interpolate(grid.values, grid.years)
    return {
        "year": bool((np.fmax.reduce(filled, axis=2) > np.fmin.reduce(filled, axis=2)).all()),
        "none": bool((filled > 0).all()),
        "published": bool(np.isfinite(grid.published_weight).all()),
    }


def is_applicable(variant: Variant, flags: dict[str, bool]) -> bool:
    return (
        (variant.scope != "year" or flags["year"])
        and (variant.zero_handling != "none" or flags["none"])
        and (variant.weights_source != "published" or flags["published"])
    )


def sensitivity(
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    regions: pd.DataFrame | None,
    build: Variant,
    core: dict[str, pd.DataFrame],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(sensitivity_weights, sensitivity)."""
    flags = applicability(indicators, observations, regions)
    weight_frames, score_frames = [], []
    results = {}
    for variant in variants(build.epsilon):
        with np.errstate(all="ignore"):
            results[variant] = reference.compute(indicators, observations, regions, variant)
    for variant, result in results.items():
        applicable = is_applicable(variant, flags)
        entropy_twin = Variant(variant.scope, variant.zero_handling, variant.epsilon, "entropy")
        weights = result["indicator_weights"].copy()
        twin = results[entropy_twin]["indicator_weights"]
        weights["entropy_weight"] = twin["weight"].to_numpy()
        labels = {
            "variant_id": variant_id(variant),
            "normalization_scope": variant.scope,
            "zero_handling": variant.zero_handling,
            "weights_source": variant.weights_source,
            "is_build_variant": variant == build,
            "is_applicable": applicable,
        }
        numbers = ["entropy", "entropy_weight", "weight"]
        if not applicable:
            weights[numbers] = np.nan
        weight_frames.append(
            weights[["indicator_id", "dimension_id", "year", *numbers]].assign(**labels)
        )
        scores = core["composite_scores"][["region_id", "year", "score", "rank"]].rename(
            columns={"score": "build_score", "rank": "build_rank"}
        )
        variant_scores = result["composite_scores"][["region_id", "year", "score", "rank"]]
        scores = scores.merge(variant_scores, on=["region_id", "year"], how="left")
        if not applicable:
            scores["score"] = np.nan
            scores["rank"] = pd.NA
        scores["rank"] = scores["rank"].astype("Int64")
        scores["rank_change"] = scores["rank"] - scores["build_rank"].astype("Int64")
        score_frames.append(scores.assign(**labels))
    return (
        pd.concat(weight_frames, ignore_index=True),
        pd.concat(score_frames, ignore_index=True),
    )


def rank_agreement(
    topsis: pd.DataFrame, sensitivity_scores: pd.DataFrame, options: Options
) -> pd.DataFrame:
    rows = []
    for year, part in topsis.groupby("year"):
        complete = part.dropna(subset=["composite_score", "closeness"])
        x, y = complete["composite_score"].to_numpy(float), complete["closeness"].to_numpy(float)
        changes = (part["topsis_rank"] - part["composite_rank"]).abs()
        rows.append(
            {
                "comparison": "topsis",
                "compared_ranking": f"topsis_{options.topsis_form}",
                "year": year,
                "region_count": len(complete),
                "spearman_rho": spearman_rho(x, y),
                "kendall_tau_b": kendall_tau_b(x, y),
                "max_abs_rank_change": changes.max() if changes.notna().any() else pd.NA,
            }
        )
    for (variant, year), part in sensitivity_scores.groupby(["variant_id", "year"]):
        complete = part.dropna(subset=["build_score", "score"])
        x, y = complete["build_score"].to_numpy(float), complete["score"].to_numpy(float)
        changes = part["rank_change"].abs()
        rows.append(
            {
                "comparison": "sensitivity",
                "compared_ranking": variant,
                "year": year,
                "region_count": len(complete),
                "spearman_rho": spearman_rho(x, y),
                "kendall_tau_b": kendall_tau_b(x, y),
                "max_abs_rank_change": changes.max() if changes.notna().any() else pd.NA,
            }
        )
    frame = pd.DataFrame(rows)
    frame["max_abs_rank_change"] = frame["max_abs_rank_change"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- all of them

ANALYSES = (
    "growth_rates",
    "growth_year_on_year",
    "disparity_by_year",
    "disparity_by_group",
    "region_standing",
    "dimension_standing",
    "obstacle_degrees",
    "topsis_scores",
    "coupling_coordination",
    "sensitivity_weights",
    "sensitivity",
    "rank_agreement",
)


def compute_analyses(
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    variant: Variant | None = None,
    options: Options | None = None,
) -> dict[str, pd.DataFrame]:
    """Every analysis mart (ANALYSES) of the panel, built on the core's NumPy reference."""
    variant = Variant() if variant is None else variant
    options = Options() if options is None else options
    core = reference.compute(indicators, observations, regions, variant)
    dims = dimension_standing(core, variant)
    standing = region_standing(core, dims, options)
    topsis = topsis_scores(core, indicators, variant, options)
    weights, scores = sensitivity(indicators, observations, regions, variant, core)
    return {
        "growth_rates": growth_rates(core, variant, options),
        "growth_year_on_year": growth_year_on_year(core, variant),
        "disparity_by_year": disparity_by_year(core, regions, standing, variant),
        "disparity_by_group": disparity_by_group(core, regions),
        "region_standing": standing,
        "dimension_standing": dims,
        "obstacle_degrees": obstacle_degrees(core, variant, options),
        "topsis_scores": topsis,
        "coupling_coordination": coupling_coordination(dims, options),
        "sensitivity_weights": weights,
        "sensitivity": scores,
        "rank_agreement": rank_agreement(topsis, scores, options),
    }


# --------------------------------------------------------------------------- the audit


def read_published_tables(folder: Path = REFERENCE_SEEDS) -> dict[str, pd.DataFrame]:
    return {
        "table1": pd.read_csv(folder / "published_table1_weights.csv", dtype={"indicator_id": str}),
        "table2": pd.read_csv(folder / "published_table2_composite_scores.csv"),
        "table3": pd.read_csv(folder / "published_table3_dimension_scores.csv"),
    }


def read_claims(path: Path = REFERENCE_SEEDS / "study_claims.csv") -> list[dict[str, object]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    claims = []
    for row in rows:
        claim = {k: (v.strip() or None) for k, v in row.items()}
        for key in ("published_value", "rounding"):
            claim[key] = float(claim[key]) if claim[key] is not None else None
        for key in ("from_year", "year"):
            claim[key] = int(claim[key]) if claim[key] is not None else None
        claims.append(claim)
    return claims


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float


def _rank_interval(target: Interval, others: list[Interval]) -> Interval:
    """Rank 1 = highest; the best and worst rank the target can take within the intervals."""
    return Interval(
        1 + sum(o.value > target.value for o in others),
        1 + sum(o.low > target.high for o in others),
        1 + sum(o.high > target.low for o in others),
    )


def _worst(intervals: list[Interval]) -> Interval:
    return Interval(
        max(i.value for i in intervals),
        max(i.low for i in intervals),
        max(i.high for i in intervals),
    )


class Audit:
    """Recomputes each claim from the published tables, figures known to +/- rounding."""

    def __init__(self, tables: dict[str, pd.DataFrame], options: Options) -> None:
        self.h = options.audit_rounding
        self.options = options
        t1 = tables["table1"]
        self.dimension_weights = dict(
            zip(
                t1.loc[t1["level"] == "dimension", "dimension_id"],
                t1.loc[t1["level"] == "dimension", "published_weight"],
                strict=True,
            )
        )
        self.indicator_weights = t1[t1["level"] == "indicator"]
        t2 = tables["table2"]
        self.scores = {
            (r, int(y)): float(v)
            for r, y, v in t2[["region_id", "year", "published_score"]].itertuples(index=False)
        }
        self.regions = list(dict.fromkeys(t2["region_id"]))
        self.years = sorted({int(y) for y in t2["year"]})
        t3 = tables["table3"]
        self.dimension_scores = {
            (r, int(y), d): float(v)
            for r, y, d, v in t3[
                ["region_id", "year", "dimension_id", "published_score"]
            ].itertuples(index=False)
        }

    # the figures and series
    def score(self, region: str, year: int) -> Interval:
        v = self.scores[region, year]
        return Interval(v, v - self.h, v + self.h)

    def year_scores(self, year: int) -> np.ndarray:
        return np.array([self.scores[r, year] for r in sorted(self.regions)])

    def growth(self, region: str, first: int, last: int) -> Interval:
        a, b = self.scores[region, first], self.scores[region, last]
        periods = last - first
        return Interval(
            compound_growth(a, b, periods),
            compound_growth(a + self.h, b - self.h, periods),
            compound_growth(a - self.h, b + self.h, periods),
        )

    def mean_year_on_year(self, region: str, first: int, last: int) -> Interval:
        h = self.h
        pairs = [(self.scores[region, y], self.scores[region, y + 1]) for y in range(first, last)]
        return Interval(
            float(np.mean([b / a - 1 for a, b in pairs])),
            float(np.mean([(b - h) / (a + h) - 1 for a, b in pairs])),
            float(np.mean([(b + h) / (a - h) - 1 for a, b in pairs])),
        )

    def box_statistic(self, year: int, statistic) -> Interval:
        """The statistic at the printed scores and its extremes over the rounding box's corners."""
        y = self.year_scores(year)
        corners = [
            statistic(y + self.h * np.array(signs))
            for signs in itertools.product((-1.0, 1.0), repeat=len(y))
        ]
        return Interval(statistic(y), min(corners), max(corners))

    def series(self, claim: dict, year: int) -> tuple[Interval, Interval | None]:
        kind = claim["statistic"]
        if kind == "cv":
            return (
                self.box_statistic(year, lambda v: sd(v, 0) / mean(v)),
                self.box_statistic(year, lambda v: sd(v, 1) / mean(v)),
            )
        if kind == "theil":
            return self.box_statistic(year, theil_t), None
        if kind == "gini":
            return self.box_statistic(year, gini), None
        if kind == "gap":
            a, b = (
                self.scores[claim["region_id"], year],
                self.scores[claim["other_region_id"], year],
            )
            return Interval(a - b, a - b - 2 * self.h, a - b + 2 * self.h), None
        if kind == "score":
            return self.score(claim["region_id"], year), None
        raise ValueError(kind)

    @staticmethod
    def _difference(later: Interval, earlier: Interval) -> Interval:
        return Interval(
            later.value - earlier.value, later.low - earlier.high, later.high - earlier.low
        )

    def check(self, claim: dict) -> tuple[Interval | None, Interval | None, str | None]:
        """(primary, second form, detail) of a claim; None when not checkable."""
        kind, h = claim["check_kind"], self.h
        region, other, dim = claim["region_id"], claim["other_region_id"], claim["dimension_id"]
        year, first = claim["year"], claim["from_year"]
        if kind == "published_figure":
            v = {
                "dimension_weight": lambda: self.dimension_weights[dim],
                "composite_score": lambda: self.scores[region, year],
                "dimension_score": lambda: self.dimension_scores[region, year, dim],
            }[claim["statistic"]]()
            return Interval(v, v - h, v + h), None, None
        if kind in ("dimension_weight_sum", "weight_total"):
            if kind == "dimension_weight_sum":
                w = self.indicator_weights.loc[
                    self.indicator_weights["dimension_id"] == dim, "published_weight"
                ]
            elif claim["statistic"] == "indicator":
                w = self.indicator_weights["published_weight"]
            else:
                w = pd.Series(list(self.dimension_weights.values()))
            total = float(w.sum())
            return Interval(total, total - len(w) * h, total + len(w) * h), None, None
        if kind == "count":
            n = {
                "dimensions": len(self.dimension_weights),
                "indicators": len(self.indicator_weights),
                "regions": len(self.regions),
                "years": len(self.years),
            }[claim["statistic"]]
            return Interval(n, n, n), None, None
        if kind == "dimension_sum":
            parts = [
                v for (r, y, _), v in self.dimension_scores.items() if (r, y) == (region, year)
            ]
            total = sum(parts)
            return Interval(total, total - len(parts) * h, total + len(parts) * h), None, None
        if kind in ("score_ratio", "dimension_share"):
            if kind == "score_ratio":
                a, b = self.scores[region, year], self.scores[other, year]
            else:
                a, b = self.dimension_scores[region, year, dim], self.scores[region, year]
            return Interval(a / b, (a - h) / (b + h), (a + h) / (b - h)), None, None
        if kind == "score_gap":
            a, b = self.scores[region, year], self.scores[other, year]
            return Interval(a - b, a - b - 2 * h, a - b + 2 * h), None, None
        if kind == "max_score":
            top = max(self.scores[region, y] for y in range(first, year + 1))
            return Interval(top, top - h, top + h), None, None
        if kind == "within_weight":
            gaps = [
                v - self.dimension_weights[dim]
                for (_, y, d), v in self.dimension_scores.items()
                if d == dim and y == year
            ]
            return Interval(max(gaps), max(gaps) - 2 * h, max(gaps) + 2 * h), None, None
        if kind == "growth":
            return (
                self.growth(region, first, year),
                self.mean_year_on_year(region, first, year),
                None,
            )
        if kind in ("disparity", "change", "min_change"):
            return self._series_check(claim)
        if kind == "tier_count":
            y = np.array([self.scores[r, year] for r in self.regions])
            ratios = y / mean(y)
            tiers = [standing_tier(r, self.options) for r in ratios]
            n = float(sum(t == claim["statistic"] for t in tiers))
            order = np.argsort(-ratios, kind="stable")
            detail = ", ".join(f"{self.regions[i]} {tiers[i]} {ratios[i]:.2f}" for i in order)
            return Interval(n, n, n), None, detail
        if kind in RANK_CHECKS:
            return self._rank_check(claim)
        if kind == "not_checkable":
            return None, None, None
        raise ValueError(f"unknown check_kind {kind!r}")

    def _series_check(self, claim: dict) -> tuple[Interval, Interval | None, None]:
        kind, year, first = claim["check_kind"], claim["year"], claim["from_year"]
        if kind == "disparity":
            primary, alt = self.series(claim, year)
            return primary, alt, None
        if kind == "change":
            later, later_alt = self.series(claim, year)
            earlier, earlier_alt = self.series(claim, first)
            alt = None if later_alt is None else self._difference(later_alt, earlier_alt)
            return self._difference(later, earlier), alt, None
        claims = (
            [claim]
            if claim["statistic"] != "score" or claim["region_id"]
            else [claim | {"region_id": r} for r in self.regions]
        )
        changes, alt_changes = [], []
        for one in claims:
            for y in range(first, year):
                later, later_alt = self.series(one, y + 1)
                earlier, earlier_alt = self.series(one, y)
                changes.append(self._difference(later, earlier))
                if later_alt is not None:
                    alt_changes.append(self._difference(later_alt, earlier_alt))

        def smallest(items: list[Interval]) -> Interval | None:
            if not items:
                return None
            return Interval(
                min(i.value for i in items), min(i.low for i in items), min(i.high for i in items)
            )

        return smallest(changes), smallest(alt_changes), None

    def _rank_check(self, claim: dict) -> tuple[Interval, None, str | None]:
        kind, h = claim["check_kind"], self.h
        region, dim, year, first = (
            claim["region_id"],
            claim["dimension_id"],
            claim["year"],
            claim["from_year"],
        )
        parts: list[tuple[Interval, list[Interval]]] = []
        detail = None

        def split(items: dict[str, Interval], target: str) -> tuple[Interval, list[Interval]]:
            return items[target], [v for k, v in items.items() if k != target]

        if kind == "weight_rank":
            items = {d: Interval(w, w - h, w + h) for d, w in self.dimension_weights.items()}
            parts.append(split(items, dim))
        elif kind == "score_rank":
            for y in [year] if year else self.years:
                parts.append(split({r: self.score(r, y) for r in self.regions}, region))
        elif kind == "growth_rank":
            parts.append(split({r: self.growth(r, first, year) for r in self.regions}, region))
        elif kind == "dimension_rank":
            items = {
                r: Interval(v, v - h, v + h)
                for (r, y, d), v in self.dimension_scores.items()
                if d == dim and y == year
            }
            parts.append(split(items, region))
        elif kind == "dimension_rank_within_region":
            for r in [region] if region else self.regions:
                items = {
                    d: Interval(v, v - h, v + h)
                    for (rr, y, d), v in self.dimension_scores.items()
                    if rr == r and y == year
                }
                parts.append(split(items, dim))
        elif kind == "obstacle_rank":
            gaps = {
                d: self.dimension_weights[d] - v
                for (r, y, d), v in self.dimension_scores.items()
                if r == region and y == year
            }
            items = {d: Interval(g, g - 2 * h, g + 2 * h) for d, g in gaps.items()}
            parts.append(split(items, dim))
            total = sum(gaps.values())
            ordered = sorted(gaps.items(), key=lambda item: -item[1])
            detail = "obstacle degrees: " + ", ".join(f"{d} {g / total:.3f}" for d, g in ordered)
        ranks = [_rank_interval(target, others) for target, others in parts]
        return _worst(ranks), None, detail


RANK_CHECKS = (
    "weight_rank",
    "score_rank",
    "growth_rank",
    "dimension_rank",
    "dimension_rank_within_region",
    "obstacle_rank",
)
SLACK = 1e-12


def _overlaps(interval: Interval | None, low: float | None, high: float | None) -> bool:
    if interval is None or interval.low is None or np.isnan(interval.low):
        return False
    return (high is None or interval.low <= high + SLACK) and (
        low is None or interval.high >= low - SLACK
    )


def _holds_at(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None or np.isnan(value):
        return False
    return (high is None or value <= high + SLACK) and (low is None or value >= low - SLACK)


def audit(
    claims: list[dict] | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
    options: Options = Options(),
) -> pd.DataFrame:
    """study_claims_audit: each claim's recomputed interval(s) and verdict."""
    claims = read_claims() if claims is None else claims
    checker = Audit(read_published_tables() if tables is None else tables, options)
    rows = []
    for claim in claims:
        value, rounding = claim["published_value"], claim["rounding"] or 0.0
        comparison = claim["comparison"]
        low = high = None
        if value is not None and comparison in ("approx", "above"):
            low = value - rounding
        if value is not None and comparison in ("approx", "below"):
            high = value + rounding
        primary, alt, detail = checker.check(claim)
        primary_ok, alt_ok = _overlaps(primary, low, high), _overlaps(alt, low, high)
        checkable = claim["check_kind"] != "not_checkable" and primary is not None
        verdict = "holds" if primary_ok or alt_ok else "fails"
        if not checkable:
            verdict = "not checkable"
        matching = {(True, True): "both", (True, False): "primary", (False, True): "alternative"}
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "claim_low": np.nan if low is None else low,
                "claim_high": np.nan if high is None else high,
                "recomputed_value": primary.value if primary else np.nan,
                "recomputed_low": primary.low if primary else np.nan,
                "recomputed_high": primary.high if primary else np.nan,
                "alt_value": alt.value if alt else np.nan,
                "alt_low": alt.low if alt else np.nan,
                "alt_high": alt.high if alt else np.nan,
                "matching_form": matching.get((primary_ok, alt_ok)),
                "holds_at_printed_values": (
                    None
                    if claim["check_kind"] == "not_checkable"
                    else (primary is not None and _holds_at(primary.value, low, high))
                    or (alt is not None and _holds_at(alt.value, low, high))
                ),
                "verdict": verdict,
                "detail": detail,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Reference analyses and the audit of the study.")
    parser.add_argument("--indicators")
    parser.add_argument("--observations")
    parser.add_argument("--regions")
    parser.add_argument("--scope", default="panel", choices=SCOPES)
    parser.add_argument("--zero-handling", default="zero", choices=ZERO_HANDLINGS)
    parser.add_argument("--epsilon", type=float, default=1e-4)
    parser.add_argument("--weights-source", default="entropy", choices=WEIGHT_SOURCES)
    parser.add_argument("--out", required=True, help="folder for one CSV per mart")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    audit().to_csv(out / "study_claims_audit.csv", index=False)
    if args.indicators and args.observations:
        variant = Variant(args.scope, args.zero_handling, args.epsilon, args.weights_source)
        inputs = reference.read_inputs(args.indicators, args.observations, args.regions)
        for name, frame in compute_analyses(*inputs, variant=variant).items():
            frame.to_csv(out / f"{name}.csv", index=False)


if __name__ == "__main__":
    main()
