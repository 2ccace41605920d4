"""Independent NumPy reference implementation of the entropy-weight composite index.

The SQL marts are compared with this module to 1e-12, so it follows the same contract
(study.md section 3.2 plus the warehouse's variants) without sharing any code with them.
It never imports duckdb.

Arrays are laid out (indicator, year, region) so that every reduction over a scope's samples
runs over contiguous memory and np.add.reduce uses pairwise summation.

Degenerate data never raises; it propagates like SQL NULLs:
- a (region, indicator) series without any observed value stays missing (value NaN,
  provenance None, is_imputed False);
- Z is NaN where max == min over the scope (``/ nullif(max - min, 0)``); for a centred
  indicator where max |x - t| == 0; for an interval one only outside [a, b] with M == 0;
- P is NaN where the scope's sum of v is 0; E is NaN where the scope has a single sample;
- sums skip NaN cells and are NaN only when every cell is NaN (SQL ``sum``);
- NaN composite scores rank after all others, sharing one rank (SQL ``rank()`` with NULLS LAST).
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute

from scripts.variant import SCOPES, WEIGHT_SOURCES, ZERO_HANDLINGS, Variant

DIRECTIONS = ("positive", "negative", "centred", "interval")
MIN_MAX_DIRECTIONS = ("positive", "negative")
# optional indicator columns: the parameters of the centred and interval types
PARAMETERS = {"target_value": "centred", "lower_bound": "interval", "upper_bound": "interval"}
REAL_PROVENANCE = frozenset({"reported", "derived", "proxy"})
IMPUTED = "imputed"
UNSPECIFIED = "unspecified"
ID_PATTERN = re.compile(r"[A-Za-z0-9_]{1,64}")
NULL_TOKENS = frozenset({"", "nan", "na", "n/a", "null", "none"})


@dataclass(frozen=True)
class Grid:
    """The region x year x indicator grid; cell arrays are shaped (K, T, R)."""

    region_ids: np.ndarray
    years: np.ndarray
    indicator_ids: np.ndarray
    dimension_ids: np.ndarray  # per indicator
    negative: np.ndarray  # bool per indicator
    published_weight: np.ndarray  # float per indicator
    direction: np.ndarray  # text per indicator: positive | negative | centred | interval
    target_value: np.ndarray  # float per indicator, NaN unless centred
    lower_bound: np.ndarray  # float per indicator, NaN unless interval
    upper_bound: np.ndarray  # float per indicator, NaN unless interval
    values: np.ndarray  # observed values, NaN = missing
    provenance: np.ndarray  # int codes into provenance_labels, -1 = missing
    provenance_labels: tuple[str, ...]

    @property
    def shape(self) -> tuple[int, int, int]:
        return (len(self.indicator_ids), len(self.years), len(self.region_ids))


# --------------------------------------------------------------------------- input handling


def _to_float(series: pd.Series) -> pd.Series:
    """Numeric column; empty strings and NULL-like tokens become NaN, other text raises.

    Text is parsed by Arrow (correctly rounded, like DuckDB's CSV reader).
    """
    if pd.api.types.is_numeric_dtype(series):
        return series.astype("float64")
    text = pa.array(series.astype("string"), type=pa.string(), from_pandas=True)
    text = pa_compute.utf8_trim_whitespace(text)
    null = pa_compute.is_in(pa_compute.utf8_lower(text), value_set=pa.array(sorted(NULL_TOKENS)))
    text = pa_compute.if_else(null, pa.scalar(None, pa.string()), text)
    values = pa_compute.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
    return pd.Series(values, index=series.index, dtype="float64")


def _to_text(series: pd.Series) -> pd.Series:
    """Stripped text as an object column; missing values become None."""
    codes, uniques = pd.factorize(series)  # missing -> -1 -> None below
    labels = np.array([*(str(u).strip() for u in uniques), None], dtype=object)
    return pd.Series(labels[codes], index=series.index, dtype=object)


def prepare_indicators(indicators: pd.DataFrame) -> pd.DataFrame:
    """indicator_id, dimension_id, direction, published_weight, target_value, lower_bound,
    upper_bound (floats; each parameter NaN unless the direction uses it), one row per indicator.
    """
    out = pd.DataFrame(
        {
            "indicator_id": _to_text(indicators["indicator_id"]),
            "dimension_id": _to_text(indicators["dimension_id"]),
            "direction": _to_text(indicators["direction"]).str.lower(),
        }
    )
    if "published_weight" in indicators.columns:
        out["published_weight"] = _to_float(indicators["published_weight"]).to_numpy()
    else:
        out["published_weight"] = np.nan
    for column, direction in PARAMETERS.items():
        given = (
            _to_float(indicators[column]).to_numpy()
            if column in indicators.columns
            else np.full(len(out), np.nan)
        )
        out[column] = np.where(out["direction"] == direction, given, np.nan)
    return out.drop_duplicates("indicator_id").reset_index(drop=True)


def prepare_observations(observations: pd.DataFrame) -> pd.DataFrame:
    """region_id, indicator_id, year (float), value (float), provenance (text)."""
    out = pd.DataFrame(
        {
            "region_id": _to_text(observations["region_id"]),
            "indicator_id": _to_text(observations["indicator_id"]),
            "year": _to_float(observations["year"]).to_numpy(),
            "value": _to_float(observations["value"]).to_numpy(),
        }
    )
    if "provenance" in observations.columns:
        provenance = _to_text(observations["provenance"])
        out["provenance"] = provenance.where(provenance.fillna("") != "", UNSPECIFIED)
    else:
        out["provenance"] = UNSPECIFIED
    return out


def _read_table(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return pd.read_parquet(path)
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow")
    raise ValueError(f"{path}: expected a .csv or .parquet file")


def read_inputs(
    indicators_path: str | Path,
    observations_path: str | Path,
    regions_path: str | Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Read the warehouse's input files (CSV or Parquet, by extension) with typed key columns."""
    indicators = _read_table(indicators_path)
    if "published_weight" in indicators.columns:
        indicators["published_weight"] = _to_float(indicators["published_weight"])
    observations = _read_table(observations_path)
    observations["value"] = _to_float(observations["value"])
    years = _to_float(observations["year"])
    if years.isna().any() or not np.all(np.mod(years, 1) == 0):
        raise ValueError(f"{observations_path}: every year must be an integer")
    observations["year"] = years.astype("int64")
    regions = None if regions_path is None else _read_table(regions_path)
    return indicators, observations, regions


def check_inputs(
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    regions: pd.DataFrame | None = None,
) -> list[str]:
    """Problems compute() tolerates silently but a caller probably wants to know about."""
    problems = []
    ind = prepare_indicators(indicators)
    obs = prepare_observations(observations)
    for name, ids in (
        ("indicator_id", ind["indicator_id"]),
        ("dimension_id", ind["dimension_id"]),
        ("region_id", obs["region_id"]),
    ):
        bad = sorted({str(i) for i in set(ids) if i is None or not ID_PATTERN.fullmatch(i)})
        if bad:
            problems.append(f"invalid {name}: {bad[:5]}")
    if len(ind) != len(indicators):
        problems.append("duplicate indicator_id rows")
    bad_dir = sorted(set(ind["direction"].dropna()) - set(DIRECTIONS))
    if bad_dir or ind["direction"].isna().any():
        problems.append(f"direction must be one of {'|'.join(DIRECTIONS)}, got {bad_dir}")
    centred = ind[ind["direction"] == "centred"]
    no_target = centred.loc[~np.isfinite(centred["target_value"]), "indicator_id"]
    if len(no_target):
        problems.append(f"centred indicators without a numeric target_value: {list(no_target)}")
    interval = ind[ind["direction"] == "interval"]
    lower, upper = interval["lower_bound"], interval["upper_bound"]
    bad = ~(np.isfinite(lower) & np.isfinite(upper) & (lower <= upper))
    if bad.any():
        problems.append(
            f"interval indicators without numeric lower_bound <= upper_bound: "
            f"{list(interval.loc[bad, 'indicator_id'])}"
        )
    unknown = sorted(set(obs["indicator_id"]) - set(ind["indicator_id"]))
    if unknown:
        problems.append(f"observations for unknown indicators: {unknown[:5]}")
    if regions is not None:
        unknown = sorted(set(obs["region_id"]) - set(_to_text(regions["region_id"])))
        if unknown:
            problems.append(f"observations for unknown regions: {unknown[:5]}")
    with_value = obs[obs["value"].notna()]
    if with_value.duplicated(["region_id", "year", "indicator_id"]).any():
        problems.append("duplicate (region_id, year, indicator_id) observations with a value")
    if (np.mod(obs["year"].dropna(), 1) != 0).any() or obs["year"].isna().any():
        problems.append("non-integer or missing years")
    weights = ind["published_weight"]
    if weights.notna().any() and abs(weights.sum() - 1.0) > 1e-6:
        problems.append(f"published weights sum to {weights.sum():.6f}, not 1")
    if len(with_value):
        grid = build_grid(indicators, observations, regions)
        observed = ~np.isnan(grid.values)
        empty = ~observed.any(axis=1)
        if empty.any():
            k, r = np.nonzero(empty)
            pairs = list(zip(grid.region_ids[r], grid.indicator_ids[k], strict=True))
            problems.append(f"series without any value (region, indicator): {pairs[:5]}")
        filled, _ = interpolate(grid.values, grid.years)
        flat = filled.reshape(filled.shape[0], -1)
        constant = np.fmax.reduce(flat, axis=1) == np.fmin.reduce(flat, axis=1)
        if constant.any():
            problems.append(f"constant indicators: {list(grid.indicator_ids[constant])[:5]}")
    return problems


# --------------------------------------------------------------------------- grid


def _grid_years(years: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Every integer year from the min to the max year of the rows that have a value."""
    with_value = years[~np.isnan(values) & ~np.isnan(years)]
    if with_value.size == 0:
        return np.array([], dtype=np.int64)
    return np.arange(int(with_value.min()), int(with_value.max()) + 1, dtype=np.int64)


def _text_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, stripped labels); code -1 = missing. Factorizes first: fast on big columns."""
    codes, uniques = pd.factorize(series)
    return codes, np.array([str(u).strip() for u in uniques], dtype=object)


def _positions(series: pd.Series, ids: np.ndarray) -> np.ndarray:
    """Position of each row's id in ids; -1 for missing or unknown ids."""
    codes, labels = _text_codes(series)
    found = np.append(pd.Index(ids).get_indexer(labels), -1)  # code -1 -> -1
    return found[codes]


def _provenance_codes(observations: pd.DataFrame) -> tuple[tuple[str, ...], np.ndarray]:
    """Provenance labels (ending with 'imputed') and one code per row; empty -> unspecified."""
    if "provenance" not in observations.columns:
        return (UNSPECIFIED, IMPUTED), np.zeros(len(observations), dtype=np.int32)
    codes, labels = _text_codes(observations["provenance"])
    labels = np.append(np.where(labels == "", UNSPECIFIED, labels), UNSPECIFIED).astype(object)
    label_codes, merged = pd.factorize(labels)  # ' reported' and 'reported' become one label
    merged = tuple(str(m) for m in merged)
    if IMPUTED not in merged:
        merged = (*merged, IMPUTED)
    return merged, label_codes[codes].astype(np.int32)


def build_grid(
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    regions: pd.DataFrame | None = None,
) -> Grid:
    """Place the observations on the regions x years x indicators grid (arrays shaped K, T, R).

    Observations of unknown regions or indicators are ignored; rows with a NaN value are the
    same as absent rows; if a cell is given twice, the last row with a value wins.
    """
    ind = prepare_indicators(indicators)
    source = observations["region_id"] if regions is None else regions["region_id"]
    region_ids = pd.unique(_text_codes(source)[1]).astype(object)  # first-appearance order
    value = _to_float(observations["value"]).to_numpy()
    year = _to_float(observations["year"]).to_numpy()
    years = _grid_years(year, value)
    indicator_ids = ind["indicator_id"].to_numpy(dtype=object)
    shape = (len(indicator_ids), len(years), len(region_ids))

    k = _positions(observations["indicator_id"], indicator_ids)
    r = _positions(observations["region_id"], region_ids)
    keep = (k >= 0) & (r >= 0) & ~np.isnan(value) & ~np.isnan(year)
    t = year[keep].astype(np.int64) - (years[0] if len(years) else 0)
    labels, codes = _provenance_codes(observations)

    values = np.full(shape, np.nan)
    provenance = np.full(shape, -1, dtype=np.int32)
    values[k[keep], t, r[keep]] = value[keep]
    provenance[k[keep], t, r[keep]] = codes[keep]
    return Grid(
        region_ids=region_ids,
        years=years,
        indicator_ids=indicator_ids,
        dimension_ids=ind["dimension_id"].to_numpy(dtype=object),
        negative=(ind["direction"] == "negative").to_numpy(),
        published_weight=ind["published_weight"].to_numpy(dtype=np.float64),
        direction=ind["direction"].to_numpy(dtype=object),
        target_value=ind["target_value"].to_numpy(dtype=np.float64),
        lower_bound=ind["lower_bound"].to_numpy(dtype=np.float64),
        upper_bound=ind["upper_bound"].to_numpy(dtype=np.float64),
        values=values,
        provenance=provenance,
        provenance_labels=labels,
    )


# --------------------------------------------------------------------------- the method


def interpolate(values: np.ndarray, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fill each (indicator, region) series along the year axis (axis 1).

    Inside: v0 + (v1 - v0) * (y - y0) / (y1 - y0); before the first / after the last observed
    year: the nearest observed value. Returns (filled values, imputed mask).
    """
    n_years = values.shape[1]
    observed = ~np.isnan(values)
    position = np.arange(n_years).reshape(1, -1, 1)
    prev = np.maximum.accumulate(np.where(observed, position, -1), axis=1)
    nxt = np.minimum.accumulate(np.where(observed, position, n_years)[:, ::-1], axis=1)[:, ::-1]
    has_prev, has_next = prev >= 0, nxt < n_years
    prev_i, next_i = np.clip(prev, 0, n_years - 1), np.clip(nxt, 0, n_years - 1)
    v0 = np.take_along_axis(values, prev_i, axis=1)
    v1 = np.take_along_axis(values, next_i, axis=1)
    y = years.astype(np.float64)
    y0, y1, yy = y[prev_i], y[next_i], y.reshape(1, -1, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        inside = v0 + (v1 - v0) * (yy - y0) / (y1 - y0)
    filled = np.where(has_prev & has_next, inside, np.where(has_prev, v0, v1))
    filled = np.where(observed, values, np.where(has_prev | has_next, filled, np.nan))
    return filled, ~observed & (has_prev | has_next)


def _over_scope(ufunc: np.ufunc, a: np.ndarray, scope: str) -> np.ndarray:
    """Reduce over the scope's samples: panel -> shape (K, 1, 1); year -> (K, T, 1)."""
    if scope == "panel":
        return ufunc.reduce(a.reshape(a.shape[0], -1), axis=1).reshape(-1, 1, 1)
    return ufunc.reduce(a, axis=2, keepdims=True)


def _null_sum(a: np.ndarray, present: np.ndarray, reduce) -> np.ndarray:
    """SQL sum: skip cells that are not present; NaN where none is present."""
    total = reduce(np.add, np.where(present, a, 0.0))
    return np.where(reduce(np.logical_or, present), total, np.nan)


def scope_sum(a: np.ndarray, scope: str, present: np.ndarray | None = None) -> np.ndarray:
    present = ~np.isnan(a) if present is None else present
    return _null_sum(a, present, lambda u, x: _over_scope(u, x, scope))


def axis_sum(a: np.ndarray, axis: int) -> np.ndarray:
    return _null_sum(a, ~np.isnan(a), lambda u, x: u.reduce(x, axis=axis, keepdims=True))


def normalize(
    x: np.ndarray,
    negative: np.ndarray,
    scope: str,
    direction: np.ndarray | None = None,
    target_value: np.ndarray | None = None,
    lower_bound: np.ndarray | None = None,
    upper_bound: np.ndarray | None = None,
) -> np.ndarray:
    """Z over the scope, per indicator type (arrays per indicator; direction None = min-max only).

    positive / negative: min-max with direction, NaN where max == min.
    centred (target t): 1 - |x - t| / max |x - t|, NaN where that max is 0.
    interval [a, b]: 1 inside; 1 - (a - x) / M below, 1 - (x - b) / M above,
    M = max(a - min x, max x - b) (mathmodels' rescale_middle and rescale_interval).
    """
    lo, hi = _over_scope(np.fmin, x, scope), _over_scope(np.fmax, x, scope)
    span = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(negative.reshape(-1, 1, 1), (hi - x) / span, (x - lo) / span)
    z = np.where(span > 0, z, np.nan)
    if direction is None:
        return z
    kind = np.asarray(direction, dtype=object).reshape(-1, 1, 1)
    t, a, b = (
        np.asarray(p, dtype=np.float64).reshape(-1, 1, 1)
        for p in (target_value, lower_bound, upper_bound)
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        deviation = np.abs(x - t)
        widest = _over_scope(np.fmax, deviation, scope)
        centred = np.where(widest != 0, 1.0 - deviation / widest, np.nan)
        m = np.fmax(a - lo, hi - b)
        below = 1.0 - (a - x) / np.where(m != 0, m, np.nan)
        above = 1.0 - (x - b) / np.where(m != 0, m, np.nan)
        interval = np.where(x < a, below, np.where(x > b, above, 1.0))
    interval = np.where(np.isnan(x), np.nan, interval)
    z = np.where(kind == "centred", centred, z)
    return np.where(kind == "interval", interval, z)


def entropy_inputs(
    x: np.ndarray,
    z: np.ndarray,
    zero_handling: str,
    epsilon: float,
    min_max: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(v entering P and the entropy, X entering the scores).

    min_max: bool per indicator, False for centred / interval indicators (None = all True).
    Under rescale those keep Z as it is, except an exact 0 -> epsilon and an exact 1 ->
    1 - epsilon (mathmodels, for its already-normalised columns).
    """
    if zero_handling == "zero":
        return z, z
    if zero_handling == "shift":
        shifted = z + epsilon
        return shifted, shifted
    if zero_handling == "rescale":
        rescaled = epsilon + (1.0 - 2.0 * epsilon) * z
        if min_max is not None:
            ideal = np.where(z == 0, epsilon, np.where(z == 1, 1.0 - epsilon, z))
            rescaled = np.where(np.asarray(min_max).reshape(-1, 1, 1), rescaled, ideal)
        return rescaled, rescaled
    if zero_handling == "none":
        return x, z
    raise ValueError(f"zero_handling={zero_handling!r}")


def proportions(v: np.ndarray, scope: str) -> np.ndarray:
    total = scope_sum(v, scope)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total != 0, v / total, np.nan)


def entropy(p: np.ndarray, n_samples: int, scope: str) -> np.ndarray:
    """E = -(1/ln n) sum P ln P; P = 0 contributes 0; NaN (NULL) P cells are skipped."""
    present = ~np.isnan(p)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(p == 0, 0.0, p * np.log(p))
        total = scope_sum(terms, scope, present)
        k = 1.0 / np.log(n_samples) if n_samples > 1 else np.nan
        return -k * total


def entropy_weights(divergence: np.ndarray) -> np.ndarray:
    """divergence / sum of divergence over the indicators (axis 0)."""
    total = axis_sum(divergence, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total != 0, divergence / total, np.nan)


def dimension_sums(a: np.ndarray, dimension_ids: np.ndarray, dimensions: list) -> np.ndarray:
    """SQL-style sum of a (K, ...) array over each dimension's indicators -> (D, ...)."""
    parts = [axis_sum(a[dimension_ids == d], axis=0) for d in dimensions]
    return np.concatenate(parts, axis=0)


def sql_rank_desc(scores: pd.Series, by: pd.Series) -> np.ndarray:
    """rank() over (partition by `by` order by score desc nulls last)."""
    ranks = scores.groupby(by).rank(method="min", ascending=False, na_option="bottom")
    return ranks.to_numpy(dtype=np.int64)


# --------------------------------------------------------------------------- assembly


@dataclass(frozen=True)
class _Arrays:
    filled: np.ndarray
    imputed: np.ndarray
    z: np.ndarray
    x_score: np.ndarray
    p: np.ndarray
    entropy: np.ndarray
    weight: np.ndarray


def _method(grid: Grid, variant: Variant) -> _Arrays:
    _, n_t, n_r = grid.shape
    filled, imputed = interpolate(grid.values, grid.years)
    z = normalize(
        filled,
        grid.negative,
        variant.scope,
        grid.direction,
        grid.target_value,
        grid.lower_bound,
        grid.upper_bound,
    )
    min_max = np.isin(grid.direction, MIN_MAX_DIRECTIONS)
    v, x_score = entropy_inputs(filled, z, variant.zero_handling, variant.epsilon, min_max)
    p = proportions(v, variant.scope)
    n_samples = n_r * n_t if variant.scope == "panel" else n_r
    e = entropy(p, n_samples, variant.scope)
    if variant.weights_source == "published":
        weight = np.broadcast_to(grid.published_weight.reshape(-1, 1, 1), e.shape).copy()
    else:
        weight = entropy_weights(1.0 - e)
    return _Arrays(filled, imputed, z, x_score, p, e, weight)


def _cells(a: np.ndarray) -> np.ndarray:
    """(K, T, R) -> flat in region, year, indicator order."""
    return np.transpose(a, (2, 1, 0)).reshape(-1)


def _indicator_values(grid: Grid, arr: _Arrays) -> pd.DataFrame:
    n_k, n_t, n_r = grid.shape
    codes = np.where(arr.imputed, grid.provenance_labels.index(IMPUTED), grid.provenance)
    labels = np.array([*grid.provenance_labels, None], dtype=object)  # code -1 -> None
    return pd.DataFrame(
        {
            "region_id": np.repeat(grid.region_ids, n_t * n_k),
            "year": np.tile(np.repeat(grid.years, n_k), n_r),
            "indicator_id": np.tile(grid.indicator_ids, n_r * n_t),
            "value": _cells(arr.filled),
            "provenance": labels[_cells(codes)],
            "is_imputed": _cells(arr.imputed),
            "normalized_value": _cells(arr.z),
            "score_value": _cells(arr.x_score),
            "proportion": _cells(arr.p),
        }
    )


def _weight_years(grid: Grid, scope: str) -> pd.array:
    if scope == "panel":
        return pd.array([pd.NA], dtype="Int64")
    return pd.array(grid.years, dtype="Int64")


def _indicator_weights(grid: Grid, arr: _Arrays, variant: Variant) -> pd.DataFrame:
    years = _weight_years(grid, variant.scope)
    n_k, n_y = len(grid.indicator_ids), len(years)
    e = arr.entropy.reshape(n_k, n_y)
    w = arr.weight.reshape(n_k, n_y)
    return pd.DataFrame(
        {
            "indicator_id": np.tile(grid.indicator_ids, n_y),
            "dimension_id": np.tile(grid.dimension_ids, n_y),
            "year": years[np.repeat(np.arange(n_y), n_k)],
            "entropy": e.T.reshape(-1),
            "divergence": (1.0 - e).T.reshape(-1),
            "weight": w.T.reshape(-1),
            "weights_source": variant.weights_source,
        }
    )


def _dimension_weights(grid: Grid, arr: _Arrays, variant: Variant, dims: list) -> pd.DataFrame:
    years = _weight_years(grid, variant.scope)
    dw = dimension_sums(arr.weight, grid.dimension_ids, dims).reshape(len(dims), len(years))
    return pd.DataFrame(
        {
            "dimension_id": np.repeat(np.array(dims, dtype=object), len(years)),
            "year": years[np.tile(np.arange(len(years)), len(dims))],
            "weight": dw.reshape(-1),
        }
    )


def _scores(grid: Grid, arr: _Arrays, dims: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_k, n_t, n_r = grid.shape
    n_d = len(dims)
    dim_scores = dimension_sums(arr.weight * arr.x_score, grid.dimension_ids, dims)  # (D, T, R)
    composite = axis_sum(dim_scores, axis=0)[0]  # (T, R)
    dimension_scores = pd.DataFrame(
        {
            "region_id": np.repeat(grid.region_ids, n_t * n_d),
            "year": np.tile(np.repeat(grid.years, n_d), n_r),
            "dimension_id": np.tile(np.array(dims, dtype=object), n_r * n_t),
            "score": _cells(dim_scores),
        }
    )
    real = np.isin(np.array(grid.provenance_labels, dtype=object), list(REAL_PROVENANCE))
    is_real = np.where(grid.provenance >= 0, real[grid.provenance], False) & ~arr.imputed
    composite_scores = pd.DataFrame(
        {
            "region_id": np.repeat(grid.region_ids, n_t),
            "year": np.tile(grid.years, n_r),
            "score": composite.T.reshape(-1),
            "real_input_share": (is_real.sum(axis=0) / max(n_k, 1)).T.reshape(-1),
        }
    )
    composite_scores.insert(
        3, "rank", sql_rank_desc(composite_scores["score"], composite_scores["year"])
    )
    return dimension_scores, composite_scores


COLUMNS = {
    "indicator_values": [
        "region_id",
        "year",
        "indicator_id",
        "value",
        "provenance",
        "is_imputed",
        "normalized_value",
        "score_value",
        "proportion",
    ],
    "indicator_weights": [
        "indicator_id",
        "dimension_id",
        "year",
        "entropy",
        "divergence",
        "weight",
        "weights_source",
    ],
    "dimension_weights": ["dimension_id", "year", "weight"],
    "dimension_scores": ["region_id", "year", "dimension_id", "score"],
    "composite_scores": ["region_id", "year", "score", "rank", "real_input_share"],
}


def compute(
    indicators: pd.DataFrame,
    observations: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    variant: Variant | None = None,
) -> dict[str, pd.DataFrame]:
    """Run the whole method (the study's variant unless told); returns the five marts keyed by
    name (see COLUMNS)."""
    variant = Variant() if variant is None else variant
    grid = build_grid(indicators, observations, regions)
    if 0 in grid.shape:
        return {name: pd.DataFrame(columns=cols) for name, cols in COLUMNS.items()}
    arr = _method(grid, variant)
    dims = list(pd.unique(grid.dimension_ids))
    dimension_scores, composite_scores = _scores(grid, arr, dims)
    return {
        "indicator_values": _indicator_values(grid, arr),
        "indicator_weights": _indicator_weights(grid, arr, variant),
        "dimension_weights": _dimension_weights(grid, arr, variant, dims),
        "dimension_scores": dimension_scores,
        "composite_scores": composite_scores,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Reference entropy-weight computation.")
    parser.add_argument("--indicators", required=True)
    parser.add_argument("--observations", required=True)
    parser.add_argument("--regions")
    parser.add_argument("--scope", default="panel", choices=SCOPES)
    parser.add_argument("--zero-handling", default="zero", choices=ZERO_HANDLINGS)
    parser.add_argument("--epsilon", type=float, default=1e-4)
    parser.add_argument("--weights-source", default="entropy", choices=WEIGHT_SOURCES)
    parser.add_argument("--out", required=True, help="folder for one CSV per mart")
    args = parser.parse_args(argv)
    variant = Variant(args.scope, args.zero_handling, args.epsilon, args.weights_source)
    frames = compute(*read_inputs(args.indicators, args.observations, args.regions), variant)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(out / f"{name}.csv", index=False)


if __name__ == "__main__":
    main()
