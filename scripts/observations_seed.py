"""Build seeds/inputs/observations.csv: real values where they exist, synthetic values elsewhere.

Run from the project root::

    python -m scripts.observations_seed            # write seeds/inputs/observations.csv
    python -m scripts.observations_seed --check    # exit 1 if the committed file is stale
    python -m scripts.observations_seed --output PATH

Inputs (nothing about the regions or indicators is written in this file):

* seeds/inputs/regions.csv and seeds/inputs/indicators.csv: the grid. A raw ``city`` matches a
  region's ``name_en``; a raw numeric ``indicator_id`` matches an indicator's ``display_order``.
* data/raw/real_values_found.csv and data/raw/real_values_derived.csv: the real values.
* data/synthetic_assumptions.csv: every parameter of the synthetic generator (years, reference
  region and year, growth rates, noise, bounds, scale bases, reference levels) and the curated
  notes on known problems, each with its rationale.

Rules (documented in data/README.md): one unit per indicator (the one in indicators.csv); a
city's own bulletin (source ``page:...``) beats the yearbook, which beats a secondary copy,
which beats a derived value; indicators stored as numerator/denominator components are
recomputed as a share (x100) from the best component of each kind; rows whose unit text marks
them as headcount are ``proxy``; rows marked as urban-district figures are not used.
Cells with no real value are synthetic, unless the indicator's gap policy is ``leave_empty``.
The synthetic values are deterministic: noise comes from SHA-256 of "region|indicator|year".
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_PATH = Path("seeds/inputs/observations.csv")
REGIONS_PATH = Path("seeds/inputs/regions.csv")
INDICATORS_PATH = Path("seeds/inputs/indicators.csv")
FOUND_PATH = Path("data/raw/real_values_found.csv")
DERIVED_PATH = Path("data/raw/real_values_derived.csv")
ASSUMPTIONS_PATH = Path("data/synthetic_assumptions.csv")

HEADER = ["region_id", "year", "indicator_id", "value", "provenance", "source", "note"]
SYNTHETIC_SOURCE = (
    "synthetic: scripts/observations_seed.py (assumptions in data/synthetic_assumptions.csv)"
)

# Kinds of source, best first. Bulletins are quoted in news pages ("page:..."); the yearbook
# rows start with its title; anything else found (e.g. a copy in a GitHub repository) is a
# secondary copy; the derived file comes last.
SOURCE_RANK = {"bulletin": 0, "yearbook": 1, "secondary copy": 2, "derived": 3}
YEARBOOK_PREFIX = "China City Statistical Yearbook"
BULLETIN_PREFIX = "page:"

# Conventions of the raw unit text.
UNIT_CONVERSIONS = {("100 million yuan", "10k yuan"): Decimal(10000)}
RAW_UNIT_PATTERN = re.compile(r"^(100 million yuan|10k yuan|yuan|persons|pieces|contracts|%)")
COMPONENT_PATTERN = re.compile(r"COMPONENT (numerator|denominator):\s*(.*)$")
PROXY_MARKER = "HEADCOUNT"
EXCLUDE_MARKERS = ("市辖区", "districts-only")
DERIVED_FORMULA_PATTERN = re.compile(r"DERIVED = (.*)\)\s*$")


@dataclass(frozen=True)
class Region:
    region_id: str
    name_en: str


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    display_order: int
    unit: str


@dataclass
class Candidate:
    """One real value for a cell (or for a component of a cell), already in the target unit."""

    region_id: str
    indicator_id: str
    year: int
    value: Decimal
    kind: str
    source: str
    raw_value: str
    raw_unit: str
    component: str | None = None
    component_label: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return SOURCE_RANK[self.kind]


@dataclass
class Cell:
    value: str
    provenance: str
    source: str
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading inputs


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(root: Path) -> list[Region]:
    return [Region(r["region_id"], r["name_en"]) for r in read_rows(root / REGIONS_PATH)]


def load_indicators(root: Path) -> list[Indicator]:
    rows = read_rows(root / INDICATORS_PATH)
    indicators = [Indicator(r["indicator_id"], int(r["display_order"]), r["unit"]) for r in rows]
    return sorted(indicators, key=lambda i: i.display_order)


class Assumptions:
    """The rows of data/synthetic_assumptions.csv, looked up by parameter, indicator, region."""

    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.rows = rows
        self.index: dict[tuple[str, str, str], str] = {}
        for row in rows:
            if row["parameter"] == "known_problem":
                continue
            key = (row["parameter"], row["indicator_id"], row["region_id"])
            if key in self.index:
                raise ValueError(f"duplicate assumption {key} in {ASSUMPTIONS_PATH}")
            self.index[key] = row["value"]

    def has(self, parameter: str, indicator_id: str = "", region_id: str = "") -> bool:
        return (parameter, indicator_id, region_id) in self.index

    def get(self, parameter: str, indicator_id: str = "", region_id: str = "") -> str:
        try:
            return self.index[(parameter, indicator_id, region_id)]
        except KeyError:
            raise KeyError(
                f"{ASSUMPTIONS_PATH} has no row parameter={parameter!r} "
                f"indicator_id={indicator_id!r} region_id={region_id!r}"
            ) from None

    def number(self, parameter: str, indicator_id: str = "", region_id: str = "") -> float:
        return float(self.get(parameter, indicator_id, region_id))

    def known_problems(self) -> list[dict[str, str]]:
        return [row for row in self.rows if row["parameter"] == "known_problem"]


def load_assumptions(root: Path) -> Assumptions:
    return Assumptions(read_rows(root / ASSUMPTIONS_PATH))


def year_span(text: str, first: int, last: int) -> range:
    """'' -> all years; '2017' -> one year; '2017-2019' -> inclusive range."""
    if not text:
        return range(first, last + 1)
    start, _, end = text.partition("-")
    return range(int(start), int(end or start) + 1)


# ---------------------------------------------------------------- real values


def classify_source(source: str) -> str:
    if source.startswith(BULLETIN_PREFIX):
        return "bulletin"
    if source.startswith(YEARBOOK_PREFIX):
        return "yearbook"
    return "secondary copy"


def raw_base_unit(raw_unit: str) -> str:
    match = RAW_UNIT_PATTERN.match(raw_unit)
    if not match:
        raise ValueError(f"unrecognised unit text {raw_unit!r}")
    return match.group(1)


def target_base_unit(unit: str) -> str:
    return "%" if unit.startswith("%") else unit


def conversion_factor(raw_unit: str, target_unit: str) -> Decimal:
    source_base, target_base = raw_base_unit(raw_unit), target_base_unit(target_unit)
    if source_base == target_base:
        return Decimal(1)
    if (source_base, target_base) in UNIT_CONVERSIONS:
        return UNIT_CONVERSIONS[(source_base, target_base)]
    raise ValueError(f"cannot convert {raw_unit!r} to {target_unit!r}")


def format_decimal(value: Decimal) -> str:
    """Plain decimal, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def brief_source(source: str) -> str:
    """Short form of a source string, for derived values that name two sources."""
    if source.startswith(BULLETIN_PREFIX):
        return source.split(" ", 1)[0]
    return source.split("; via ", 1)[0]


def read_candidates(
    root: Path, regions: list[Region], indicators: list[Indicator]
) -> tuple[list[Candidate], list[Candidate]]:
    """All usable real values, and the rows set aside (urban-district figures)."""
    region_by_name = {r.name_en: r for r in regions}
    indicator_by_order = {i.display_order: i for i in indicators}
    usable: list[Candidate] = []
    excluded: list[Candidate] = []
    for path, from_derived_file in ((FOUND_PATH, False), (DERIVED_PATH, True)):
        for row in read_rows(root / path):
            region = region_by_name[row["city"]]
            indicator = indicator_by_order[int(row["indicator_id"])]
            component = COMPONENT_PATTERN.search(row["unit"])
            kind = "derived" if from_derived_file else classify_source(row["source"])
            target = "10k yuan" if component else indicator.unit
            factor = Decimal(1) if component else conversion_factor(row["unit"], target)
            candidate = Candidate(
                region_id=region.region_id,
                indicator_id=indicator.indicator_id,
                year=int(row["year"]),
                value=Decimal(row["value"]) * factor,
                kind=kind,
                source=row["source"],
                raw_value=row["value"],
                raw_unit=row["unit"],
                component=component.group(1) if component else None,
                component_label=component.group(2).split(" (")[0] if component else "",
            )
            if component and raw_base_unit(row["unit"]) != "10k yuan":
                raise ValueError(f"component not in 10k yuan: {row}")
            if factor != 1:
                base = raw_base_unit(row["unit"])
                candidate.notes.append(f"unit converted from {base} (reported {row['value']})")
            if PROXY_MARKER in row["unit"]:
                candidate.notes.append("proxy: " + row["unit"].split(" - ", 1)[-1])
            if any(marker in row["unit"] for marker in EXCLUDE_MARKERS):
                excluded.append(candidate)
            else:
                usable.append(candidate)
    return usable, excluded


def describe(candidate: Candidate) -> str:
    """The kind of a candidate's source, with the formula for a value of the derived file."""
    if candidate.kind != "derived":
        return candidate.kind
    formula = DERIVED_FORMULA_PATTERN.search(candidate.raw_unit)
    return f"{DERIVED_PATH.name} ({formula.group(1) if formula else candidate.raw_unit})"


def best_candidate(candidates: list[Candidate], label: str) -> tuple[Candidate, list[str]]:
    """The highest-precedence candidate, and notes on the candidates it beat with other values."""
    ordered = sorted(candidates, key=lambda c: c.rank)
    best = ordered[0]
    notes = []
    for other in ordered[1:]:
        if other.value != best.value and other.rank > best.rank:
            notes.append(
                f"{label}{best.kind} value {format_decimal(best.value)} used; "
                f"{describe(other)} gives {format_decimal(other.value)}"
            )
        elif other.value != best.value:
            raise ValueError(f"two {best.kind} values disagree for {best}")
    return best, notes


def with_hundred_million(value: Decimal) -> str:
    """'3049200' -> '3049200 (304.92亿)': a 10k-yuan value and its 100-million-yuan reading."""
    return f"{format_decimal(value)} ({format_decimal(value / 10000)}亿)"


def share_cell(
    components: list[Candidate], derived: list[Candidate], decimals: int
) -> tuple[Cell, Decimal]:
    numerators = [c for c in components if c.component == "numerator"]
    denominators = [c for c in components if c.component == "denominator"]
    if not numerators or not denominators:
        raise ValueError(f"incomplete components: {components}")
    num, notes = best_candidate(numerators, "numerator: ")
    den, _ = best_candidate(denominators, "denominator: ")  # conflicts reported below
    quantum = Decimal(1).scaleb(-decimals)
    share = (num.value / den.value * 100).quantize(quantum, rounding=ROUND_HALF_EVEN)
    for other in denominators:
        if other.value != den.value:
            alt = (num.value / other.value * 100).quantize(quantum, rounding=ROUND_HALF_EVEN)
            notes.append(
                f"denominator: {den.kind} {with_hundred_million(den.value)} used, "
                f"{other.kind} says {with_hundred_million(other.value)} "
                f"(share would be {format_decimal(alt)})"
            )
    for other in derived:
        rounded = share.quantize(other.value, rounding=ROUND_HALF_EVEN)
        if rounded != other.value:
            notes.append(f"{describe(other)} gives {format_decimal(other.value)}")
    if num.source == den.source:
        source = f"derived: {num.component_label} / {den.component_label} x100; both from "
        source += brief_source(num.source)
    else:
        source = (
            f"derived: {num.component_label} / {den.component_label} x100; "
            f"numerator from {brief_source(num.source)}; "
            f"denominator from {brief_source(den.source)}"
        )
    return Cell(format_decimal(share), "derived", source, notes), share


def value_cell(candidates: list[Candidate]) -> tuple[Cell, Decimal]:
    best, notes = best_candidate(candidates, "")
    if best.kind == "derived":
        source = f"derived: {describe(best)}; {brief_source(best.source)}"
        provenance = "derived"
    else:
        source = best.source
        provenance = "proxy" if PROXY_MARKER in best.raw_unit else "reported"
    cell = Cell(format_decimal(best.value), provenance, source, [*best.notes, *notes])
    return cell, best.value


def build_real_cells(
    candidates: list[Candidate], decimals: int
) -> tuple[dict[tuple[str, str, int], Cell], dict[tuple[str, str, int], Decimal]]:
    """Cells with a real value, and their numeric values (for the synthetic trends)."""
    grouped: dict[tuple[str, str, int], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        grouped[(candidate.region_id, candidate.indicator_id, candidate.year)].append(candidate)
    cells: dict[tuple[str, str, int], Cell] = {}
    values: dict[tuple[str, str, int], Decimal] = {}
    for key, group in grouped.items():
        components = [c for c in group if c.component]
        others = [c for c in group if not c.component]
        if components:
            derived = [c for c in others if c.kind == "derived"]
            if len(derived) != len(others):
                raise ValueError(f"cell {key} mixes components and direct values")
            cells[key], values[key] = share_cell(components, derived, decimals)
        else:
            cells[key], values[key] = value_cell(others)
    return cells, values


# ---------------------------------------------------------------- synthetic values


def hash_uniform(region_id: str, indicator_id: str, year: int) -> float:
    """Deterministic pseudo-random number in [-1, 1] from SHA-256 of 'region|indicator|year'."""
    digest = hashlib.sha256(f"{region_id}|{indicator_id}|{year}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / float(2**64 - 1) * 2.0 - 1.0


def log_slope(series: dict[int, float]) -> float:
    """Ordinary least-squares slope of log(value) on year."""
    years = sorted(series)
    mean_year = sum(years) / len(years)
    logs = {y: math.log(series[y]) for y in years}
    mean_log = sum(logs.values()) / len(years)
    sxy = sum((y - mean_year) * (logs[y] - mean_log) for y in years)
    sxx = sum((y - mean_year) ** 2 for y in years)
    return sxy / sxx


def series_slope(series: dict[int, float], indicator_id: str, a: Assumptions) -> float:
    """The city's own slope if its real series is long enough (clamped), else the prior growth."""
    years = sorted(series)
    long_enough = len(years) >= a.number("min_points_for_slope") and (
        years[-1] - years[0] >= a.number("min_span_for_slope")
    )
    if not long_enough:
        return a.number("growth", indicator_id)
    low, high = a.number("growth_min", indicator_id), a.number("growth_max", indicator_id)
    return min(max(log_slope(series), low), high)


def trend_value(series: dict[int, float], slope: float, year: int) -> float:
    """Log-linear between the neighbouring real values; outside, the slope from the nearest one."""
    years = sorted(series)
    before = [y for y in years if y < year]
    after = [y for y in years if y > year]
    if before and after:
        y0, y1 = before[-1], after[0]
        weight = (year - y0) / (y1 - y0)
        return math.exp((1 - weight) * math.log(series[y0]) + weight * math.log(series[y1]))
    anchor = before[-1] if before else after[0]
    return series[anchor] * math.exp(slope * (year - anchor))


def relative_scales(
    indicator_id: str,
    regions: list[Region],
    real: dict[tuple[str, str, int], Decimal],
    a: Assumptions,
) -> dict[str, float]:
    """Each region's size relative to the reference region, from a related indicator's real data.

    scale_basis is 'basis_indicator_id:first-last'; the scale is the ratio of the region's sum
    to the reference region's sum over the years where both have a real value.
    """
    basis, _, span = a.get("scale_basis", indicator_id).partition(":")
    reference = a.get("reference_region")
    first, last = (int(y) for y in span.split("-"))
    scales = {}
    for region in regions:
        years = [
            y
            for y in range(first, last + 1)
            if (region.region_id, basis, y) in real and (reference, basis, y) in real
        ]
        if not years:
            raise ValueError(f"no common real {basis} years for {region.region_id}")
        own = sum(float(real[(region.region_id, basis, y)]) for y in years)
        ref = sum(float(real[(reference, basis, y)]) for y in years)
        scales[region.region_id] = own / ref
    return scales


def round_significant(value: float, digits: int, integer: bool) -> Decimal:
    exact = Decimal(repr(value))
    exponent = exact.adjusted() - digits + 1
    rounded = exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
    if integer:
        rounded = rounded.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return rounded


def synthetic_series(
    indicator: Indicator,
    regions: list[Region],
    years: range,
    real: dict[tuple[str, str, int], Decimal],
    a: Assumptions,
) -> dict[tuple[str, int], Decimal]:
    """Synthetic values for the cells of one indicator that have no real value."""
    iid = indicator.indicator_id
    series = {
        r.region_id: {
            y: float(real[(r.region_id, iid, y)]) for y in years if (r.region_id, iid, y) in real
        }
        for r in regions
    }
    missing = {r.region_id: [y for y in years if y not in series[r.region_id]] for r in regions}
    if not any(missing.values()):
        return {}
    growth = a.number("growth", iid)
    noise = a.number("noise", iid)
    integer = a.get("integer_valued", iid) == "1"
    digits = int(a.number("significant_digits"))
    low = a.number("lower_bound", iid) if a.has("lower_bound", iid) else 0.0
    high = a.number("upper_bound", iid) if a.has("upper_bound", iid) else math.inf
    reference, ref_year = a.get("reference_region"), int(a.number("reference_year"))

    ref_series = series[reference]
    if ref_series:
        ref_level = trend_value(ref_series, series_slope(ref_series, iid, a), ref_year)
        if ref_year in ref_series:
            ref_level = ref_series[ref_year]
    else:
        ref_level = a.number("ref_level", iid, reference)
    need_scales = any(not series[r.region_id] and missing[r.region_id] for r in regions)
    scales = relative_scales(iid, regions, real, a) if need_scales else {}

    out: dict[tuple[str, int], Decimal] = {}
    for region in regions:
        own = series[region.region_id]
        slope = series_slope(own, iid, a) if own else growth
        for year in missing[region.region_id]:
            if own:
                base = trend_value(own, slope, year)
            else:
                base = ref_level * scales[region.region_id] * math.exp(growth * (year - ref_year))
            value = base * (1.0 + noise * hash_uniform(region.region_id, iid, year))
            value = min(max(value, low), high)
            out[(region.region_id, year)] = round_significant(value, digits, integer)
    return out


# ---------------------------------------------------------------- assembling the seed


def known_problem_notes(
    a: Assumptions, regions: list[Region], indicators: list[Indicator], years: range
) -> dict[tuple[str, str, int], list[str]]:
    region_ids = {r.region_id for r in regions}
    indicator_ids = {i.indicator_id for i in indicators}
    notes: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for row in a.known_problems():
        if row["indicator_id"] not in indicator_ids:
            raise ValueError(f"known_problem for unknown indicator: {row}")
        if row["region_id"] and row["region_id"] not in region_ids:
            raise ValueError(f"known_problem for unknown region: {row}")
        targets = [row["region_id"]] if row["region_id"] else [r.region_id for r in regions]
        for region_id in targets:
            for year in year_span(row["year"], years.start, years.stop - 1):
                notes[(region_id, row["indicator_id"], year)].append(row["value"])
    return notes


def build_cells(root: Path = ROOT) -> list[list[str]]:
    """All rows of the seed, in output order (indicator, region, year)."""
    regions, indicators = load_regions(root), load_indicators(root)
    a = load_assumptions(root)
    years = range(int(a.number("first_year")), int(a.number("last_year")) + 1)
    candidates, excluded = read_candidates(root, regions, indicators)
    cells, real = build_real_cells(candidates, int(a.number("share_decimals")))
    problems = known_problem_notes(a, regions, indicators, years)
    proxy_text = {
        c.indicator_id: c.raw_unit.split(" - ", 1)[-1]
        for c in candidates
        if PROXY_MARKER in c.raw_unit
    }
    excluded_notes: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for c in excluded:
        excluded_notes[(c.region_id, c.indicator_id, c.year)].append(
            f"not used: {c.raw_value} ({c.raw_unit.split(' - ', 1)[-1]}; {brief_source(c.source)})"
        )

    rows = []
    for indicator in indicators:
        iid = indicator.indicator_id
        policy = a.get("gap_policy", iid)
        if policy not in ("synthesise", "leave_empty"):
            raise ValueError(f"gap_policy for {iid} must be synthesise or leave_empty")
        synthetic = {}
        if policy == "synthesise":
            synthetic = synthetic_series(indicator, regions, years, real, a)
        for region in regions:
            for year in years:
                key = (region.region_id, iid, year)
                if key in cells:
                    cell = cells[key]
                elif policy == "leave_empty":
                    cell = Cell("", "", "", [])
                else:
                    cell = Cell(
                        format_decimal(synthetic[(region.region_id, year)]),
                        "synthetic",
                        SYNTHETIC_SOURCE,
                    )
                    if iid in proxy_text:
                        cell.notes.append(f"continues the proxy series ({proxy_text[iid]})")
                notes = [*excluded_notes[key], *problems[key], *cell.notes]
                if not cell.value and not notes:
                    notes = ["no real value: left empty for interpolation"]
                rows.append(
                    [
                        region.region_id,
                        str(year),
                        iid,
                        cell.value,
                        cell.provenance,
                        cell.source,
                        "; ".join(notes),
                    ]
                )
    return rows


def render_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--output", type=Path, default=ROOT / OUTPUT_PATH, help="where to write the seed"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate in memory and exit 1 if the file at --output differs byte for byte",
    )
    args = parser.parse_args(argv)
    content = render_csv(build_cells(ROOT))
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else None
        if current != content:
            print(
                f"{args.output} is out of date: run `python -m scripts.observations_seed` "
                "and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(content)
    print(f"wrote {len(content.splitlines()) - 1} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
