"""What the report and the exports share: reading the published file, user errors, names.

Everything here reads the published DuckDB file read-only, so it runs while BI tools have the
file open and while a rebuild is publishing a new one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from scripts import tables
from scripts.project import PROJECT_DIR

# The analyses issue's marts: the report shows each one that the published file has.
ANALYSIS_MARTS = (
    "growth_rates",
    "disparity_by_year",
    "region_standing",
    "obstacle_degrees",
    "topsis_scores",
    "coupling_coordination",
    "sensitivity",
    "study_claims_audit",
)


# The warehouse core's marts (README, "The marts"); every other mart is an analysis.
CORE_MARTS = (
    "indicator_weights",
    "dimension_weights",
    "indicator_values",
    "dimension_scores",
    "composite_scores",
    "published_comparison",
    "build_metadata",
)


class UserError(Exception):
    """A problem with the command's arguments or environment: one line, exit 1."""


def open_published(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        return tables.open_read_only(path)
    except FileNotFoundError as error:
        raise UserError(str(error)) from None
    except duckdb.Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UserError(f"cannot open the published warehouse {path}: {first}") from None


def writable_folder(path: Path) -> Path:
    """Create the folder if needed and check that files can be written in it."""
    folder = Path(path).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".ewm-probe-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError(f"cannot write to the output folder {folder}: {reason}") from None
    return folder.resolve()


def relations(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = 'main'"
    ).fetchall()
    return {row[0] for row in rows}


def mart_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts of the project (models/marts/*.sql) that the published file has, by name."""
    declared = {path.stem for path in (PROJECT_DIR / "models" / "marts").rglob("*.sql")}
    declared |= set(ANALYSIS_MARTS) | set(CORE_MARTS)
    return sorted(declared & relations(connection))


def analysis_mart_names(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The analyses' marts in the published file: the known ones first, in their order."""
    present = [name for name in mart_names(connection) if name not in CORE_MARTS]
    known = [name for name in ANALYSIS_MARTS if name in present]
    return known + sorted(name for name in present if name not in ANALYSIS_MARTS)


def regions_frame(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = connection.execute(
        "select region_id, name_en, name_zh from stg_regions order by region_id"
    ).fetchdf()
    frame["name_en"] = [
        name if isinstance(name, str) and name else region
        for region, name in zip(frame["region_id"], frame["name_en"], strict=True)
    ]
    frame["name_zh"] = [name if isinstance(name, str) else "" for name in frame["name_zh"]]
    return frame


def dimensions_frame(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = connection.execute(
        """
        select d.dimension_id, any_value(d.dimension_name_en) as name_en,
               any_value(d.dimension_name_zh) as name_zh,
               any_value(d.display_order) as display_order
        from dimension_weights as d
        group by d.dimension_id
        order by display_order nulls last, dimension_id
        """
    ).fetchdf()
    frame["name_en"] = [
        name if isinstance(name, str) and name else dimension
        for dimension, name in zip(frame["dimension_id"], frame["name_en"], strict=True)
    ]
    frame["name_zh"] = [name if isinstance(name, str) else "" for name in frame["name_zh"]]
    return frame


def indicators_frame(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = connection.execute(
        """
        select indicator_id, any_value(dimension_id) as dimension_id,
               any_value(indicator_name_en) as name_en, any_value(indicator_name_zh) as name_zh,
               any_value(display_order) as display_order
        from indicator_weights
        group by indicator_id
        order by display_order nulls last, indicator_id
        """
    ).fetchdf()
    frame["name_en"] = [
        name if isinstance(name, str) and name else indicator
        for indicator, name in zip(frame["indicator_id"], frame["name_en"], strict=True)
    ]
    frame["name_zh"] = [name if isinstance(name, str) else "" for name in frame["name_zh"]]
    return frame


def parse_regions(text: str | None, regions: pd.DataFrame) -> list[str] | None:
    """--regions r1,r2: region ids (or English names), case-insensitive; None for all."""
    if text is None:
        return None
    by_key: dict[str, str] = {}
    for region, name in zip(regions["region_id"], regions["name_en"], strict=True):
        by_key[str(region).lower()] = region
        by_key.setdefault(str(name).lower(), region)
    chosen: list[str] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        region = by_key.get(part.lower())
        if region is None:
            known = ", ".join(regions["region_id"])
            raise UserError(f"--regions: unknown region '{part}' (known: {known})")
        if region not in chosen:
            chosen.append(region)
    if not chosen:
        raise UserError("--regions: no region given")
    return chosen
