"""Helpers for the tests that build the warehouse: build into a temporary folder, read marts."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from scripts import panels
from scripts.build import BuildResult, run_build

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEEDS = PROJECT_DIR / "seeds" / "inputs"
SHARED_DIR = Path(os.environ.get("EWM_SHARED_DIR", PROJECT_DIR.parent / "shared"))

MARTS = (
    "indicator_weights",
    "dimension_weights",
    "indicator_values",
    "dimension_scores",
    "composite_scores",
)

KEYS = {
    "indicator_weights": ["indicator_id", "year"],
    "dimension_weights": ["dimension_id", "year"],
    "indicator_values": ["region_id", "year", "indicator_id"],
    "dimension_scores": ["region_id", "year", "dimension_id"],
    "composite_scores": ["region_id", "year"],
}


def build(folder: Path, dbt_vars: dict[str, object], publish: bool = True) -> BuildResult:
    """Build into folder/warehouse.duckdb with dbt's target and logs in folder/target."""
    folder.mkdir(parents=True, exist_ok=True)
    return run_build(
        folder / "warehouse.duckdb",
        dbt_vars,
        target_path=folder / "target",
        publish_result=publish,
    )


def build_ok(folder: Path, dbt_vars: dict[str, object]) -> Path:
    result = build(folder, dbt_vars)
    assert result.ok, "dbt build failed:\n" + "\n".join(result.errors) + "\n" + result.log[-3000:]
    return result.published


def read_marts(path: Path, names: tuple[str, ...] = MARTS) -> dict[str, pd.DataFrame]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return {name: connection.execute(f"select * from {name}").fetchdf() for name in names}
    finally:
        connection.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _key_frame(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = frame.copy()
    if "year" in keys:
        out["year"] = pd.to_numeric(out["year"]).astype("Float64").fillna(-1).astype("int64")
    for key in keys:
        if key != "year":
            out[key] = out[key].astype(str)
    return out.sort_values(keys).reset_index(drop=True)


def assert_frames_close(
    warehouse: pd.DataFrame,
    reference: pd.DataFrame,
    keys: list[str],
    columns: list[str],
    atol: float = 1e-12,
    rtol: float = 0.0,
    label: str = "",
) -> None:
    """Same keys on both sides, and each numeric column equal within atol + rtol*|ref|."""
    left = _key_frame(warehouse, keys)
    right = _key_frame(reference, keys)
    assert len(left) == len(right), (
        f"{label}: {len(left)} rows in the warehouse, {len(right)} in NumPy"
    )
    assert (left[keys].values == right[keys].values).all(), f"{label}: keys differ"
    for column in columns:
        a = left[column].astype("float64").to_numpy()
        b = right[column].astype("float64").to_numpy()
        assert np.array_equal(np.isnan(a), np.isnan(b)), f"{label}.{column}: nulls differ"
        mask = ~np.isnan(a)
        diff = np.abs(a[mask] - b[mask])
        bound = atol + rtol * np.abs(b[mask])
        worst = int(np.argmax(diff - bound)) if diff.size else 0
        assert (diff <= bound).all(), (
            f"{label}.{column}: max |diff| {diff.max():.3e} exceeds tolerance "
            f"(row {left[mask].iloc[worst][keys].to_dict()}: "
            f"{a[mask][worst]!r} vs {b[mask][worst]!r})"
        )


def engine_comparison_panel(folder: Path) -> tuple[dict[str, Path], dict]:
    """The generated Parquet panel (gaps, negative indicators, groups, named dimensions) and the
    variant (year scope, shift) on which the other engines are compared with DuckDB: the input
    files by input name (indicators, observations, regions, dimensions) and the dbt vars."""
    frames = panels.generate_panel(
        n_regions=10,
        n_years=6,
        n_indicators=7,
        missing_share=0.1,
        negative_share=0.3,
        n_groups=2,
        seed=5,
    )
    indicators, observations, regions = panels.write_panel(frames, folder, fmt="parquet")
    dimensions = folder / "dimensions.parquet"
    named_dimensions(sorted(frames[0]["dimension_id"].unique())).to_parquet(dimensions)
    files = {
        "indicators": indicators,
        "observations": observations,
        "regions": regions,
        "dimensions": dimensions,
    }
    dbt_vars = {
        **{f"{name}_file": str(path) for name, path in files.items()},
        "normalization_scope": "year",
        "zero_handling": "shift",
    }
    return files, dbt_vars


def named_dimensions(dimension_ids: list[str]) -> pd.DataFrame:
    """A dimensions input for generated panels: English and Chinese names, order backwards
    (so that it cannot be the order of the ids by chance)."""
    return pd.DataFrame(
        {
            "dimension_id": dimension_ids,
            "name_en": [f"Dimension {d}" for d in dimension_ids],
            "name_zh": [f"维度 {d}" for d in dimension_ids],
            "display_order": list(range(len(dimension_ids), 0, -1)),
        }
    )
