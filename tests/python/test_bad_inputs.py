"""Bad input stops the build with a message that names the offending ids or rows and says
what to do, and the published file's bytes stay as they were."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from support import PROJECT_DIR, build, sha256

INDICATORS = [
    {
        "indicator_id": "k1",
        "dimension_id": "d1",
        "direction": "positive",
        "published_weight": "0.5",
    },
    {
        "indicator_id": "k2",
        "dimension_id": "d1",
        "direction": "negative",
        "published_weight": "0.3",
    },
    {
        "indicator_id": "k3",
        "dimension_id": "d2",
        "direction": "positive",
        "published_weight": "0.2",
    },
]
REGIONS = [{"region_id": r} for r in ("r1", "r2", "r3")]
# names d1 only (the indicators' d2 keeps its id as name); no indicator names d9
DIMENSIONS = [
    {
        "dimension_id": "d1",
        "name_en": "First dimension",
        "name_zh": "第一维度",
        "display_order": "2",
    },
    {
        "dimension_id": "d9",
        "name_en": "Unused dimension",
        "name_zh": "未用维度",
        "display_order": "1",
    },
]
YEARS = (2001, 2002, 2003, 2004)


def observation_rows() -> list[dict[str, str]]:
    rows = []
    for k, indicator in enumerate(INDICATORS):
        for r, region in enumerate(REGIONS):
            for y, year in enumerate(YEARS):
                value = 1.0 + k * 10 + r * 3.5 + y * (1.25 + r) + (r * y) % 3
                rows.append(
                    {
                        "region_id": region["region_id"],
                        "year": str(year),
                        "indicator_id": indicator["indicator_id"],
                        "value": repr(value),
                        "provenance": "synthetic",
                    }
                )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def input_vars(
    folder: Path, indicators=None, observations=None, regions=None, dimensions=None
) -> dict[str, str]:
    return {
        "indicators_file": str(write_csv(folder / "indicators.csv", indicators or INDICATORS)),
        "observations_file": str(
            write_csv(folder / "observations.csv", observations or observation_rows())
        ),
        "regions_file": str(write_csv(folder / "regions.csv", regions or REGIONS)),
        "dimensions_file": str(write_csv(folder / "dimensions.csv", dimensions or DIMENSIONS)),
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build, published once; every bad build below targets the same published file."""
    folder = tmp_path_factory.mktemp("published")
    result = build(folder, input_vars(folder / "inputs"))
    assert result.ok, "\n".join(result.errors)
    return result.published


def replace(rows, match, **changes):
    out = []
    for row in rows:
        row = dict(row)
        if all(row.get(k) == v for k, v in match.items()):
            row.update(changes)
        out.append(row)
    return out


def case_inputs(name: str) -> tuple[dict, dict]:
    """(input overrides, extra dbt vars) for each kind of bad input."""
    obs = observation_rows()
    cell = {"region_id": "r2", "year": "2003", "indicator_id": "k2"}
    if name == "duplicate_observation":
        return {
            "observations": [*obs, next(r for r in obs if all(r[k] == v for k, v in cell.items()))]
        }, {}
    if name == "duplicate_observation_spelled_differently":
        twin = next(r for r in obs if all(r[k] == v for k, v in cell.items()))
        return {"observations": [*obs, {**twin, "year": "2003.0"}]}, {}
    if name == "published_weights_sum":
        indicators = replace(INDICATORS, {"indicator_id": "k3"}, published_weight="0.3")
        return {"indicators": indicators}, {"weights_source": "published"}
    if name == "non_numeric_value":
        return {"observations": replace(obs, cell, value="12,5")}, {}
    if name == "non_finite_value":
        return {"observations": replace(obs, cell, value="inf")}, {}
    if name == "non_positive_value":
        return {"observations": replace(obs, cell, value="-2")}, {"zero_handling": "none"}
    if name == "unknown_indicator":
        return {"observations": [*obs, {**obs[0], "indicator_id": "k9"}]}, {}
    if name == "unknown_region":
        return {"observations": [*obs, {**obs[0], "region_id": "r9"}]}, {}
    if name == "missing_dimension":
        return {"indicators": replace(INDICATORS, {"indicator_id": "k3"}, dimension_id="")}, {}
    if name == "invalid_direction":
        return {"indicators": replace(INDICATORS, {"indicator_id": "k2"}, direction="lower")}, {}
    if name == "invalid_target_value":
        indicators = replace(INDICATORS, {"indicator_id": "k2"}, direction="centred")
        return {"indicators": indicators}, {}
    if name == "invalid_target_value_text":
        indicators = replace(
            INDICATORS, {"indicator_id": "k2"}, direction="centred", target_value="seven"
        )
        return {"indicators": indicators}, {}
    if name == "invalid_interval_bounds":
        indicators = replace(
            INDICATORS,
            {"indicator_id": "k3"},
            direction="interval",
            lower_bound="5",
            upper_bound="2",
        )
        return {"indicators": indicators}, {}
    if name == "invalid_interval_bounds_missing":
        indicators = replace(
            INDICATORS, {"indicator_id": "k1"}, direction="Interval", lower_bound="5"
        )
        return {"indicators": indicators}, {}
    if name == "constant_indicator":
        rows = replace(obs, {"indicator_id": "k1", "year": "2002"}, value="7")
        return {"observations": rows}, {"normalization_scope": "year"}
    if name == "undefined_proportions":
        # k2 centred at 5, every value 3 or 7: each Z = 1 - 2/2 = 0, so P = 0 / 0
        indicators = replace(
            INDICATORS, {"indicator_id": "k2"}, direction="centred", target_value="5"
        )
        rows = [
            {**row, "value": "3" if i % 2 else "7"} if row["indicator_id"] == "k2" else row
            for i, row in enumerate(obs)
        ]
        return {"indicators": indicators, "observations": rows}, {}
    if name == "too_few_samples":
        rows = [r for r in obs if r["region_id"] == "r1"]
        return {"observations": rows, "regions": [{"region_id": "r1"}]}, {
            "normalization_scope": "year"
        }
    if name == "empty_series":
        return {
            "observations": replace(obs, {"region_id": "r3", "indicator_id": "k3"}, value="")
        }, {}
    if name == "invalid_id":
        rows = replace(obs, {"region_id": "r3"}, region_id="r 3!")
        regions = [*REGIONS[:2], {"region_id": "r 3!"}]
        return {"observations": rows, "regions": regions}, {}
    if name == "invalid_population":
        regions = [
            {"region_id": "r1", "population": "12000"},
            {"region_id": "r2", "population": "-5"},
            {"region_id": "r3", "population": "many"},
        ]
        return {"regions": regions}, {}
    if name == "duplicate_dimension":
        return {"dimensions": [*DIMENSIONS, {**DIMENSIONS[0], "name_en": "Again"}]}, {}
    if name == "invalid_display_order":
        return {"dimensions": replace(DIMENSIONS, {"dimension_id": "d9"}, display_order="2nd")}, {}
    if name == "invalid_dimension_id":
        return {"dimensions": [*DIMENSIONS, {"dimension_id": "d-3"}]}, {}
    if name == "missing_published_weight":
        indicators = replace(INDICATORS, {"indicator_id": "k2"}, published_weight="")
        return {"indicators": indicators}, {"weights_source": "published"}
    raise AssertionError(name)


# problem id -> texts the message must contain (the offending ids or rows, and the advice)
EXPECTED = {
    "duplicate_observation": ["r2/2003/k2 (2 rows)", "keep one row per cell"],
    "duplicate_observation_spelled_differently": ["r2/2003/k2 (2 rows)"],
    "published_weights_sum": ["the published weights sum to 1.1", "must sum to 1"],
    "non_numeric_value": ["r2/2003/k2: value '12,5'", "must be a number"],
    "non_finite_value": ["r2/2003/k2: value 'inf'", "must be finite"],
    "non_positive_value": ["r2/2003/k2: value -2", "all be positive"],
    "unknown_indicator": ["k9 (1 observation rows)", "add the indicator"],
    "unknown_region": ["r9 (1 observation rows)", "add the region"],
    "missing_dimension": ["[missing_dimension]", "- k3", "needs a dimension_id"],
    "invalid_direction": ["k2: 'lower'", "'positive', 'negative', 'centred'", "'interval'"],
    "invalid_target_value": ["k2: target_value ''", "fill the column target_value"],
    "invalid_target_value_text": ["k2: target_value 'seven'", "must be a finite number"],
    "invalid_interval_bounds": [
        "k3: lower_bound '5', upper_bound '2'",
        "lower_bound <= upper_bound",
    ],
    "invalid_interval_bounds_missing": ["k1: lower_bound '5', upper_bound ''"],
    "constant_indicator": ["indicator k1, year 2002: every value is 7", "max = min"],
    "too_few_samples": ["indicator k1, year 2001: 1 sample(s)", "at least two samples"],
    "undefined_proportions": ["indicator k2: every entropy input is 0", "zero_handling shift"],
    "empty_series": ["region r3, indicator k3", "no value at all"],
    "invalid_id": ["observations.region_id 'r 3!'", "^[A-Za-z0-9_]{1,64}$"],
    "missing_published_weight": ["[missing_published_weight]", "- k2", "weights_source=entropy"],
    "duplicate_dimension": ["d1 (2 rows)", "must appear once in the dimensions input"],
    "invalid_display_order": ["d9: '2nd'", "must be a whole number"],
    "invalid_dimension_id": ["dimensions.dimension_id 'd-3'", "^[A-Za-z0-9_]{1,64}$"],
    "invalid_population": [
        "region r2: population '-5'",
        "region r3: population 'many'",
        "must be a finite number > 0, or empty when unknown",
    ],
}


PROBLEM_ID = {
    "duplicate_observation_spelled_differently": "duplicate_observation",
    "invalid_target_value_text": "invalid_target_value",
    "invalid_interval_bounds_missing": "invalid_interval_bounds",
    "invalid_dimension_id": "invalid_id",
}


@pytest.mark.parametrize("problem", sorted(EXPECTED))
def test_bad_input_stops_the_build_and_keeps_the_published_file(
    problem: str, published: Path, tmp_path: Path
) -> None:
    before = sha256(published)
    overrides, extra_vars = case_inputs(problem)
    dbt_vars = {**input_vars(tmp_path / "inputs", **overrides), **extra_vars}
    # Build into a folder of its own but publish to the shared published file.
    result = build_into(published, tmp_path, dbt_vars)
    assert not result.ok
    message = "\n".join(result.errors)
    assert f"[{PROBLEM_ID.get(problem, problem)}]" in message, message
    for text in EXPECTED[problem]:
        assert text in message, f"{text!r} not in:\n{message}"
    assert "nothing was published" in message
    assert sha256(published) == before


def build_into(published: Path, folder: Path, dbt_vars: dict):
    from scripts.build import run_build

    return run_build(published, dbt_vars, target_path=folder / "target")


def test_the_command_line_reports_bad_input_in_one_message(published: Path, tmp_path: Path) -> None:
    before = sha256(published)
    overrides, _ = case_inputs("duplicate_observation")
    paths = input_vars(tmp_path / "inputs", **overrides)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.ewm",
            "--db",
            str(published),
            "build",
            "--quiet",
            "--indicators-file",
            paths["indicators_file"],
            "--observations-file",
            paths["observations_file"],
            "--regions-file",
            paths["regions_file"],
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DBT_TARGET_PATH": str(tmp_path / "target")},
    )
    assert completed.returncode == 1
    assert "Build failed" in completed.stderr
    assert "r2/2003/k2 (2 rows)" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert sha256(published) == before


def test_an_invalid_variant_var_is_named(published: Path, tmp_path: Path) -> None:
    before = sha256(published)
    dbt_vars = {**input_vars(tmp_path / "inputs"), "normalization_scope": "decade"}
    result = build_into(published, tmp_path, dbt_vars)
    assert not result.ok
    message = "\n".join(result.errors)
    assert "normalization_scope='decade' is not valid" in message, message
    assert sha256(published) == before


@pytest.mark.parametrize(
    ("input_name", "column"), [("indicators", "direction"), ("dimensions", "dimension_id")]
)
def test_a_missing_required_column_is_named(
    input_name: str, column: str, published: Path, tmp_path: Path
) -> None:
    before = sha256(published)
    rows = {"indicators": INDICATORS, "dimensions": DIMENSIONS}[input_name]
    without = [{k: v for k, v in row.items() if k != column} for row in rows]
    dbt_vars = input_vars(tmp_path / "inputs", **{input_name: without})
    result = build_into(published, tmp_path, dbt_vars)
    assert not result.ok
    message = "\n".join(result.errors)
    assert f"The {input_name} input" in message and f"has no column '{column}'" in message, message
    assert sha256(published) == before


def test_the_dimensions_input_names_the_dimensions(published: Path) -> None:
    """The fixture's dimensions file: its names and order reach the marts, its hash the build's
    metadata; a dimension it does not know keeps its id as name, one no indicator names is
    left out."""
    with duckdb.connect(str(published), read_only=True) as connection:
        weights = connection.sql(
            "select dimension_id, dimension_name_en, dimension_name_zh, display_order"
            " from dimension_weights order by dimension_id"
        ).fetchall()
        [(file, digest)] = connection.sql(
            "select dimensions_file, dimensions_sha256 from build_metadata"
        ).fetchall()
    assert weights == [("d1", "First dimension", "第一维度", 2), ("d2", "d2", None, None)]
    assert Path(file).name == "dimensions.csv"
    assert digest == sha256(Path(file))
