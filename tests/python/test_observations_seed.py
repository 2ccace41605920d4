"""Tests of the observations seed and of its builder, scripts/observations_seed.py."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import math
import re
import subprocess
import sys
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SEED = ROOT / "seeds/inputs/observations.csv"
SCRIPT = ROOT / "scripts/observations_seed.py"
RAW = ROOT / "data/raw"
ASSUMPTIONS = ROOT / "data/synthetic_assumptions.csv"
DOCS = ROOT / "seeds/inputs/observations_docs.md"
HEADER = ["region_id", "year", "indicator_id", "value", "provenance", "source", "note"]
PROVENANCES = {"reported", "derived", "proxy", "synthetic"}
SYNTHETIC_SOURCE = (
    "synthetic: scripts/observations_seed.py (assumptions in data/synthetic_assumptions.csv)"
)


def load_builder():
    spec = importlib.util.spec_from_file_location("observations_seed_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def seed() -> list[dict[str, str]]:
    return read(SEED)


@pytest.fixture(scope="module")
def cells(seed) -> dict[tuple[str, int, str], dict[str, str]]:
    return {(r["region_id"], int(r["year"]), r["indicator_id"]): r for r in seed}


@pytest.fixture(scope="module")
def regions() -> list[dict[str, str]]:
    return read(ROOT / "seeds/inputs/regions.csv")


@pytest.fixture(scope="module")
def indicators() -> list[dict[str, str]]:
    return sorted(read(ROOT / "seeds/inputs/indicators.csv"), key=lambda r: int(r["display_order"]))


@pytest.fixture(scope="module")
def expected_real(regions, indicators) -> dict[tuple[str, int, str], tuple[Decimal, str]]:
    """Independent reading of data/raw: cell -> (value in the target unit, provenance)."""
    region_of = {r["name_en"]: r["region_id"] for r in regions}
    indicator_of = {int(i["display_order"]): i["indicator_id"] for i in indicators}

    def rank(source: str) -> int:
        if source.startswith("page:"):
            return 0
        return 1 if source.startswith("China City Statistical Yearbook") else 2

    direct: dict[tuple, list] = defaultdict(list)
    parts: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in read(RAW / "real_values_found.csv"):
        key = (region_of[row["city"]], int(row["year"]), indicator_of[int(row["indicator_id"])])
        if "市辖区" in row["unit"]:
            continue  # urban districts only: not a whole-city value
        value = Decimal(row["value"])
        if "COMPONENT numerator" in row["unit"]:
            parts[key]["num"].append((rank(row["source"]), value))
        elif "COMPONENT denominator" in row["unit"]:
            parts[key]["den"].append((rank(row["source"]), value))
        else:
            if row["unit"].startswith("100 million yuan"):
                value *= 10000
            provenance = "proxy" if "HEADCOUNT" in row["unit"] else "reported"
            direct[key].append((rank(row["source"]), value, provenance))
    for row in read(RAW / "real_values_derived.csv"):
        key = (region_of[row["city"]], int(row["year"]), indicator_of[int(row["indicator_id"])])
        if key not in parts:
            direct[key].append((3, Decimal(row["value"]), "derived"))
    expected = {key: min(options)[1:] for key, options in direct.items()}
    for key, comp in parts.items():
        share = min(comp["num"])[1] / min(comp["den"])[1] * 100
        expected[key] = (share.quantize(Decimal("0.000001"), ROUND_HALF_EVEN), "derived")
    return expected


# ------------------------------------------------------------------ reproducibility


def test_regenerating_reproduces_the_committed_seed_byte_for_byte(tmp_path):
    builder = load_builder()
    out = tmp_path / "observations.csv"
    assert builder.main(["--output", str(out)]) == 0
    assert out.read_bytes() == SEED.read_bytes()
    again = tmp_path / "again.csv"
    builder.main(["--output", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_check_flag_passes_on_the_committed_seed_and_fails_on_a_changed_one(tmp_path):
    command = [sys.executable, "-m", "scripts.observations_seed", "--check"]
    ok = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    tampered = tmp_path / "observations.csv"
    tampered.write_bytes(SEED.read_bytes().replace(b",2767000,", b",2767001,"))
    bad = subprocess.run([*command, "--output", str(tampered)], cwd=ROOT, capture_output=True)
    assert bad.returncode == 1
    assert b"out of date" in bad.stderr


def test_noise_is_sha256_of_region_indicator_year():
    builder = load_builder()
    digest = hashlib.sha256(b"a|b|2013").digest()
    expected = int.from_bytes(digest[:8], "big") / float(2**64 - 1) * 2 - 1
    assert builder.hash_uniform("a", "b", 2013) == expected
    draws = [builder.hash_uniform("r", "i", y) for y in range(1000)]
    assert all(-1 <= u <= 1 for u in draws)
    assert min(draws) < -0.9 and max(draws) > 0.9


# ------------------------------------------------------------------ format and grid


def test_file_format():
    raw = SEED.read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text and text.endswith("\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADER
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    assert buffer.getvalue() == text  # csv-module minimal quoting, nothing else


def test_grid_is_complete_unique_and_sorted(seed, regions, indicators):
    years = range(2013, 2023)
    expected = [
        (r["region_id"], str(y), i["indicator_id"])
        for i in indicators
        for r in regions
        for y in years
    ]
    actual = [(r["region_id"], r["year"], r["indicator_id"]) for r in seed]
    assert len(actual) == len(set(actual)) == 600
    assert actual == expected


def test_values_are_plain_decimals_and_provenance_is_consistent(seed):
    for row in seed:
        assert row["provenance"] in PROVENANCES | {""}
        if row["value"]:
            assert re.fullmatch(r"-?\d+(\.\d+)?", row["value"]), row
            assert row["provenance"], row
            assert row["source"], row
        else:
            assert row["provenance"] == "", row
            assert row["note"], row  # every gap explains itself


# ------------------------------------------------------------------ real values


def test_every_real_value_appears_with_its_converted_value_and_provenance(cells, expected_real):
    assert len(expected_real) == 600 - 373 - 7  # real cells
    for key, (value, provenance) in expected_real.items():
        row = cells[key]
        assert Decimal(row["value"]) == value, (key, row["value"], value)
        assert row["provenance"] == provenance, key


def test_no_synthetic_or_empty_cell_where_a_real_value_exists(cells, expected_real):
    for key in expected_real:
        assert cells[key]["provenance"] != "synthetic", key
        assert cells[key]["value"] != "", key


@pytest.mark.parametrize(
    ("region", "year", "indicator", "value", "provenance"),
    [
        # 276.7 (100 million yuan) x 10000
        ("zhengzhou", 2020, "rd_expenditure", "2767000", "reported"),
        ("zhengzhou", 2022, "rd_expenditure", "3447200", "reported"),
        ("zhengzhou", 2014, "new_product_sales", "27901000", "reported"),
        ("zhengzhou", 2021, "tech_market_turnover", "3065000", "reported"),
        # 55895 / 3049200 (bulletin, not the yearbook's 2708288) x 100
        ("jiaozuo", 2021, "st_spending_share", "1.833104", "derived"),
        # 100868 / 4731200 (bulletin, not the yearbook's 4731231) x 100
        ("xinxiang", 2020, "st_spending_share", "2.131975", "derived"),
        # 38334 / 1831407 x 100, both yearbook
        ("jiaozuo", 2013, "st_spending_share", "2.093145", "derived"),
        # bulletin 1.74 beats the derived 1.827
        ("zhengzhou", 2018, "rd_intensity", "1.74", "reported"),
        ("zhengzhou", 2019, "rd_intensity", "2.042", "derived"),
        ("kaifeng", 2017, "rd_personnel_fte", "9060", "proxy"),
        ("xuchang", 2019, "gdp_per_capita", "63996", "reported"),
        ("kaifeng", 2022, "higher_ed_students", "73396", "reported"),
    ],
)
def test_hand_computed_cells(cells, region, year, indicator, value, provenance):
    row = cells[(region, year, indicator)]
    assert (row["value"], row["provenance"]) == (value, provenance)


def test_sources_follow_the_precedence(cells):
    assert cells[("zhengzhou", 2018, "rd_intensity")]["source"].startswith("page:")
    assert "1.827" in cells[("zhengzhou", 2018, "rd_intensity")]["note"]
    # the yearbook beats a secondary copy with the same value
    assert cells[("zhengzhou", 2013, "gdp_per_capita")]["source"].startswith(
        "China City Statistical Yearbook 2014 ed."
    )
    assert cells[("jiaozuo", 2022, "gdp_per_capita")]["source"].startswith("page:")
    share = cells[("jiaozuo", 2021, "st_spending_share")]
    assert "denominator from page:" in share["source"]
    assert "304.92" in share["note"] and "270.8288" in share["note"]
    both = cells[("kaifeng", 2015, "st_spending_share")]["source"]
    assert both.startswith("derived:") and "both from China City Statistical Yearbook 2016" in both


def test_known_problems_are_visible_in_the_notes(cells):
    assert "copy error" in cells[("xuchang", 2019, "gdp_per_capita")]["note"]
    for year in (2017, 2018, 2019):
        assert (
            "do not fit 2020-2022"
            in cells[("zhengzhou", year, "invention_patents_granted")]["note"]
        )
    for region in ("zhengzhou", "kaifeng", "jiaozuo", "xinxiang", "xuchang"):
        assert "职业本专科" in cells[(region, 2022, "higher_ed_students")]["note"]
        assert "census" in cells[(region, 2020, "gdp_per_capita")]["note"]
    assert (
        "unit converted from 100 million yuan"
        in cells[("zhengzhou", 2020, "rd_expenditure")]["note"]
    )
    assert "HEADCOUNT" in cells[("zhengzhou", 2017, "rd_personnel_fte")]["note"]
    assert "94477" in cells[("zhengzhou", 2017, "gdp_per_capita")]["note"]


# ------------------------------------------------------------------ gaps and synthetic values


def test_deliberate_gaps_are_empty(seed):
    empty = {(r["region_id"], int(r["year"]), r["indicator_id"]) for r in seed if not r["value"]}
    expected = {
        (region, 2017, "gdp_per_capita")
        for region in ("zhengzhou", "kaifeng", "jiaozuo", "xinxiang", "xuchang")
    } | {("xuchang", 2018, "higher_ed_students"), ("xuchang", 2019, "higher_ed_students")}
    assert empty == expected


def test_provenance_counts(seed):
    counts = defaultdict(int)
    for row in seed:
        counts[row["provenance"]] += 1
    assert dict(counts) == {"reported": 148, "derived": 58, "proxy": 14, "synthetic": 373, "": 7}


def test_synthetic_rows_name_the_generator(seed):
    for row in seed:
        if row["provenance"] == "synthetic":
            assert row["source"] == SYNTHETIC_SOURCE
        else:
            assert "synthetic" not in row["source"]


def test_synthetic_values_are_plausible(seed):
    real = defaultdict(list)
    for row in seed:
        if row["value"] and row["provenance"] != "synthetic":
            real[(row["region_id"], row["indicator_id"])].append(float(row["value"]))
    for row in seed:
        if row["provenance"] != "synthetic":
            continue
        value = float(row["value"])
        assert value > 0, row
        series = real.get((row["region_id"], row["indicator_id"]))
        if series:
            assert 0.2 * min(series) <= value <= 5 * max(series), row
        if row["indicator_id"] == "rd_intensity":
            assert 0.5 <= value <= 3.5, row


def test_synthetic_values_continue_the_real_ones_smoothly(seed):
    series = defaultdict(dict)
    for row in seed:
        if row["value"]:
            series[(row["region_id"], row["indicator_id"])][int(row["year"])] = row
    for values in series.values():
        real_years = sorted(y for y, r in values.items() if r["provenance"] != "synthetic")
        if not real_years:
            continue
        for edge, step in ((real_years[0], -1), (real_years[-1], 1)):
            neighbour = values.get(edge + step)
            if neighbour and neighbour["provenance"] == "synthetic":
                ratio = float(neighbour["value"]) / float(values[edge]["value"])
                assert abs(math.log(ratio)) < 0.3, (neighbour, values[edge])


# ------------------------------------------------------------------ assumptions and docs


def test_assumptions_have_rationales_and_valid_references(regions, indicators):
    region_ids = {r["region_id"] for r in regions}
    indicator_ids = {i["indicator_id"] for i in indicators}
    rows = read(ASSUMPTIONS)
    assert rows
    for row in rows:
        assert row["rationale"].strip(), row
        assert row["value"].strip(), row
        assert row["indicator_id"] in indicator_ids | {""}, row
        assert row["region_id"] in region_ids | {""}, row
    policies = {r["indicator_id"]: r["value"] for r in rows if r["parameter"] == "gap_policy"}
    assert set(policies) == indicator_ids


def test_scale_bases_name_real_indicators_and_year_windows(indicators):
    indicator_ids = {i["indicator_id"] for i in indicators}
    for row in read(ASSUMPTIONS):
        if row["parameter"] == "scale_basis":
            basis, _, span = row["value"].partition(":")
            assert basis in indicator_ids
            assert re.fullmatch(r"20\d\d-20\d\d", span)


def test_builder_hard_codes_no_region_or_indicator(regions, indicators):
    source = SCRIPT.read_text(encoding="utf-8").lower()
    names = [r["region_id"] for r in regions] + [r["name_en"] for r in regions]
    names += [i["indicator_id"] for i in indicators]
    for name in names:
        assert name.lower() not in source, name


def test_docs_block_is_concise():
    text = DOCS.read_text(encoding="utf-8")
    assert text.startswith("{% docs observations_seed %}")
    assert text.rstrip().endswith("{% enddocs %}")
    assert len(text) < 2600
