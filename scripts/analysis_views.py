"""How the report reads the analyses' marts, whose columns it does not fix.

The analyses (growth rates, disparity, obstacle degrees, coupling coordination, ...) land as
marts of their own. The report shows each one present in the published file; for the figures
it looks for the columns by name (``region_id``, ``year``, ``indicator_id``, a value column such
as ``obstacle_degree`` or ``coordination_degree``) and skips a figure, saying why, when it
cannot find them. Tables show every column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from pandas.api import types as ptypes

# The usual disparity measures, drawn when a wide disparity mart has them (others, such as the
# max/min ratio, are on another scale and stay in the table).
PREFERRED_DISPARITY = (
    "cv_population",
    "coefficient_of_variation",
    "cv",
    "theil_t",
    "theil",
    "gini",
    "leader_laggard_gap",
    "max_min_gap",
)
ID_LIKE = ("region_id", "year", "indicator_id", "dimension_id", "rank")
NOT_A_MEASURE = ("share", "count", "rank", "year", "_id", "order", "sample", "n_")


def text_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if not ptypes.is_numeric_dtype(frame[c]) and not ptypes.is_bool_dtype(frame[c])
    ]


def numeric_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if ptypes.is_numeric_dtype(frame[c])
        and not ptypes.is_bool_dtype(frame[c])
        and c not in ID_LIKE
    ]


def pick(columns: Sequence[str], exact: Sequence[str], contains: Sequence[str] = ()) -> str | None:
    lowered = {c.lower(): c for c in columns}
    for name in exact:
        if name.lower() in lowered:
            return lowered[name.lower()]
    for part in contains:
        for column in columns:
            if part in column.lower():
                return column
    return None


def measure_like(column: str) -> bool:
    lowered = column.lower()
    return not any(part in lowered for part in NOT_A_MEASURE)


@dataclass
class Series:
    """Long data for a line chart: year, series, value, with the series' labels."""

    frame: pd.DataFrame
    order: list[str]
    labels: dict[str, str]
    note: str = ""


def _narrow(frame: pd.DataFrame, keep: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """While the keys (year and keep) repeat, keep one value of each extra text column (e.g. a
    variant), preferring overall ones; columns that merely describe a row are left alone."""
    keys = [c for c in ("year", *keep) if c in frame.columns]
    notes = []
    for column in text_columns(frame):
        if column in keep:
            continue
        if not keys or not frame.duplicated(subset=keys).any():
            break
        values = [v for v in pd.unique(frame[column]) if v is not None and not pd.isna(v)]
        if len(values) <= 1:
            continue
        preferred = next(
            (
                v
                for v in values
                if str(v).lower() in {"composite", "all", "overall", "total", "default"}
            ),
            None,
        )
        if preferred is None and frame[column].isna().any():
            frame = frame[frame[column].isna()]
            notes.append(f"{column} empty")
            continue
        chosen = preferred if preferred is not None else values[0]
        frame = frame[frame[column] == chosen]
        notes.append(f"{column} = {chosen}")
    return frame, "; ".join(notes)


def disparity_series(frame: pd.DataFrame) -> Series | None:
    """The disparity measures by year: long (year, measure, value) or wide (one column each)."""
    if "year" not in frame.columns or frame.empty:
        return None
    measure = pick(
        text_columns(frame),
        ["measure", "metric", "statistic", "measure_id", "metric_id", "disparity_measure"],
        ["measure", "metric"],
    )
    value = pick(numeric_columns(frame), ["value", "disparity", "score"], ["value"])
    if measure and value:
        data, note = _narrow(frame, [measure])
        data = data[["year", measure, value]].rename(columns={measure: "series", value: "value"})
    else:
        data, note = _narrow(frame, [])
        columns = numeric_columns(data)
        measures = [c for c in PREFERRED_DISPARITY if c in columns]
        if not measures:
            measures = [
                c
                for c in columns
                if measure_like(c) and not c.endswith(("_score", "ratio")) and c != "score"
            ]
        if not measures:
            return None
        data = data.melt(id_vars=["year"], value_vars=measures, var_name="series")
    data = data.dropna(subset=["value"])
    data = data.groupby(["year", "series"], as_index=False)["value"].mean()
    order = [str(s) for s in pd.unique(data["series"])][:10]
    data["series"] = data["series"].astype(str)
    data = data[data["series"].isin(order)]
    labels = {s: s.replace("_", " ") for s in order}
    return Series(data, order, labels, note) if order else None


def region_series(
    frame: pd.DataFrame, exact: Sequence[str], contains: Sequence[str]
) -> tuple[Series, str] | None:
    """A value by region and year (e.g. coupling coordination degree D)."""
    if not {"region_id", "year"} <= set(frame.columns) or frame.empty:
        return None
    value = pick(numeric_columns(frame), exact, contains)
    if value is None:
        return None
    data, note = _narrow(frame, ["region_id"])
    data = data.groupby(["year", "region_id"], as_index=False)[value].mean()
    data = data.rename(columns={"region_id": "series", value: "value"})
    order = [str(s) for s in pd.unique(data["series"])]
    return Series(data, order, {}, note), value


@dataclass
class Matrix:
    values: pd.DataFrame  # index: regions, columns: indicators or dimensions
    column_kind: str  # "indicator_id" or "dimension_id"
    value_column: str
    year: int | None
    note: str = ""


def obstacle_matrix(frame: pd.DataFrame, year: int) -> Matrix | None:
    """Obstacle degrees of one year: regions × indicators (or dimensions)."""
    if "region_id" not in frame.columns or frame.empty:
        return None
    kind = next(
        (c for c in ("indicator_id", "dimension_id") if c in frame and frame[c].notna().any()),
        None,
    )
    if kind is None:
        return None
    data = frame[frame[kind].notna()]
    chosen_year = None
    if "year" in data.columns:
        years = sorted(int(y) for y in pd.unique(data["year"].dropna()))
        if not years:
            return None
        chosen_year = year if year in years else years[-1]
        data = data[data["year"] == chosen_year]
    value = pick(
        numeric_columns(data),
        ["obstacle_degree", "obstacle", "degree", "value"],
        ["obstacle", "degree"],
    )
    if value is None:
        measures = [c for c in numeric_columns(data) if measure_like(c)]
        if not measures:
            return None
        value = measures[-1]
    keep = ["region_id", kind] + (["dimension_id"] if kind == "indicator_id" else [])
    data, note = _narrow(data, keep)
    matrix = data.pivot_table(index="region_id", columns=kind, values=value, aggfunc="first")
    if matrix.empty:
        return None
    return Matrix(matrix, kind, value, chosen_year, note)


def verdict_column(frame: pd.DataFrame) -> str | None:
    return pick(text_columns(frame), ["verdict", "status", "outcome", "result"], ["verdict"])
