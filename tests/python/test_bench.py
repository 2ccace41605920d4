"""The benchmark's code path end to end on a tiny panel (no timing assertions), and its NumPy
side against the independent reference for every variant."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from scripts import bench, panels, reference

FIGURES = (
    "grid_cells",
    "observation_rows",
    "numpy_read_seconds",
    "numpy_compute_seconds",
    "numpy_compute_user_seconds",
    "numpy_compute_kernel_seconds",
    "numpy_total_seconds",
    "dbt_build_seconds",
    "weighting_scoring_seconds",
    "ratio_weighting_scoring_to_numpy_compute",
    "ratio_dbt_build_to_numpy_total",
    "numpy_peak_mb",
    "warehouse_peak_mb",
    "ratio_peak_memory_warehouse_to_numpy",
    "weighting_scoring_ns_per_cell",
    "max_abs_difference_numpy_vs_warehouse",
)

VARIANTS = [
    bench.Variant(scope, zero, 0.002 if zero == "rescale" else 1e-4, source)
    for scope, zero, source in itertools.product(
        reference.SCOPES, reference.ZERO_HANDLINGS, reference.WEIGHT_SOURCES
    )
]


def test_bench_runs_end_to_end_and_both_sides_agree(tmp_path: Path) -> None:
    fmt = "parquet"
    variant = bench.Variant(scope="year", zero_handling="shift")
    sizes = bench.parse_sizes("12x5x6,24x5x6")
    report = bench.run_bench(sizes, fmt, variant, tmp_path / "work")
    assert [row["size"] for row in report["runs"]] == ["12x5x6", "24x5x6"]
    for row in report["runs"]:
        for figure in FIGURES:
            assert isinstance(row[figure], (int, float)) and row[figure] >= 0, figure
        assert row["grid_cells"] == row["regions"] * 5 * 6
        assert set(row["weighting_scoring_models"]) == set(bench.WEIGHTING_MODELS)
        assert all(seconds > 0 for seconds in row["weighting_scoring_models"].values())
        assert row["max_abs_difference_numpy_vs_warehouse"] <= 1e-12
        assert row["numpy_peak_mb"] > 0 and row["warehouse_peak_mb"] > 0
        assert row["build"] == "ordinary dbt build"
        assert row["core_nodes_seconds"] > row["weighting_scoring_seconds"]
        # the models' time splits into their SQL (from dbt's log) and dbt's own work
        assert 0 < row["weighting_scoring_query_seconds"] < row["weighting_scoring_seconds"]
        assert row["weighting_scoring_dbt_seconds"] == pytest.approx(
            row["weighting_scoring_seconds"] - row["weighting_scoring_query_seconds"]
        )
    targets = report["targets"]
    assert targets["numpy_equals_warehouse_1e_12"] is True
    assert targets["judged_on"] == "24x5x6"
    assert targets["cost_per_cell_largest_over_smallest"] > 0
    for name in ("dbt_build_under_60_s", "peak_memory_under_2_gb", "cost_per_cell_at_most_1_2x"):
        assert isinstance(targets[name], bool)
    written = bench.write_outputs(report, tmp_path / "output")
    assert json.loads(written[0].read_text())["runs"][0]["format"] == fmt
    assert written[1].read_text().splitlines()[0].startswith("size,regions,years,indicators")


def test_bench_command_line_writes_json_and_csv(tmp_path: Path) -> None:
    from scripts import ewm

    code = ewm.main(
        [
            "--output",
            str(tmp_path / "out"),
            "bench",
            "--sizes",
            "10x4x5",
            "--format",
            "csv",
            "--zero-handling",
            "rescale",
            "--epsilon",
            "0.002",
            "--core-only",
        ]
    )
    assert code == 0
    report = json.loads((tmp_path / "out" / "bench.json").read_text())
    assert report["command"] == (
        "./ewm bench --sizes 10x4x5 --format csv --zero-handling rescale --epsilon 0.002"
        " --core-only"
    )
    run = report["runs"][0]
    assert run["variant"].startswith("scope=panel, zero_handling=rescale")
    assert run["build"].startswith("core only") and run["analyses_nodes_seconds"] == 0
    assert run["max_abs_difference_numpy_vs_warehouse"] <= 1e-12
    assert (tmp_path / "out" / "bench.csv").exists()
    assert not list((tmp_path / "out" / "bench" / "runs").glob("*/warehouse.duckdb"))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_numpy_side_equals_the_reference_for_every_variant(tmp_path: Path, fmt: str) -> None:
    frames = panels.generate_panel(
        9, 7, 8, missing_share=0.12, negative_share=0.3, n_groups=2, seed=11
    )
    paths = panels.write_panel(frames, tmp_path, fmt)
    panel = bench.read_panel(*paths)
    inputs = reference.read_inputs(*paths)
    regions = {r: i for i, r in enumerate(panel.region_ids)}
    indicators = {k: i for i, k in enumerate(panel.indicator_ids)}
    for variant in VARIANTS:
        result = bench.compute(panel, variant)
        expected = reference.compute(*inputs, reference.Variant(**vars(variant)))
        years = {int(y): i for i, y in enumerate(result.years)}
        dims = {d: i for i, d in enumerate(result.dimensions)}

        composite = expected["composite_scores"]
        t = [years[int(y)] for y in composite["year"]]
        r = [regions[x] for x in composite["region_id"]]
        np.testing.assert_allclose(result.composite[t, r], composite["score"], rtol=0, atol=1e-12)
        np.testing.assert_array_equal(result.rank[t, r], composite["rank"])
        np.testing.assert_allclose(
            result.real_input_share[t, r], composite["real_input_share"], rtol=0, atol=1e-12
        )
        scores = expected["dimension_scores"]
        at = (
            [dims[d] for d in scores["dimension_id"]],
            [years[int(y)] for y in scores["year"]],
            [regions[x] for x in scores["region_id"]],
        )
        np.testing.assert_allclose(result.dimension_scores[at], scores["score"], rtol=0, atol=1e-12)
        weights = expected["indicator_weights"]
        k = [indicators[i] for i in weights["indicator_id"]]
        at = k if variant.scope == "panel" else (k, [years[int(y)] for y in weights["year"]])
        np.testing.assert_allclose(result.weight[at], weights["weight"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(result.entropy[at], weights["entropy"], rtol=0, atol=1e-12)


def test_sizes_are_named_or_given_as_shapes() -> None:
    assert bench.parse_sizes("small,large") == [
        ("small", (300, 30, 60)),
        ("large", (3000, 30, 60)),
    ]
    assert bench.parse_sizes("50x10x12") == [("50x10x12", (50, 10, 12))]
    with pytest.raises(ValueError, match="RxTxK"):
        bench.parse_sizes("huge")
    small, large = bench.SIZES["small"], bench.SIZES["large"]
    assert large[0] * large[1] * large[2] == 10 * small[0] * small[1] * small[2] == 5_400_000


def test_repeated_runs_give_medians_and_each_runs_own_ratio() -> None:
    def run(numpy_s: float, warehouse_s: float, difference: float) -> dict:
        return {
            "size": "large",
            "grid_cells": 5_400_000,
            "numpy_compute_seconds": numpy_s,
            "weighting_scoring_seconds": warehouse_s,
            "ratio_weighting_scoring_to_numpy_compute": warehouse_s / numpy_s,
            "dbt_build_seconds": 40.0,
            "warehouse_peak_mb": 1000.0,
            "numpy_peak_mb": 900.0,
            "weighting_scoring_ns_per_cell": warehouse_s / 5.4,
            "weighting_scoring_models": {"dimension_scores": warehouse_s / 2},
            "slowest_nodes": {f"node_{warehouse_s}": warehouse_s},
            "max_abs_difference_numpy_vs_warehouse": difference,
        }

    runs = [run(1.0, 0.8, 1e-15), run(2.0, 1.0, 3e-14), run(1.0, 1.2, 2e-15)]
    row = bench.median_row(runs)
    assert row["repeats"] == 3 and row["size"] == "large" and row["grid_cells"] == 5_400_000
    assert row["numpy_compute_seconds"] == 1.0 and row["weighting_scoring_seconds"] == 1.0
    # the median of the runs' own ratios (0.8, 0.5, 1.2), not 1.0 / 1.0
    assert row["ratio_weighting_scoring_to_numpy_compute"] == 0.8
    assert row["weighting_scoring_models"] == {"dimension_scores": 0.5}
    assert row["slowest_nodes"] == {"node_0.8": 0.8}  # not the same nodes in each run
    # agreement is judged on the worst run
    assert row["max_abs_difference_numpy_vs_warehouse"] == 3e-14
    assert [r["ratio_weighting_scoring_to_numpy_compute"] for r in row["each_run"]] == [
        0.8,
        0.5,
        1.2,
    ]
    assert bench.median_row(runs[:1])["repeats"] == 1
    # the target on the median ratio, and how many runs met it on their own
    judged = bench.targets([row])
    assert judged["weighting_scoring_faster_than_numpy_compute"] is True
    assert judged["weighting_scoring_faster_in_runs"] == "2 of 3"
    assert "weighting_scoring_faster_in_runs" not in bench.targets([runs[2]])


def test_query_seconds_sums_each_models_statements_from_dbt_log(tmp_path: Path) -> None:
    esc = "\x1b[0m"

    def line(thread: str, text: str) -> str:
        return f"{esc}04:21:08.191742 [debug] [{thread}]: {text}\n"

    log = tmp_path / "dbt.log"
    log.write_text(
        # an earlier invocation in the same file: not counted
        line("MainThread", "Running with dbt=1.11.16")
        + line("Thread-1 (", "Began running node model.entropy_warehouse.dimension_scores")
        + line("Thread-1 (", "SQL status: OK in 9.000 seconds")
        + line("Thread-1 (", "Finished running node model.entropy_warehouse.dimension_scores")
        + line("MainThread", "Running with dbt=1.11.16")
        + line("ThreadPool", "SQL status: OK in 5.000 seconds")  # no node: not counted
        + line("Thread-1 (", "Began running node model.entropy_warehouse.dimension_scores")
        + line("Thread-2 (", "Began running node test.entropy_warehouse.not_null_x")
        + line("Thread-1 (", "On model.entropy_warehouse.dimension_scores: BEGIN")
        + line("Thread-1 (", "SQL status: OK in 0.004 seconds")
        + line("Thread-2 (", "SQL status: OK in 0.500 seconds")  # the test's, other thread
        + line("Thread-1 (", "SQL status: OK in 0.277 seconds")
        + "    create table ...   (a statement's text: no event)\n"
        + line("Thread-1 (", "Finished running node model.entropy_warehouse.dimension_scores")
        + line("Thread-1 (", "SQL status: OK in 1.000 seconds")  # after the node: not counted
        + line("Thread-1 (", "Began running node model.entropy_warehouse.composite_scores")
        + line("Thread-1 (", "SQL status: OK in 0.050 seconds")
        + line("Thread-1 (", "Finished running node model.entropy_warehouse.composite_scores"),
        encoding="utf-8",
    )
    seconds = bench.query_seconds(log, ("dimension_scores", "composite_scores"))
    assert seconds == pytest.approx({"dimension_scores": 0.281, "composite_scores": 0.05})
    with pytest.raises(RuntimeError, match="int_proportions"):
        bench.query_seconds(log, ("dimension_scores", "int_proportions"))
