"""Synthetic panels at national scale, and a benchmark of the warehouse against NumPy.

./ewm generate --regions 3000 --years 30 --indicators 60 --format parquet --out DIR
./ewm bench [--sizes small,large] [--format parquet|csv] [--scope year] [--zero-handling shift] ...

`bench` runs, on the same generated panel and variant, one after the other and each in a process
of its own (so that their peak memories are not mixed):

- a vectorised NumPy implementation on a dense (indicator, year, region) array, the way one would
  write it for speed: read the files (timed apart), place the observations on the grid, impute,
  normalize, weight and score (`compute`, below). It never imports duckdb;
- the warehouse's ordinary `dbt build` (scripts.build.run_build: seeds, models, unit tests, data
  tests, then publish) into a scratch published file, timed end to end, with the execution time
  of each model read from dbt's run_results.json (--core-only leaves the analyses marts out).

It prints a table and writes output/bench.json and output/bench.csv. The NumPy side's weights,
dimension scores, composite scores and ranks are compared with the warehouse's marts: a
benchmark of two programs that disagree would mean nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from scripts.project import PROJECT_DIR, input_vars
from scripts.variant import Variant

# The models of the method after imputation: normalization, proportions, entropy, weights, scores.
WEIGHTING_MODELS = (
    "int_values_normalized",
    "int_proportions",
    "int_indicator_entropy",
    "int_indicator_weights",
    "dimension_scores",
    "composite_scores",
)
SIZES = {"small": (300, 30, 60), "large": (3000, 30, 60)}
REAL_PROVENANCE = ("reported", "derived", "proxy")
PANEL_SEED = 2024
MISSING_SHARE = 0.05
NEGATIVE_SHARE = 0.2
SCORE_TOLERANCE = 1e-12


# --------------------------------------------------------------------------- NumPy side


@dataclass
class Panel:
    """The input files as read: key columns as (codes, labels), numbers as arrays."""

    region_ids: np.ndarray  # the regions' ids, in the regions file's order
    indicator_ids: np.ndarray
    dimension_ids: np.ndarray  # per indicator
    negative: np.ndarray  # bool per indicator
    published_weight: np.ndarray  # per indicator
    region: list  # per observation chunk: (codes, dictionary labels)
    indicator: list
    provenance: list
    year: np.ndarray
    value: np.ndarray


@dataclass
class Result:
    """What the method gives, as dense arrays (the warehouse's marts as arrays)."""

    years: np.ndarray  # (T,)
    dimensions: np.ndarray  # (D,)
    entropy: np.ndarray  # (K,) under panel scope, (K, T) under year scope
    weight: np.ndarray  # as entropy
    dimension_scores: np.ndarray  # (D, T, R)
    composite: np.ndarray  # (T, R)
    rank: np.ndarray  # (T, R), 1 = highest in its year, ties share the lower rank
    real_input_share: np.ndarray  # (T, R)
    imputed_cells: int = 0


def _dictionary_chunks(column) -> list:
    """(codes, labels) per chunk of an Arrow dictionary column; nulls get code -1."""
    import pyarrow as pa

    chunks = []
    for chunk in column.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary_encode()
        codes = chunk.indices.to_numpy(zero_copy_only=False)
        if chunk.null_count:
            codes = np.where(chunk.is_valid().to_numpy(zero_copy_only=False), codes, -1)
        labels = np.array(chunk.dictionary.to_pylist(), dtype=object)
        chunks.append((codes, labels))
    return chunks


def _read_table(path: Path, columns: list[str], dictionary: list[str], numbers: dict):
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pa_parquet

    if path.suffix.lower() == ".parquet":
        present = set(pa_parquet.read_schema(path).names)
        wanted = [c for c in columns if c in present]
        return pa_parquet.read_table(
            path, columns=wanted, read_dictionary=[c for c in dictionary if c in present]
        )
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8").strip().split(",")
    wanted = [c for c in columns if c in header]
    types = {c: pa.dictionary(pa.int32(), pa.string()) for c in dictionary if c in wanted}
    types.update({c: t for c, t in numbers.items() if c in wanted})
    return pa_csv.read_csv(
        path,
        convert_options=pa_csv.ConvertOptions(include_columns=wanted, column_types=types),
    )


def read_panel(indicators: Path, observations: Path, regions: Path) -> Panel:
    """Read the three input files (CSV or Parquet) into Arrow columns; no computing."""
    import pyarrow as pa

    numbers = {"value": pa.float64(), "year": pa.int32(), "published_weight": pa.float64()}
    table = _read_table(
        observations,
        ["region_id", "year", "indicator_id", "value", "provenance"],
        ["region_id", "indicator_id", "provenance"],
        numbers,
    )
    ind = _read_table(
        indicators, ["indicator_id", "dimension_id", "direction", "published_weight"], [], numbers
    ).to_pydict()
    reg = _read_table(regions, ["region_id"], [], numbers).to_pydict()
    other_types = sorted(
        {str(d).strip().lower() for d in ind["direction"]} - {"positive", "negative"}
    )
    if other_types:
        raise ValueError(
            f"{indicators}: direction {', '.join(repr(d) for d in other_types)}: the bench's "
            "NumPy side computes positive and negative indicators only (min-max); use "
            "scripts/reference.py (or the warehouse) for centred and interval indicators"
        )
    table = table.unify_dictionaries().combine_chunks()
    if "provenance" in table.column_names:
        provenance = _dictionary_chunks(table["provenance"])
    else:
        provenance = [(np.zeros(table.num_rows, dtype=np.int32), np.array(["unspecified"]))]
    weights = ind.get("published_weight") or [None] * len(ind["indicator_id"])
    return Panel(
        region_ids=np.array([str(r).strip() for r in reg["region_id"]], dtype=object),
        indicator_ids=np.array([str(i).strip() for i in ind["indicator_id"]], dtype=object),
        dimension_ids=np.array([str(d).strip() for d in ind["dimension_id"]], dtype=object),
        negative=np.array([str(d).strip().lower() == "negative" for d in ind["direction"]]),
        published_weight=np.array(
            [np.nan if w is None else float(w) for w in weights], dtype=np.float64
        ),
        region=_dictionary_chunks(table["region_id"]),
        indicator=_dictionary_chunks(table["indicator_id"]),
        provenance=provenance,
        year=table["year"].to_numpy().astype(np.int64),
        value=table["value"].to_numpy().astype(np.float64),  # null -> NaN
    )


def _positions(chunks: list, ids: np.ndarray) -> np.ndarray:
    """Each row's position in ids (-1 when unknown), mapping each chunk's small dictionary."""
    index = {label: i for i, label in enumerate(ids)}
    parts = []
    for codes, labels in chunks:
        mapped = np.array([index.get(str(label).strip(), -1) for label in labels] + [-1])
        parts.append(mapped[codes])  # code -1 (null) -> the appended -1
    return np.concatenate(parts) if parts else np.array([], dtype=np.int64)


def _real_rows(chunks: list) -> np.ndarray:
    parts = []
    for codes, labels in chunks:
        real = np.array([str(label).strip().lower() in REAL_PROVENANCE for label in labels])
        parts.append(np.append(real, False)[codes])
    return np.concatenate(parts)


def _scope_reduce(ufunc: np.ufunc, a: np.ndarray, scope: str) -> np.ndarray:
    """Over each scope's samples: (K, 1, 1) for the panel, (K, T, 1) for each year."""
    if scope == "panel":
        return ufunc.reduce(a.reshape(a.shape[0], -1), axis=1).reshape(-1, 1, 1)
    return ufunc.reduce(a, axis=2, keepdims=True)


def _impute(x: np.ndarray, years: np.ndarray) -> int:
    """Fill the missing cells of x (K, T, R) in place; returns how many were filled.

    Linear in the year between the nearest observed years of the (indicator, region) series,
    the nearest observed value before the first / after the last one.
    """
    missing = np.isnan(x)
    n_missing = int(missing.sum())
    if n_missing == 0:
        return 0
    n_t = x.shape[1]
    position = np.arange(n_t, dtype=np.int16).reshape(1, -1, 1)
    previous = np.maximum.accumulate(np.where(missing, np.int16(-1), position), axis=1)
    following = np.where(missing, np.int16(n_t), position)[:, ::-1]
    following = np.minimum.accumulate(following, axis=1)[:, ::-1]
    k, t, r = np.nonzero(missing)
    p, n = previous[k, t, r].astype(np.int64), following[k, t, r].astype(np.int64)
    has_p, has_n = p >= 0, n < n_t
    v0 = x[k, np.clip(p, 0, n_t - 1), r]
    v1 = x[k, np.clip(n, 0, n_t - 1), r]
    y = years.astype(np.float64)
    y0, y1, yy = y[np.clip(p, 0, n_t - 1)], y[np.clip(n, 0, n_t - 1)], y[t]
    with np.errstate(invalid="ignore", divide="ignore"):
        inside = v0 + (v1 - v0) * (yy - y0) / (y1 - y0)
    x[k, t, r] = np.where(has_p & has_n, inside, np.where(has_p, v0, np.where(has_n, v1, np.nan)))
    return n_missing


def compute(panel: Panel, variant: Variant) -> Result:
    """The whole method on a dense (indicator, year, region) array."""
    n_k, n_r = len(panel.indicator_ids), len(panel.region_ids)
    k = _positions(panel.indicator, panel.indicator_ids)
    r = _positions(panel.region, panel.region_ids)
    keep = (k >= 0) & (r >= 0) & ~np.isnan(panel.value)
    first, last = panel.year[keep].min(), panel.year[keep].max()
    years = np.arange(first, last + 1)
    n_t = len(years)
    k, t, r = k[keep], panel.year[keep] - first, r[keep]

    # 1. the grid, and the imputation
    x = np.full((n_k, n_t, n_r), np.nan)
    x[k, t, r] = panel.value[keep]
    real = _real_rows(panel.provenance)[keep]
    real_count = np.bincount(t[real] * n_r + r[real], minlength=n_t * n_r).reshape(n_t, n_r)
    imputed_cells = _impute(x, years)

    # 2. normalization with direction, formula (1); the zero handling
    low, high = (
        _scope_reduce(np.minimum, x, variant.scope),
        _scope_reduce(np.maximum, x, variant.scope),
    )
    span = high - low
    z = x - low
    negative = panel.negative
    z[negative] = high[negative] - x[negative]
    z /= span
    eps = variant.epsilon
    if variant.zero_handling == "zero":
        v = score = z
    elif variant.zero_handling == "shift":
        v = score = z + eps
    elif variant.zero_handling == "rescale":
        v = score = eps + (1.0 - 2 * eps) * z
    else:  # none: the raw values enter P and the entropy, Z the scores
        v, score = x, z

    # 3-4. proportions, formula (2); entropy, formula (3)
    p = v / _scope_reduce(np.add, v, variant.scope)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = p * np.log(p)
    terms[p <= 0] = 0.0
    n_samples = n_t * n_r if variant.scope == "panel" else n_r
    entropy = (0.0 - _scope_reduce(np.add, terms, variant.scope)) / np.log(n_samples)
    entropy = entropy.reshape(n_k) if variant.scope == "panel" else entropy.reshape(n_k, n_t)

    # 5. weights, formula (4)
    if variant.weights_source == "published":
        weight = panel.published_weight.copy()
        if variant.scope == "year":
            weight = np.repeat(weight[:, None], n_t, axis=1)
    else:
        divergence = 1.0 - entropy
        weight = divergence / divergence.sum(axis=0)

    # 6. scores, formula (5): one (D, K) matrix of weights per dimension times the values
    dimensions, dimension_of = np.unique(panel.dimension_ids, return_inverse=True)
    one_hot = (dimension_of[None, :] == np.arange(len(dimensions))[:, None]).astype(np.float64)
    if variant.scope == "panel":
        dimension_scores = (one_hot * weight) @ score.reshape(n_k, -1)
    else:
        dimension_scores = one_hot @ (score * weight[:, :, None]).reshape(n_k, -1)
    dimension_scores = dimension_scores.reshape(len(dimensions), n_t, n_r)
    composite = dimension_scores.sum(axis=0)
    ordered = np.sort(-composite, axis=1)
    rank = np.stack([np.searchsorted(ordered[i], -composite[i]) for i in range(n_t)]) + 1
    return Result(
        years=years,
        dimensions=dimensions,
        entropy=entropy,
        weight=weight,
        dimension_scores=dimension_scores,
        composite=composite,
        rank=rank,
        real_input_share=real_count / n_k,
        imputed_cells=imputed_cells,
    )


def numpy_side(paths: dict[str, str], variant: Variant, result_file: Path | None) -> dict:
    """Read, then compute, timed apart; with this process's peak memory."""
    import pyarrow.csv
    import pyarrow.parquet  # noqa: F401  (imported before the clock starts)

    start = time.perf_counter()
    panel = read_panel(
        Path(paths["indicators"]), Path(paths["observations"]), Path(paths["regions"])
    )
    read_seconds = time.perf_counter() - start
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = compute(panel, variant)
    compute_seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    if result_file is not None:
        np.savez(
            result_file,
            region_ids=panel.region_ids,
            indicator_ids=panel.indicator_ids,
            **{k: v for k, v in asdict(result).items() if k != "imputed_cells"},
        )
    return {
        "numpy_read_seconds": read_seconds,
        "numpy_compute_seconds": compute_seconds,
        # CPU time of the compute in NumPy's own code and in the kernel: the kernel's share is
        # the page faults of the new arrays, and what moves NumPy's time from run to run
        "numpy_compute_user_seconds": after.ru_utime - before.ru_utime,
        "numpy_compute_kernel_seconds": after.ru_stime - before.ru_stime,
        "numpy_total_seconds": read_seconds + compute_seconds,
        "numpy_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "observation_rows": len(panel.value),
        "imputed_cells": result.imputed_cells,
    }


# --------------------------------------------------------------------------- warehouse side


ANALYSES_PATH = "models/marts/analyses/"
CORE_ONLY_ARGS = ("--exclude", "path:" + ANALYSES_PATH.rstrip("/"))


def node_groups(results: dict, manifest: dict) -> dict[str, float]:
    """Summed execution time of the core's nodes and of the analyses marts' (models and tests)."""
    nodes = manifest.get("nodes", {})
    analyses = {
        uid
        for uid, node in nodes.items()
        if str(node.get("original_file_path", "")).startswith(ANALYSES_PATH)
    }
    sums = {"core_nodes_seconds": 0.0, "analyses_nodes_seconds": 0.0}
    for item in results["results"]:
        uid = item["unique_id"]
        parents = set(nodes.get(uid, {}).get("depends_on", {}).get("nodes", []))
        group = (
            "analyses"
            if uid in analyses or (uid.startswith("test.") and parents & analyses)
            else "core"
        )
        sums[f"{group}_nodes_seconds"] += float(item["execution_time"])
    return sums


# dbt's debug log: "[<thread>]: Began running node <id>", "SQL status: OK in 0.277 seconds", ...
_LOG_EVENT = re.compile(r"\[(?P<thread>[^\]]+)\]: (?P<text>.*)$")
_SQL_STATUS = re.compile(r"^SQL status: .* in (?P<seconds>[0-9.]+) seconds$")


def query_seconds(log_path: Path, models: tuple[str, ...]) -> dict[str, float]:
    """The seconds each model's SQL statements took in the engine, from dbt's debug log.

    dbt's execution_time of a model is its SQL plus dbt's own work around it (compiling,
    rendering the materialization, the adapter's cache, events); the debug log times each
    statement ("SQL status: OK in N seconds"), so the difference is dbt's. Only the log's last
    invocation counts; lines are attributed to the node their thread is running.
    """
    totals: dict[str, float] = {}
    running: dict[str, str] = {}
    with log_path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            event = _LOG_EVENT.search(line.rstrip("\n"))
            if event is None:
                continue
            thread, text = event["thread"], event["text"]
            if text.startswith("Running with dbt="):
                totals, running = {}, {}
            elif text.startswith("Began running node "):
                running[thread] = text.removeprefix("Began running node ").strip()
            elif text.startswith("Finished running node "):
                running.pop(thread, None)
            elif (status := _SQL_STATUS.match(text)) and thread in running:
                node = running[thread]
                name = node.rsplit(".", 1)[-1]
                if node.startswith("model.") and name in models:
                    totals[name] = totals.get(name, 0.0) + float(status["seconds"])
    missing = [name for name in models if name not in totals]
    if missing:
        raise RuntimeError(
            f"{log_path}: no timed SQL statement of {', '.join(missing)} in dbt's debug log; "
            "has dbt's log format changed? (bench reads 'SQL status: ... in N seconds')"
        )
    return totals


def warehouse_side(
    paths: dict[str, str], variant: Variant, folder: Path, core_only: bool = False
) -> dict:
    """The ordinary `dbt build` into a scratch published file, timed end to end.

    Runs in a process of its own: dbt is its child, so RUSAGE_CHILDREN is dbt's peak memory.
    core_only leaves out the analyses marts (models/marts/analyses) and their tests.
    """
    from scripts.build import run_build

    published = folder / "warehouse.duckdb"
    target = folder / "target"
    dbt_vars = {
        **variant.dbt_vars(),
        **input_vars(paths["indicators"], paths["observations"], paths["regions"]),
    }
    start = time.perf_counter()
    extra = CORE_ONLY_ARGS if core_only else ()
    result = run_build(published, dbt_vars, target_path=target, extra_args=extra)
    wall = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not result.ok:
        raise RuntimeError("dbt build failed:\n" + "\n".join(result.errors))
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    model_seconds = {
        item["unique_id"].split(".")[-1]: float(item["execution_time"])
        for item in results["results"]
        if item["unique_id"].startswith("model.")
    }
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    slowest = sorted(results["results"], key=lambda item: -float(item["execution_time"]))[:8]
    return {
        **node_groups(results, manifest),
        "slowest_nodes": {
            item["unique_id"].split(".", 2)[-1][:60]: round(float(item["execution_time"]), 3)
            for item in slowest
        },
        "dbt_build_seconds": wall,
        "dbt_elapsed_seconds": float(results.get("elapsed_time") or 0.0),
        "warehouse_peak_mb": max(children, own),
        "model_seconds": model_seconds,
        "weighting_query_seconds": query_seconds(target / "logs" / "dbt.log", WEIGHTING_MODELS),
        "node_count": len(results["results"]),
        "published": str(published),
    }


# --------------------------------------------------------------------------- one run


def _side_process(side: str, payload: dict) -> dict:
    """Run numpy_side or warehouse_side in a fresh Python process; its JSON answer."""
    completed = subprocess.run(
        [sys.executable, "-m", "scripts.bench", f"_{side}", json.dumps(payload)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"the {side} side failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def panel_files(folder: Path, fmt: str) -> dict[str, str]:
    return {
        name: str(folder / f"{name}.{fmt}") for name in ("indicators", "observations", "regions")
    }


def ensure_panel(folder: Path, shape: tuple[int, int, int], fmt: str, seed: int) -> dict[str, str]:
    """The generated panel of this shape and format, written once and reused."""
    from scripts import panels

    paths = panel_files(folder, fmt)
    stamp = folder / "panel.json"
    wanted = {
        "shape": list(shape),
        "format": fmt,
        "seed": seed,
        "missing_share": MISSING_SHARE,
        "negative_share": NEGATIVE_SHARE,
    }
    fresh = stamp.exists() and json.loads(stamp.read_text()) == wanted
    if fresh and all(Path(p).exists() for p in paths.values()):
        return paths
    shutil.rmtree(folder, ignore_errors=True)
    frames = panels.generate_panel(
        *shape, missing_share=MISSING_SHARE, negative_share=NEGATIVE_SHARE, seed=seed
    )
    panels.write_panel(frames, folder, fmt)
    stamp.write_text(json.dumps(wanted))
    return paths


def compare_with_warehouse(result_file: Path, published: Path, variant: Variant) -> float:
    """Largest |NumPy - warehouse| over weights, dimension and composite scores; ranks equal."""
    import duckdb

    arrays = np.load(result_file, allow_pickle=True)
    regions = {r: i for i, r in enumerate(arrays["region_ids"])}
    indicators = {k: i for i, k in enumerate(arrays["indicator_ids"])}
    dimensions = {d: i for i, d in enumerate(arrays["dimensions"])}
    years = {int(y): i for i, y in enumerate(arrays["years"])}
    connection = duckdb.connect(str(published), read_only=True)
    try:
        weights = connection.execute(
            "select indicator_id, year, weight, entropy from indicator_weights"
        ).fetchall()
        dims = connection.execute(
            "select region_id, year, dimension_id, score from dimension_scores"
        ).fetchnumpy()
        comp = connection.execute(
            "select region_id, year, score, rank, real_input_share from composite_scores"
        ).fetchnumpy()
    finally:
        connection.close()
    worst = 0.0
    for indicator_id, year, weight, entropy in weights:
        at = (
            (indicators[indicator_id],)
            if variant.scope == "panel"
            else (indicators[indicator_id], years[int(year)])
        )
        worst = max(worst, abs(weight - arrays["weight"][at]), abs(entropy - arrays["entropy"][at]))
    t = np.array([years[int(y)] for y in dims["year"]])
    r = np.array([regions[x] for x in dims["region_id"]])
    d = np.array([dimensions[x] for x in dims["dimension_id"]])
    worst = max(worst, float(np.max(np.abs(dims["score"] - arrays["dimension_scores"][d, t, r]))))
    t = np.array([years[int(y)] for y in comp["year"]])
    r = np.array([regions[x] for x in comp["region_id"]])
    worst = max(worst, float(np.max(np.abs(comp["score"] - arrays["composite"][t, r]))))
    worst = max(
        worst, float(np.max(np.abs(comp["real_input_share"] - arrays["real_input_share"][t, r])))
    )
    if not np.array_equal(comp["rank"].astype(np.int64), arrays["rank"][t, r]):
        raise AssertionError("the NumPy side's ranks differ from the warehouse's")
    expected_rows = len(arrays["region_ids"]) * len(years)
    if len(comp["score"]) != expected_rows:
        raise AssertionError(f"composite_scores has {len(comp['score'])} rows, not {expected_rows}")
    return worst


def run_one(
    name: str,
    shape: tuple[int, int, int],
    fmt: str,
    variant: Variant,
    work: Path,
    seed: int = PANEL_SEED,
    keep: bool = False,
    core_only: bool = False,
) -> dict:
    """NumPy, then the warehouse, on the same panel; every figure of one row of the table."""
    panel_dir = work / "panels" / f"{shape[0]}x{shape[1]}x{shape[2]}-{fmt}-seed{seed}"
    paths = ensure_panel(panel_dir, shape, fmt, seed)
    run_dir = work / "runs" / name
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    result_file = run_dir / "numpy_result.npz"
    numpy_figures = _side_process(
        "numpy", {"paths": paths, "variant": asdict(variant), "result_file": str(result_file)}
    )
    warehouse = _side_process(
        "warehouse",
        {
            "paths": paths,
            "variant": asdict(variant),
            "folder": str(run_dir),
            "core_only": core_only,
        },
    )
    worst = compare_with_warehouse(result_file, Path(warehouse["published"]), variant)
    models = warehouse.pop("model_seconds")
    weighting = {m: models.get(m, 0.0) for m in WEIGHTING_MODELS}
    weighting_seconds = sum(weighting.values())
    weighting_query_seconds = sum(warehouse.pop("weighting_query_seconds").values())
    cells = shape[0] * shape[1] * shape[2]
    row = {
        "size": name,
        "regions": shape[0],
        "years": shape[1],
        "indicators": shape[2],
        "grid_cells": cells,
        "format": fmt,
        "variant": variant.label(),
        **numpy_figures,
        "dbt_build_seconds": warehouse["dbt_build_seconds"],
        "dbt_elapsed_seconds": warehouse["dbt_elapsed_seconds"],
        "dbt_nodes": warehouse["node_count"],
        "weighting_scoring_seconds": weighting_seconds,
        "weighting_scoring_models": weighting,
        "weighting_scoring_query_seconds": weighting_query_seconds,
        "weighting_scoring_dbt_seconds": weighting_seconds - weighting_query_seconds,
        "indicator_values_seconds": models.get("indicator_values", 0.0),
        "imputation_seconds": models.get("int_observations_imputed", 0.0),
        "build": "core only (analyses marts excluded)" if core_only else "ordinary dbt build",
        "core_nodes_seconds": warehouse["core_nodes_seconds"],
        "analyses_nodes_seconds": warehouse["analyses_nodes_seconds"],
        "slowest_nodes": warehouse["slowest_nodes"],
        "warehouse_peak_mb": warehouse["warehouse_peak_mb"],
        "ratio_weighting_scoring_to_numpy_compute": weighting_seconds
        / numpy_figures["numpy_compute_seconds"],
        "ratio_dbt_build_to_numpy_total": warehouse["dbt_build_seconds"]
        / numpy_figures["numpy_total_seconds"],
        "ratio_peak_memory_warehouse_to_numpy": warehouse["warehouse_peak_mb"]
        / numpy_figures["numpy_peak_mb"],
        "weighting_scoring_ns_per_cell": weighting_seconds / cells * 1e9,
        "max_abs_difference_numpy_vs_warehouse": worst,
    }
    if not keep:
        for leftover in run_dir.glob("warehouse.duckdb*"):
            leftover.unlink()
    return row


# --------------------------------------------------------------------------- report


def _kernel_setting(path: str) -> str | None:
    """The selected value of a kernel setting such as 'always [madvise] never', if readable."""
    try:
        text = Path(path).read_text()
    except OSError:
        return None
    chosen = [word.strip("[]") for word in text.split() if word.startswith("[")]
    return chosen[0] if chosen else text.strip()


def machine() -> dict:
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "load_average_1_5_15": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "dbt_threads": int(os.environ.get("EWM_DBT_THREADS", "1")),
        "duckdb_memory_limit": os.environ.get("EWM_DUCKDB_MEMORY_LIMIT", "1GB"),
        # NumPy asks for transparent huge pages for its large arrays; whether the kernel has
        # them at hand or compacts memory at each fault is most of NumPy's spread in time
        "transparent_hugepage": _kernel_setting("/sys/kernel/mm/transparent_hugepage/enabled"),
        "transparent_hugepage_defrag": _kernel_setting(
            "/sys/kernel/mm/transparent_hugepage/defrag"
        ),
    }


def median_row(rows: list[dict]) -> dict:
    """One row from repeated runs of the same size: the median of each figure over the runs.

    The ratios are the medians of each run's own ratio (NumPy and the warehouse compared within
    one run, as the targets ask), not ratios of medians; what each run gave is kept apart.
    """
    if len(rows) == 1:
        return {**rows[0], "repeats": 1}
    out: dict = {}
    for key, first in rows[0].items():
        values = [row[key] for row in rows]
        if isinstance(first, bool) or not isinstance(first, int | float | dict):
            out[key] = first
        elif isinstance(first, dict):
            # per-model times: the median of each; the slowest nodes differ per run: the first's
            same_keys = all(set(v) == set(first) for v in values)
            numbers = all(isinstance(x, int | float) for x in first.values())
            out[key] = (
                {k: float(np.median([v[k] for v in values])) for k in first}
                if same_keys and numbers
                else first
            )
        else:
            out[key] = float(np.median(values))
            if isinstance(first, int):
                out[key] = round(out[key])
    out["max_abs_difference_numpy_vs_warehouse"] = max(
        row["max_abs_difference_numpy_vs_warehouse"] for row in rows
    )
    out["repeats"] = len(rows)
    out["each_run"] = [{key: row[key] for key in EACH_RUN_FIGURES if key in row} for row in rows]
    return out


# what the report keeps of each repeated run (the table shows the medians)
EACH_RUN_FIGURES = (
    "numpy_compute_seconds",
    "numpy_compute_kernel_seconds",
    "weighting_scoring_seconds",
    "weighting_scoring_query_seconds",
    "ratio_weighting_scoring_to_numpy_compute",
    "dbt_build_seconds",
    "warehouse_peak_mb",
)


def targets(rows: list[dict]) -> dict[str, object]:
    """The issue's targets, judged on the largest panel of this run (and the smallest)."""
    out: dict[str, object] = {}
    if not rows:
        return out
    large = max(rows, key=lambda row: row["grid_cells"])
    small = min(rows, key=lambda row: row["grid_cells"])
    out["judged_on"] = large["size"]
    out["weighting_scoring_faster_than_numpy_compute"] = (
        large["ratio_weighting_scoring_to_numpy_compute"] < 1
    )
    # with --repeat: in how many of the runs, each judged on its own ratio (the median above)
    each = [run["ratio_weighting_scoring_to_numpy_compute"] for run in large.get("each_run", [])]
    if each:
        out["weighting_scoring_faster_in_runs"] = f"{sum(r < 1 for r in each)} of {len(each)}"
    out["dbt_build_under_60_s"] = large["dbt_build_seconds"] < 60
    out["peak_memory_under_2_gb"] = max(large["warehouse_peak_mb"], large["numpy_peak_mb"]) < 2048
    if large is not small:
        ratio = large["weighting_scoring_ns_per_cell"] / small["weighting_scoring_ns_per_cell"]
        out["cost_per_cell_largest_over_smallest"] = ratio
        out["cost_per_cell_at_most_1_2x"] = ratio <= 1.2
    out["numpy_equals_warehouse_1e_12"] = all(
        row["max_abs_difference_numpy_vs_warehouse"] <= SCORE_TOLERANCE for row in rows
    )
    return out


CSV_COLUMNS = (
    "size",
    "regions",
    "years",
    "indicators",
    "grid_cells",
    "observation_rows",
    "format",
    "variant",
    "repeats",
    "numpy_read_seconds",
    "numpy_compute_seconds",
    "numpy_compute_user_seconds",
    "numpy_compute_kernel_seconds",
    "numpy_total_seconds",
    "build",
    "dbt_build_seconds",
    "core_nodes_seconds",
    "analyses_nodes_seconds",
    "weighting_scoring_seconds",
    "weighting_scoring_query_seconds",
    "weighting_scoring_dbt_seconds",
    "indicator_values_seconds",
    "imputation_seconds",
    "ratio_weighting_scoring_to_numpy_compute",
    "ratio_dbt_build_to_numpy_total",
    "numpy_peak_mb",
    "warehouse_peak_mb",
    "ratio_peak_memory_warehouse_to_numpy",
    "weighting_scoring_ns_per_cell",
    "max_abs_difference_numpy_vs_warehouse",
)


def write_outputs(report: dict, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = output / "bench.json", output / "bench.csv"
    json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(report["runs"])
    return [json_path, csv_path]


def render(report: dict):
    from rich.table import Table

    runs = report["runs"]
    table = Table(title=f"ewm bench ({report['variant']})", title_justify="left")
    table.add_column("")
    for row in runs:
        table.add_column(
            f"{row['size']}\n{row['regions']:,} × {row['years']} × {row['indicators']}",
            justify="right",
        )

    def line(label: str, key: str, fmt: str) -> None:
        table.add_row(label, *(format(row[key], fmt) for row in runs))

    if any(row.get("repeats", 1) > 1 for row in runs):
        table.add_row(
            "runs (the figures are medians)", *(str(row.get("repeats", 1)) for row in runs)
        )
    line("grid cells (region × year × indicator)", "grid_cells", ",")
    line("observation rows in the file", "observation_rows", ",")
    table.add_row("input format", *(row["format"] for row in runs))
    line("NumPy: read the files (s)", "numpy_read_seconds", ".3f")
    line("NumPy: compute (s)", "numpy_compute_seconds", ".3f")
    table.add_row(
        "  CPU in NumPy / in the kernel (s)",
        *(
            f"{row['numpy_compute_user_seconds']:.2f} / {row['numpy_compute_kernel_seconds']:.2f}"
            for row in runs
        ),
    )
    line("NumPy: read + compute (s)", "numpy_total_seconds", ".3f")
    table.add_row("dbt build", *(row["build"] for row in runs))
    line("warehouse: dbt build, end to end (s)", "dbt_build_seconds", ".2f")
    line("  summed time of the core's nodes (s)", "core_nodes_seconds", ".2f")
    line("  summed time of the analyses marts' nodes (s)", "analyses_nodes_seconds", ".2f")
    line("warehouse: weighting + scoring models (s)", "weighting_scoring_seconds", ".3f")
    line("  of which their SQL in DuckDB (s)", "weighting_scoring_query_seconds", ".3f")
    line("  of which dbt's own work around it (s)", "weighting_scoring_dbt_seconds", ".3f")
    line("  ratio to NumPy compute (target < 1)", "ratio_weighting_scoring_to_numpy_compute", ".2f")
    if any(row.get("each_run") for row in runs):
        table.add_row(
            "    each run's ratio",
            *(
                " ".join(
                    f"{run['ratio_weighting_scoring_to_numpy_compute']:.2f}"
                    for run in row.get("each_run", [])
                )
                for row in runs
            ),
        )
    line("  per grid cell (ns)", "weighting_scoring_ns_per_cell", ".1f")
    line("ratio dbt build / NumPy read + compute", "ratio_dbt_build_to_numpy_total", ".1f")
    line("warehouse: imputation model (s)", "imputation_seconds", ".3f")
    line("warehouse: indicator_values mart (s)", "indicator_values_seconds", ".3f")
    line("peak memory, NumPy (MB)", "numpy_peak_mb", ",.0f")
    line("peak memory, dbt build (MB)", "warehouse_peak_mb", ",.0f")
    line("ratio peak memory warehouse / NumPy", "ratio_peak_memory_warehouse_to_numpy", ".1f")
    line("max |NumPy − warehouse|", "max_abs_difference_numpy_vs_warehouse", ".1e")
    return table


# --------------------------------------------------------------------------- command line


def add_commands(commands) -> None:
    """The `generate` and `bench` subcommands of ./ewm."""
    generate = commands.add_parser(
        "generate", help="write a synthetic region × year × indicator panel (CSV or Parquet)"
    )
    generate.add_argument("--regions", type=int, default=300)
    generate.add_argument("--years", type=int, default=30)
    generate.add_argument("--indicators", type=int, default=60)
    generate.add_argument(
        "--missing-share",
        type=float,
        default=MISSING_SHARE,
        help="share of the grid's cells without a value (default 0.05)",
    )
    generate.add_argument(
        "--negative-share",
        type=float,
        default=NEGATIVE_SHARE,
        help="share of negative indicators (default 0.2)",
    )
    generate.add_argument("--dimensions", type=int, default=3)
    generate.add_argument("--groups", type=int, default=0, help="region groups (group_id)")
    generate.add_argument("--first-year", type=int, default=2000)
    generate.add_argument("--format", default="parquet", choices=["parquet", "csv"])
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument(
        "--out", required=True, help="folder for indicators, observations, regions"
    )
    generate.set_defaults(handler=command_generate)

    bench = commands.add_parser(
        "bench", help="time the warehouse's dbt build against a vectorised NumPy implementation"
    )
    bench.add_argument(
        "--sizes",
        default="small,large",
        help="comma-separated: small (300×30×60), large (3000×30×60) or RxTxK",
    )
    bench.add_argument("--format", default="parquet", choices=["parquet", "csv"])
    bench.add_argument("--seed", type=int, default=PANEL_SEED)
    bench.add_argument("--work", help="folder for panels and scratch builds (default OUTPUT/bench)")
    bench.add_argument("--keep", action="store_true", help="keep the scratch warehouse files")
    bench.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each size N times and show the medians (timings on a small machine are noisy)",
    )
    bench.add_argument(
        "--core-only",
        action="store_true",
        help="leave the analyses marts (models/marts/analyses) out of the dbt build",
    )
    variant = bench.add_argument_group("variant (dbt vars; defaults are the study's)")
    variant.add_argument(
        "--scope", dest="normalization_scope", default="panel", choices=["panel", "year"]
    )
    variant.add_argument(
        "--zero-handling", default="zero", choices=["zero", "shift", "rescale", "none"]
    )
    variant.add_argument("--epsilon", type=float, default=1e-4)
    variant.add_argument("--weights-source", default="entropy", choices=["entropy", "published"])
    bench.set_defaults(handler=command_bench)


def parse_sizes(text: str) -> list[tuple[str, tuple[int, int, int]]]:
    sizes = []
    for item in (part.strip() for part in text.split(",") if part.strip()):
        if item in SIZES:
            sizes.append((item, SIZES[item]))
        elif re.fullmatch(r"\d+x\d+x\d+", item):
            r, t, k = (int(n) for n in item.split("x"))
            sizes.append((item, (r, t, k)))
        else:
            raise ValueError(f"--sizes: {item!r} is neither small, large nor RxTxK (e.g. 50x10x12)")
    return sizes


def command_generate(args: argparse.Namespace) -> int:
    from rich.console import Console

    from scripts import panels

    console = Console()
    try:
        frames = panels.generate_panel(
            args.regions,
            args.years,
            args.indicators,
            missing_share=args.missing_share,
            negative_share=args.negative_share,
            n_dimensions=args.dimensions,
            n_groups=args.groups,
            seed=args.seed,
            first_year=args.first_year,
        )
    except ValueError as error:
        Console(stderr=True).print(f"error: {error}")
        return 1
    indicators, observations, _ = frames
    paths = panels.write_panel(frames, Path(args.out).expanduser(), args.format)
    cells = args.regions * args.years * args.indicators
    missing = cells - int(observations["value"].notna().sum())
    console.print(
        f"{args.regions:,} regions × {args.years} years × {args.indicators} indicators = "
        f"{cells:,} cells; {len(observations):,} observation rows; "
        f"{missing / cells:.1%} of the cells missing; "
        f"{int((indicators['direction'] == 'negative').sum())} negative indicators"
    )
    for path in paths:
        console.print(f"  {path}")
    names = ("indicators_file", "observations_file", "regions_file")
    console.print(
        "Build with: ./ewm build "
        + " ".join(
            f"--{n.replace('_', '-')} {p.resolve()}" for n, p in zip(names, paths, strict=True)
        )
    )
    return 0


def bench_command(args: argparse.Namespace) -> str:
    """The command line that gives this run (options at their defaults left out)."""
    parts = ["./ewm bench", f"--sizes {args.sizes}", f"--format {args.format}"]
    for flag, value, default in (
        ("--scope", args.normalization_scope, "panel"),
        ("--zero-handling", args.zero_handling, "zero"),
        ("--epsilon", args.epsilon, 1e-4),
        ("--weights-source", args.weights_source, "entropy"),
        ("--seed", args.seed, PANEL_SEED),
    ):
        if value != default:
            parts.append(f"{flag} {value}")
    if args.core_only:
        parts.append("--core-only")
    if args.repeat != 1:
        parts.append(f"--repeat {args.repeat}")
    return " ".join(parts)


def command_bench(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console()
    variant = Variant(
        args.normalization_scope, args.zero_handling, args.epsilon, args.weights_source
    )
    output = Path(args.output).expanduser()
    work = Path(args.work).expanduser() if args.work else output / "bench"
    try:
        sizes = parse_sizes(args.sizes)
        if args.repeat < 1:
            raise ValueError(f"--repeat must be at least 1, not {args.repeat}")
    except ValueError as error:
        Console(stderr=True).print(f"error: {error}")
        return 1
    report = run_bench(
        sizes,
        args.format,
        variant,
        work,
        seed=args.seed,
        keep=args.keep,
        progress=lambda text: console.print(text, style="dim"),
        core_only=args.core_only,
        command=bench_command(args),
        repeat=args.repeat,
    )
    console.print(render(report))
    for name, met in report["targets"].items():
        console.print(f"  {name}: {met}")
    written = write_outputs(report, output)
    console.print("Wrote " + ", ".join(str(p) for p in written))
    return 0


def run_bench(
    sizes,
    fmt: str,
    variant: Variant,
    work: Path,
    seed: int = PANEL_SEED,
    keep: bool = False,
    progress=None,
    core_only: bool = False,
    command: str = "",
    repeat: int = 1,
) -> dict:
    before = machine()
    rows = []
    for name, shape in sizes:
        repeated = []
        for attempt in range(repeat):
            if progress:
                progress(
                    f"{name}: {shape[0]:,} × {shape[1]} × {shape[2]} ({fmt}), NumPy then dbt build"
                    + (f" (run {attempt + 1} of {repeat})" if repeat > 1 else "")
                )
            repeated.append(
                run_one(name, shape, fmt, variant, work, seed=seed, keep=keep, core_only=core_only)
            )
        rows.append(median_row(repeated))
    return {
        "command": command,
        "variant": variant.label(),
        "weighting_scoring_models": list(WEIGHTING_MODELS),
        "machine_before": before,
        "machine_after": machine(),
        "runs": rows,
        "targets": targets(rows),
    }


def _main(argv: list[str]) -> int:
    """Entry point of the two side processes: python -m scripts.bench _numpy|_warehouse JSON."""
    side, payload = argv[0], json.loads(argv[1])
    variant = Variant(**payload["variant"])
    if side == "_numpy":
        figures = numpy_side(payload["paths"], variant, Path(payload["result_file"]))
    elif side == "_warehouse":
        figures = warehouse_side(
            payload["paths"], variant, Path(payload["folder"]), payload.get("core_only", False)
        )
    else:
        raise SystemExit(f"unknown side {side!r}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
