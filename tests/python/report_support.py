"""Helpers of the report and export tests: run the command line, add analysis marts to a copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_ewm(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.ewm", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# Analysis marts as the analyses issue may shape them; the report must read each of these.
FAKE_ANALYSES = {
    "disparity_by_year": """
        select year,
               stddev_pop(score) / avg(score) as cv_population,
               max(score) - min(score) as leader_laggard_gap,
               max(score) / nullif(min(score), 0) as max_min_ratio,
               count(*) as region_count,
               arg_max(region_id, score) as leader_region_id,
               'one dominant hub' as spatial_pattern
        from composite_scores group by year
    """,
    "obstacle_degrees": """
        with deficits as (
            select v.region_id, v.year, v.indicator_id, v.dimension_id,
                   w.weight * (1 - v.score_value) as deficit
            from indicator_values as v
            inner join indicator_weights as w on v.indicator_id = w.indicator_id
        )
        select region_id, year, indicator_id, dimension_id,
               deficit / sum(deficit) over (partition by region_id, year) as obstacle_degree
        from deficits
    """,
    "coupling_coordination": """
        with pivoted as (
            select region_id, year, list(score order by dimension_id) as u
            from dimension_scores group by region_id, year
        )
        select region_id, year,
               3 * pow(u[1] * u[2] * u[3], 1.0 / 3) / (u[1] + u[2] + u[3]) as coupling_degree,
               (u[1] + u[2] + u[3]) / 3 as coordination_index,
               sqrt(3 * pow(u[1] * u[2] * u[3], 1.0 / 3) / (u[1] + u[2] + u[3])
                    * (u[1] + u[2] + u[3]) / 3) as coordination_degree
        from pivoted
    """,
    "study_claims_audit": """
        select * from (values
            ('table2_zhengzhou_lead', 'Zhengzhou leads every year', 'supported', 'rank 1'),
            ('table2_cagr_zhengzhou', 'Zhengzhou grows 3.8 % a year', 'refuted', '12.1 %'),
            ('table1_output_weight', 'Output weighs most', 'supported', '0.580')
        ) as t(claim_id, claim, verdict, evidence)
    """,
    "growth_rates": """
        select region_id,
               pow(max(score) filter (where year = 2022) / max(score) filter (where year = 2013),
                   1.0 / 9) - 1 as cagr
        from composite_scores group by region_id
    """,
}


def warehouse_with_analyses(source: Path, folder: Path) -> Path:
    """A copy of a published warehouse with the fake analysis marts added."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "warehouse.duckdb"
    shutil.copyfile(source, target)
    connection = duckdb.connect(str(target))
    try:
        for name, sql in FAKE_ANALYSES.items():
            connection.execute(f"create or replace table {name} as {sql}")
        connection.execute("checkpoint")
    finally:
        connection.close()
    return target
