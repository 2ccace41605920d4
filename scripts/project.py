"""Paths and settings shared by the harness: where the project is and where things go."""

from __future__ import annotations

import json
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DB_NAME = "warehouse.duckdb"
DEFAULT_OUTPUT_DIR = PROJECT_DIR / "output"

# dbt vars of the method and their defaults (the study's); dbt_project.yml holds the same.
METHOD_VARS: dict[str, object] = {
    "normalization_scope": "panel",
    "zero_handling": "zero",
    "epsilon": 0.0001,
    "weights_source": "entropy",
}
INPUT_VARS = ("indicators_file", "observations_file", "regions_file", "dimensions_file")


def input_vars(
    indicators: str | os.PathLike[str],
    observations: str | os.PathLike[str],
    regions: str | os.PathLike[str] | None = None,
    dimensions: str | os.PathLike[str] | None = None,
) -> dict[str, str]:
    """The dbt vars that name input files (regions and dimensions optional: the shipped seeds
    otherwise)."""
    paths = (indicators, observations, regions, dimensions)
    return {name: str(path) for name, path in zip(INPUT_VARS, paths, strict=True) if path}


def published_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The published DuckDB file: --db, else $WAREHOUSE_DB, else warehouse.duckdb in the project."""
    raw = explicit or os.environ.get("WAREHOUSE_DB") or str(PROJECT_DIR / DEFAULT_DB_NAME)
    path = Path(raw).expanduser()
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


def working_db_path(published: Path) -> Path:
    """The file dbt builds into, beside the published one so that the rename is atomic."""
    return published.with_name(published.name + ".building")


def dbt_build_args(target: str, folder: Path, dbt_vars: dict) -> list[str]:
    """`dbt build` on a profile target, this project, logs and artefacts under folder (the
    arguments after the dbt executable; the engine comparisons and engine_times share them)."""
    return [
        "build",
        "--target",
        target,
        "--profiles-dir",
        str(PROJECT_DIR),
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(folder / "target"),
        "--log-path",
        str(folder / "logs"),
        "--vars",
        json.dumps(dbt_vars),
    ]
