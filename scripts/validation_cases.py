"""Loaders for the published entropy-weight validation cases in the shared folder.

Each case becomes the warehouse's input format (indicators + long observations) with the
Variant that reproduces its published formula, the expected numbers and the absolute
tolerance implied by their printed precision. Cross-section cases become a one-year panel
(year CASE_YEAR), one region per alternative and one dimension 'all'.

    python -m scripts.validation_cases --write DIR   # DIR/<case>/indicators.csv, observations.csv
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from scripts.reference import Variant

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_ENV = "EWM_SHARED_DIR"
CASE_YEAR = 2000
DIMENSION = "all"
PROVENANCE = "reported"
FULL_PRECISION_TOLERANCE = 1e-9
FULL_PRECISION_DECIMALS = 15  # printed with at least this many decimals = full precision
EXACT_SLACK = 1e-12

_RAW = Variant(zero_handling="none")

# case -> variant (from each case's source.txt "FORMULA VARIANT").
VARIANTS: dict[str, Variant] = {
    "xu2004_ejor": _RAW,
    "zavadskas_podvezko2016": _RAW,
    "ersoy2021_logforum": _RAW,
    "lee_chang2018_rser": _RAW,
    "elsayed2017_ijett": _RAW,
    "ulutas2019_opus": _RAW,
    "skcriteria_2x2": _RAW,
    "mathmodels_small_minmax": Variant(zero_handling="rescale", epsilon=0.002),
    "derived_panel_inthefuture7": Variant(scope="panel", zero_handling="shift", epsilon=0.001),
    "mathmodels_water_quality": Variant(zero_handling="rescale", epsilon=0.002),
}

# Indicator types beyond positive/negative, per case: indicator name in input.csv -> direction
# and parameters (the optional indicator columns target_value, lower_bound, upper_bound).
# mathmodels_water_quality/source.txt, "Pipeline": O2 '+', PH centred-type 1 - |x-7|/max|x-7|,
# germ '-', nutrient interval-type [10,20].
INDICATOR_SPECS: dict[str, dict[str, dict[str, object]]] = {
    "mathmodels_water_quality": {
        "O2": {"direction": "positive"},
        "PH": {"direction": "centred", "target_value": 7.0},
        "germ": {"direction": "negative"},
        "nutrient": {"direction": "interval", "lower_bound": 10.0, "upper_bound": 20.0},
    },
}
PARAMETER_COLUMNS = ("target_value", "lower_bound", "upper_bound")

# The transformed columns printed by a case (input_with_transformed_columns.csv) -> the
# indicator whose Z (indicator_values.normalized_value) they are. mathmodels_water_quality:
# PH_middle7 = rescale_middle(PH, 7), nutrient_interval10_20 = rescale_interval(nutrient, 10, 20).
TRANSFORMED_COLUMNS: dict[str, dict[str, str]] = {
    "mathmodels_water_quality": {"PH_middle7": "PH", "nutrient_interval10_20": "nutrient"},
}

# Cases whose expected values were computed, not published: compared at this tolerance.
COMPUTED_TOLERANCE: dict[str, float] = {"derived_panel_inthefuture7": 1e-12}

SKIPPED: dict[str, str] = {
    "mathmodels_coupling_obstacle": "no weights: coupling and obstacle figures, tested by "
    "tests/python/test_analyses_warehouse.py",
    "mathmodels_inequality": "no weights: Gini (plain and population-weighted) and Theil "
    "figures, tested by tests/python/test_analyses_warehouse.py",
}

_ID_CHARS = re.compile(r"[^A-Za-z0-9_]+")
_SCALE_SUFFIX = re.compile(r"_x(\d+)$")


@dataclass(frozen=True, eq=False)
class ValidationCase:
    name: str
    indicators: pd.DataFrame  # indicator_id, dimension_id, name_en, direction, published_weight
    observations: pd.DataFrame  # region_id, year, indicator_id, value, provenance
    variant: Variant
    expected_weights: dict[str, float]
    tolerance: float  # for the weights
    expected_entropies: dict[str, float] | None = None
    entropy_tolerance: float | None = None
    # region_id, year, expected_score: as published, i.e. score * score_scale
    expected_scores: pd.DataFrame | None = None
    score_scale: float = 1.0
    score_tolerance: float | None = None  # in published (scaled) units
    region_names: dict[str, str] = field(default_factory=dict)  # id -> name in input.csv
    indicator_names: dict[str, str] = field(default_factory=dict)
    # region_id, year, expected_closeness: TOPSIS of the vector form (expected_topsis.csv)
    expected_topsis: pd.DataFrame | None = None
    topsis_tolerance: float | None = None
    # region_id, year, indicator_id, expected_normalized: the case's transformed columns
    expected_normalized: pd.DataFrame | None = None
    normalized_tolerance: float | None = None


def shared_dir() -> Path:
    return Path(os.environ.get(SHARED_ENV, PROJECT_ROOT.parent / "shared"))


def validation_dir() -> Path:
    return shared_dir() / "validation"


def case_names() -> list[str]:
    """Every case this module loads, in a stable order."""
    return list(VARIANTS)


# --------------------------------------------------------------------------- ids


def sanitize_id(raw: str, prefix: str) -> str:
    """A warehouse id (^[A-Za-z0-9_]{1,64}$): integral numbers get a prefix ('1.0' -> 'r1')."""
    text = str(raw).strip()
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and np.isfinite(number) and number.is_integer():
        return f"{prefix}{int(number)}"
    cleaned = _ID_CHARS.sub("_", text).strip("_")[:64]
    return cleaned or prefix


def sanitize_ids(names: list[str], prefix: str) -> dict[str, str]:
    """name -> unique sanitized id."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = sanitize_id(name, prefix)
        candidate, n = base, 1
        while candidate in used:
            n += 1
            suffix = f"_{n}"
            candidate = base[: 64 - len(suffix)] + suffix
        used.add(candidate)
        result[name] = candidate
    return result


# --------------------------------------------------------------------------- precision


def decimals(text: str) -> int:
    """Decimals printed in a number ('0.4630' -> 4, '1e-05' -> 5, '12' -> 0)."""
    text = text.strip().lower()
    mantissa, _, exponent = text.partition("e")
    places = len(mantissa.partition(".")[2])
    return max(places - int(exponent or 0), 0)


def tolerance_for(printed: pd.Series) -> float:
    """Half a unit of the last printed decimal + 1e-12; full-precision columns get 1e-9."""
    places = max(decimals(v) for v in printed)
    if places >= FULL_PRECISION_DECIMALS:
        return FULL_PRECISION_TOLERANCE
    return 0.5 * 10.0**-places + EXACT_SLACK


# --------------------------------------------------------------------------- loading


def _read_text_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _directions(folder: Path, names: list[str]) -> dict[str, str]:
    """indicator name -> 'positive' | 'negative'; absent file or row -> positive."""
    found: dict[str, str] = {}
    path = folder / "directions.csv"
    if path.exists():
        table = _read_text_csv(path)
        for name, sign in zip(table["indicator"], table["direction"], strict=True):
            negative = sign.strip().lower() in ("-", "negative", "cost", "min")
            found[name.strip()] = "negative" if negative else "positive"
    return {name: found.get(name, "positive") for name in names}


def _wide_to_long(
    table: pd.DataFrame, region_map: dict[str, str], indicator_map: dict[str, str]
) -> pd.DataFrame:
    region_col = table.columns[0]
    has_year = "year" in table.columns
    value_cols = [c for c in table.columns[1:] if c != "year"]
    frame = pd.DataFrame(
        {
            "region_id": table[region_col].map(region_map),
            "year": table["year"].astype(int) if has_year else CASE_YEAR,
        }
    )
    frame[[indicator_map[c] for c in value_cols]] = table[value_cols].astype(float).to_numpy()
    long = frame.melt(["region_id", "year"], var_name="indicator_id", value_name="value")
    long["provenance"] = PROVENANCE
    return long.sort_values(["region_id", "year"], kind="stable").reset_index(drop=True)


def _expected_weights(folder: Path, indicator_map: dict[str, str]) -> tuple[dict, float, dict]:
    table = _read_text_csv(folder / "expected.csv")
    ids = [indicator_map[name] for name in table["indicator"]]
    weights = dict(zip(ids, table["expected_weight"].astype(float), strict=True))
    entropies = {}
    if "entropy_E" in table.columns:
        entropies = dict(zip(ids, table["entropy_E"].astype(float), strict=True))
    return weights, tolerance_for(table["expected_weight"]), entropies


def _expected_scores(
    folder: Path, region_map: dict[str, str]
) -> tuple[pd.DataFrame | None, float, float | None]:
    path = folder / "expected_scores.csv"
    if not path.exists():
        return None, 1.0, None
    table = _read_text_csv(path)
    score_col = table.columns[-1]
    match = _SCALE_SUFFIX.search(score_col)
    scores = pd.DataFrame(
        {
            "region_id": table[table.columns[0]].map(region_map),
            "year": table["year"].astype(int) if "year" in table.columns else CASE_YEAR,
            "expected_score": table[score_col].astype(float),
        }
    )
    scale = float(match.group(1)) if match else 1.0
    return scores, scale, tolerance_for(table[score_col])


def _expected_topsis(
    folder: Path, region_map: dict[str, str]
) -> tuple[pd.DataFrame | None, float | None]:
    path = folder / "expected_topsis.csv"
    if not path.exists():
        return None, None
    table = _read_text_csv(path)
    column = table.columns[-1]
    frame = pd.DataFrame(
        {
            "region_id": table[table.columns[0]].map(lambda v: sanitize_id(v, "r")),
            "year": CASE_YEAR,
            "expected_closeness": table[column].astype(float),
        }
    )
    unknown = set(frame["region_id"]) - set(region_map.values())
    if unknown:
        raise ValueError(f"{path}: regions not in input.csv: {sorted(unknown)}")
    return frame, tolerance_for(table[column])


def _expected_normalized(
    name: str, folder: Path, region_ids: list[str], indicator_map: dict[str, str]
) -> tuple[pd.DataFrame | None, float | None]:
    """The case's transformed columns, row by row in input.csv's order."""
    columns = TRANSFORMED_COLUMNS.get(name)
    path = folder / "input_with_transformed_columns.csv"
    if not columns or not path.exists():
        return None, None
    table = _read_text_csv(path)
    if len(table) != len(region_ids):
        raise ValueError(f"{path}: {len(table)} rows, input.csv has {len(region_ids)}")
    frames = [
        pd.DataFrame(
            {
                "region_id": region_ids,
                "year": CASE_YEAR,
                "indicator_id": indicator_map[indicator],
                "expected_normalized": table[column].astype(float).to_numpy(),
            }
        )
        for column, indicator in columns.items()
    ]
    printed = pd.concat([table[column] for column in columns])
    return pd.concat(frames, ignore_index=True), tolerance_for(printed)


def _indicator_frame(
    name: str, indicator_names: list[str], indicator_map: dict[str, str], folder: Path
) -> pd.DataFrame:
    specs = INDICATOR_SPECS.get(name)
    directions = _directions(folder, indicator_names)
    frame = pd.DataFrame(
        {
            "indicator_id": [indicator_map[n] for n in indicator_names],
            "dimension_id": DIMENSION,
            "name_en": indicator_names,
            "direction": [directions[n] for n in indicator_names],
            "published_weight": np.nan,
        }
    )
    if specs:
        missing = sorted(set(indicator_names) - set(specs))
        if missing:
            raise ValueError(f"{name}: no indicator spec for {missing}")
        frame["direction"] = [specs[n]["direction"] for n in indicator_names]
        for column in PARAMETER_COLUMNS:
            frame[column] = [float(specs[n].get(column, np.nan)) for n in indicator_names]
    return frame


def load_case(name: str) -> ValidationCase:
    if name not in VARIANTS:
        reason = SKIPPED.get(name, "no variant mapping")
        raise KeyError(f"{name}: not a loadable case ({reason})")
    folder = validation_dir() / name
    table = _read_text_csv(folder / "input.csv")
    region_col = table.columns[0]
    indicator_names = [c for c in table.columns[1:] if c != "year"]
    region_map = sanitize_ids(list(pd.unique(table[region_col])), "r")
    indicator_map = sanitize_ids(indicator_names, "k")
    indicators = _indicator_frame(name, indicator_names, indicator_map, folder)
    weights, weight_tol, entropies = _expected_weights(folder, indicator_map)
    topsis, topsis_tol = _expected_topsis(folder, region_map)
    region_ids = [region_map[r] for r in table[region_col]]
    normalized, normalized_tol = _expected_normalized(name, folder, region_ids, indicator_map)
    scores, scale, score_tol = _expected_scores(folder, region_map)
    computed = COMPUTED_TOLERANCE.get(name)
    return ValidationCase(
        name=name,
        indicators=indicators,
        observations=_wide_to_long(table, region_map, indicator_map),
        variant=VARIANTS[name],
        expected_weights=weights,
        tolerance=computed or weight_tol,
        expected_entropies=entropies or None,
        entropy_tolerance=(computed or weight_tol) if entropies else None,
        expected_scores=scores,
        score_scale=scale,
        score_tolerance=None if scores is None else computed or score_tol,
        region_names={v: k for k, v in region_map.items()},
        indicator_names={v: k for k, v in indicator_map.items()},
        expected_topsis=topsis,
        topsis_tolerance=topsis_tol,
        expected_normalized=normalized,
        normalized_tolerance=normalized_tol,
    )


def load_cases() -> list[ValidationCase]:
    return [load_case(name) for name in case_names()]


def skipped_cases() -> dict[str, str]:
    """Case folders present in the shared folder that are not loaded, with the reason."""
    present = sorted(p.name for p in validation_dir().iterdir() if p.is_dir())
    return {
        name: SKIPPED.get(name, "no variant mapping in scripts/validation_cases.py")
        for name in present
        if name not in VARIANTS
    }


def write_case_inputs(case: ValidationCase, folder: str | Path) -> tuple[Path, Path]:
    """Write folder/indicators.csv and folder/observations.csv (one folder per case)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    indicators_path = folder / "indicators.csv"
    observations_path = folder / "observations.csv"
    case.indicators.to_csv(indicators_path, index=False)
    case.observations.to_csv(observations_path, index=False)
    return indicators_path, observations_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="List or write the validation cases.")
    parser.add_argument("--write", help="folder; each case goes to <folder>/<case>/")
    args = parser.parse_args(argv)
    for case in load_cases():
        line = f"{case.name}: {case.variant} weight tolerance {case.tolerance:.3g}"
        if args.write:
            paths = write_case_inputs(case, Path(args.write) / case.name)
            line += f" -> {paths[0].parent}"
        print(line)
    for name, reason in skipped_cases().items():
        print(f"{name}: skipped ({reason})")


if __name__ == "__main__":
    main()
