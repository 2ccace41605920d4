"""Deterministic synthetic region x year x indicator panels for tests and benchmarks.

    ./ewm generate --regions 3000 --years 30 --indicators 60 --format parquet --out DIR

Values are log-normal (magnitudes spread over orders of magnitude, skewed across regions) with
a per-series trend and noise. Missing cells: about `missing_share` of the grid; half of them are
absent rows, the other half rows with an empty value. Every (region, indicator) series keeps at
least one observed value, region 1 is observed in the first and last year of every indicator
(so the grid spans every generated year and no indicator is constant), and published_weight is
a positive weight vector whose 6-decimal values sum to exactly 1. Each region has a population
(a whole number from 50,000 to 1,046,000, a function of its number only).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet

PROVENANCE = "synthetic"
WEIGHT_UNITS = 1_000_000  # published weights are multiples of 1e-6


def _check_args(n_regions: int, n_years: int, n_indicators: int, missing_share: float) -> None:
    if n_regions < 1 or n_years < 1 or n_indicators < 1:
        raise ValueError("n_regions, n_years and n_indicators must be >= 1")
    if n_regions * n_years < 2:
        raise ValueError("need at least two region-years, or every indicator is constant")
    if not 0.0 <= missing_share < 1.0:
        raise ValueError("missing_share must be in [0, 1)")


def _regions(n_regions: int, n_groups: int, rng: np.random.Generator) -> pd.DataFrame:
    ids = np.array([f"r{i:04d}" for i in range(1, n_regions + 1)])
    frame = pd.DataFrame({"region_id": ids, "name_en": [f"Region {i[1:]}" for i in ids]})
    if n_groups > 0:
        groups = rng.permutation(np.arange(n_regions) % n_groups) + 1
        frame["group_id"] = [f"g{g}" for g in groups]
    # not drawn from rng, so that every other generated number stays as it was
    frame["population"] = [50_000 + 1_000 * ((i * 7_919) % 997) for i in range(1, n_regions + 1)]
    return frame


def _published_weights(n_indicators: int, rng: np.random.Generator) -> np.ndarray:
    raw = rng.dirichlet(np.full(n_indicators, 2.0))
    units = np.maximum(np.floor(raw * WEIGHT_UNITS).astype(np.int64), 1)
    units[np.argmax(units)] += WEIGHT_UNITS - units.sum()
    return units / WEIGHT_UNITS


def _indicators(
    n_indicators: int, n_dimensions: int, negative_share: float, rng: np.random.Generator
) -> pd.DataFrame:
    n_dims = max(1, min(n_dimensions, n_indicators))
    dims = np.arange(n_indicators) * n_dims // n_indicators + 1  # contiguous, none empty
    negative = np.zeros(n_indicators, dtype=bool)
    n_negative = round(negative_share * n_indicators)
    negative[rng.choice(n_indicators, size=n_negative, replace=False)] = True
    return pd.DataFrame(
        {
            "indicator_id": [f"k{i:03d}" for i in range(1, n_indicators + 1)],
            "dimension_id": [f"d{d}" for d in dims],
            "name_en": [f"Synthetic indicator {i}" for i in range(1, n_indicators + 1)],
            "direction": np.where(negative, "negative", "positive"),
            "published_weight": _published_weights(n_indicators, rng),
            "display_order": np.arange(1, n_indicators + 1),
        }
    )


def _values(n_regions: int, n_years: int, n_indicators: int, rng: np.random.Generator):
    """(R, T, K) positive log-normal values with a trend per series."""
    magnitude = rng.normal(3.0, 2.5, size=(1, 1, n_indicators))
    region_level = rng.normal(0.0, 0.7, size=(n_regions, 1, 1))
    series_level = rng.normal(0.0, 0.6, size=(n_regions, 1, n_indicators))
    trend = rng.normal(0.04, 0.04, size=(n_regions, 1, n_indicators))
    t = np.arange(n_years).reshape(1, -1, 1)
    noise = rng.normal(0.0, 0.08, size=(n_regions, n_years, n_indicators))
    return np.exp(magnitude + region_level + series_level + trend * t + noise)


def _missing(shape: tuple[int, int, int], share: float, rng: np.random.Generator) -> np.ndarray:
    """Missing mask: never a whole (region, indicator) series; region 1 observed at both ends."""
    n_years = shape[1]
    missing = rng.random(shape) < share
    empty_r, empty_k = np.nonzero(missing.all(axis=1))
    missing[empty_r, rng.integers(n_years, size=len(empty_r)), empty_k] = False
    missing[0, [0, n_years - 1], :] = False
    return missing


def generate_panel(
    n_regions: int,
    n_years: int,
    n_indicators: int,
    missing_share: float = 0.05,
    negative_share: float = 0.2,
    n_dimensions: int = 3,
    n_groups: int = 0,
    seed: int = 0,
    first_year: int = 2000,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(indicators, observations, regions) in the warehouse's input format."""
    _check_args(n_regions, n_years, n_indicators, missing_share)
    rng = np.random.default_rng(seed)
    regions = _regions(n_regions, n_groups, rng)
    indicators = _indicators(n_indicators, n_dimensions, negative_share, rng)
    values = _values(n_regions, n_years, n_indicators, rng)
    missing = _missing(values.shape, missing_share, rng)

    flat_missing = missing.reshape(-1)
    cell = np.arange(flat_missing.size)
    rows = np.flatnonzero(~flat_missing | (cell % 2 == 0))  # even missing cells: empty value
    cells_per_region = n_years * n_indicators
    observations = pd.DataFrame(
        {
            "region_id": regions["region_id"].to_numpy()[rows // cells_per_region],
            "year": first_year + (rows // n_indicators) % n_years,
            "indicator_id": indicators["indicator_id"].to_numpy()[rows % n_indicators],
            "value": np.where(flat_missing[rows], np.nan, values.reshape(-1)[rows]),
            "provenance": PROVENANCE,
        }
    )
    return indicators, observations, regions


def write_panel(
    frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    folder: str | Path,
    fmt: str = "csv",
) -> tuple[Path, Path, Path]:
    """Write indicators.<ext>, observations.<ext>, regions.<ext>; NaN values become empty/NULL."""
    if fmt not in ("csv", "parquet"):
        raise ValueError("fmt must be 'csv' or 'parquet'")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in zip(("indicators", "observations", "regions"), frames, strict=True):
        path = folder / f"{name}.{fmt}"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if fmt == "csv":
            pa_csv.write_csv(table, path)
        else:
            pa_parquet.write_table(table, path)
        paths.append(path)
    return paths[0], paths[1], paths[2]
