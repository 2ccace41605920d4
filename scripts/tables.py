"""The headline tables, read from a built warehouse: weights like the study's Table 1,
composite scores like Table 2, and the last year's dimension scores like Table 3."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd


@dataclass
class Headline:
    metadata: dict[str, object]
    table1: pd.DataFrame
    table2: pd.DataFrame
    table3: pd.DataFrame
    table3_year: int


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise FileNotFoundError(
            f"No published warehouse at {path}: build one first (./ewm build), "
            "or point WAREHOUSE_DB or --db at it."
        )
    return duckdb.connect(str(path), read_only=True)


def build_metadata(connection: duckdb.DuckDBPyConnection) -> dict[str, object]:
    frame = connection.execute("select * from build_metadata").fetchdf()
    return frame.iloc[0].to_dict()


def table1_weights(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Dimension and indicator weights (mean over years under year scope), beside Table 1."""
    return connection.execute(
        """
        with indicator_rows as (
            select
                w.dimension_id,
                w.indicator_id,
                any_value(w.display_order) as display_order,
                any_value(w.indicator_name_en) as name_en,
                any_value(w.indicator_name_zh) as name_zh,
                avg(w.weight) as weight,
                any_value(w.published_weight) as published_weight
            from indicator_weights as w
            group by w.dimension_id, w.indicator_id
        ),

        dimension_rows as (
            select
                d.dimension_id,
                any_value(d.display_order) as display_order,
                any_value(d.dimension_name_en) as name_en,
                any_value(d.dimension_name_zh) as name_zh,
                avg(d.weight) as weight
            from dimension_weights as d
            group by d.dimension_id
        ),

        published_dimensions as (
            select dimension_id, published_weight
            from stg_published_weights
            where level = 'dimension'
        ),

        dimension_published as (
            select
                i.dimension_id,
                sum(i.published_weight) as published_weight
            from indicator_rows as i
            group by i.dimension_id
        )

        select
            'dimension' as level,
            d.dimension_id,
            null as indicator_id,
            d.name_en,
            d.name_zh,
            d.weight,
            coalesce(p.published_weight, dp.published_weight) as published_weight,
            d.display_order as dimension_order,
            0 as indicator_order
        from dimension_rows as d
        left join published_dimensions as p on d.dimension_id = p.dimension_id
        left join dimension_published as dp on d.dimension_id = dp.dimension_id
        union all
        select
            'indicator',
            i.dimension_id,
            i.indicator_id,
            i.name_en,
            i.name_zh,
            i.weight,
            i.published_weight,
            d.display_order,
            coalesce(i.display_order, 1000000)
        from indicator_rows as i
        inner join dimension_rows as d on i.dimension_id = d.dimension_id
        order by dimension_order nulls last, dimension_id, indicator_order, indicator_id
        """
    ).fetchdf()


def region_names(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = connection.execute("select region_id, name_en from stg_regions").fetchall()
    return {region_id: name or region_id for region_id, name in rows}


def table2_scores(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Composite scores, one row per year and one column per region."""
    frame = connection.execute(
        "select year, region_id, score from composite_scores order by year, region_id"
    ).fetchdf()
    order = region_order(connection)
    table = frame.pivot(index="year", columns="region_id", values="score")
    return table[[r for r in order if r in table.columns]]


def region_order(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Regions by their composite score in the last year, highest first."""
    rows = connection.execute(
        """
        select region_id
        from composite_scores
        where year = (select max(year) from composite_scores)
        order by rank, region_id
        """
    ).fetchall()
    return [row[0] for row in rows]


def table3_scores(connection: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, int]:
    """The last year's dimension scores, one row per region, one column per dimension."""
    last_year = connection.execute("select max(year) from dimension_scores").fetchone()[0]
    frame = connection.execute(
        """
        select s.region_id, s.dimension_id, s.score
        from dimension_scores as s
        where s.year = ?
        """,
        [last_year],
    ).fetchdf()
    dimensions = [
        row[0]
        for row in connection.execute(
            "select dimension_id from stg_dimensions"
            " order by display_order nulls last, dimension_id"
        ).fetchall()
    ]
    table = frame.pivot(index="region_id", columns="dimension_id", values="score")
    table = table[[d for d in dimensions if d in table.columns]]
    table["composite"] = table.sum(axis=1)
    order = region_order(connection)
    return table.loc[[r for r in order if r in table.index]], int(last_year)


def headline(path: Path) -> Headline:
    connection = open_read_only(path)
    try:
        table3, year = table3_scores(connection)
        return Headline(
            metadata=build_metadata(connection),
            table1=table1_weights(connection),
            table2=table2_scores(connection),
            table3=table3,
            table3_year=year,
        )
    finally:
        connection.close()


def provenance_line(metadata: dict[str, object]) -> str:
    """What the results stand on, said wherever they are shown."""
    real = float(metadata["real_input_share"])
    synthetic = float(metadata["synthetic_share"])
    imputed = int(metadata["imputed_cell_count"]) / max(int(metadata["cell_count"]), 1)
    line = (
        f"Real inputs behind these results: {real:.1%} of the {metadata['cell_count']} cells "
        f"(reported, derived or proxy, not imputed); synthetic: {synthetic:.1%}; "
        f"imputed: {imputed:.1%}."
    )
    if synthetic > 0:
        line += " SYNTHETIC DATA: these are not the study's yearbook values."
    return line


def write_csv(result: Headline, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame, index in (
        ("table1_weights.csv", result.table1, False),
        ("table2_composite_scores.csv", result.table2, True),
        (f"table3_dimension_scores_{result.table3_year}.csv", result.table3, True),
    ):
        target = folder / name
        frame.to_csv(target, index=index, float_format="%.6f")
        written.append(target)
    return written


def region_names_from(path: Path) -> dict[str, str]:
    connection = open_read_only(path)
    try:
        return region_names(connection)
    finally:
        connection.close()
