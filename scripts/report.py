"""`./ewm report`: one self-contained HTML page of the published warehouse, plus each figure as
PNG and SVG for a journal page.

The page needs no network: the figures are inline SVG (drawn by matplotlib, text as glyph
outlines), the style and the small script are inline, and it loads nothing. Written to
``<out>/report/index.html`` with the figures in ``<out>/report/figures/``.

The page carries a JSON manifest (``<script type="application/json" id="report-manifest">``)
with, for each figure, how many elements of each kind were drawn; the browser test checks the
page against it and against counts it derives from the database itself.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from scripts import analysis_views as views
from scripts import figures, tables
from scripts.outputs import (
    ANALYSIS_MARTS,
    UserError,
    analysis_mart_names,
    dimensions_frame,
    indicators_frame,
    open_published,
    parse_regions,
    regions_frame,
    writable_folder,
)

ANALYSIS_TITLES = {
    "growth_rates": "Growth rates 增长率",
    "disparity_by_year": "Disparity between regions by year 区域差异",
    "region_standing": "Region standing 城市地位",
    "obstacle_degrees": "Obstacle degrees 障碍度",
    "topsis_scores": "TOPSIS scores TOPSIS 得分",
    "coupling_coordination": "Coupling coordination 耦合协调度",
    "sensitivity": "Sensitivity of the results to the method 敏感性分析",
    "study_claims_audit": "Audit of the study's claims 研究结论核查",
}
MAX_TABLE_ROWS = 200
# The audit's columns shown on the page (when the mart has them); the rest are in the exports.
AUDIT_COLUMNS = (
    "section",
    "claim",
    "printed",
    "recomputed_value",
    "verdict",
    "detail",
)
AUDIT_WIDE = ("claim", "sentence", "detail")


@dataclass
class ReportResult:
    page: Path
    figure_files: list[Path]
    manifest: dict[str, object]
    skipped: list[str] = field(default_factory=list)


@dataclass
class Data:
    metadata: dict[str, object]
    table1: pd.DataFrame
    composite: pd.DataFrame
    dimension_scores: pd.DataFrame
    published_composite: pd.DataFrame
    published_dimensions: pd.DataFrame
    comparison: pd.DataFrame
    regions: pd.DataFrame
    dimensions: pd.DataFrame
    indicators: pd.DataFrame
    region_order: list[str]
    analyses: dict[str, pd.DataFrame]


def load(connection: duckdb.DuckDBPyConnection) -> Data:
    def frame(sql: str) -> pd.DataFrame:
        return connection.execute(sql).fetchdf()

    return Data(
        metadata=tables.build_metadata(connection),
        table1=tables.table1_weights(connection),
        composite=frame(
            "select region_id, year, score, rank, real_input_share from composite_scores"
        ),
        dimension_scores=frame("select region_id, year, dimension_id, score from dimension_scores"),
        published_composite=frame("select * from stg_published_composite_scores"),
        published_dimensions=frame("select * from stg_published_dimension_scores"),
        comparison=frame("select * from published_comparison order by table_name, figure_id"),
        regions=regions_frame(connection),
        dimensions=dimensions_frame(connection),
        indicators=indicators_frame(connection),
        region_order=tables.region_order(connection),
        analyses={
            name: frame(f'select * from "{name}"') for name in analysis_mart_names(connection)
        },
    )


# --------------------------------------------------------------------------- formatting


def fmt(value: object, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != 0 and abs(value) < 10 ** (-digits):
            return f"{value:.2e}"
        return f"{value:.{digits}f}"
    try:
        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    return str(value)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def cell(value: object, digits: int = 3) -> str:
    text = fmt(value, digits)
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return f'<td class="num">{esc(text)}</td>' if numeric else f"<td>{esc(text)}</td>"


def frame_table(
    frame: pd.DataFrame, css: str = "data", labels: dict[str, str] | None = None
) -> str:
    """A whole frame as an HTML table (sortable by clicking a header)."""
    labels = labels or {}
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if column == "region_id" and value in labels:
                cells.append(f"<td>{esc(labels[value])}</td>")
            else:
                cells.append(cell(_plain(value)))
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="scroll"><table class="{css} sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _plain(value: object) -> object:
    """numpy scalars to Python ones, for formatting."""
    if hasattr(value, "item") and not isinstance(value, str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


# --------------------------------------------------------------------------- study tables


def table1_html(table1: pd.DataFrame, fonts: figures.Fonts) -> str:
    """Like the study's Table 1: primary indicators with their weights, then the secondary."""
    rows = []
    for dimension in table1[table1["level"] == "dimension"].itertuples():
        members = table1[
            (table1["level"] == "indicator") & (table1["dimension_id"] == dimension.dimension_id)
        ]
        span = max(len(members), 1)
        first = True
        for member in members.itertuples() if len(members) else [None]:
            cells = []
            if first:
                cells.append(
                    f'<td rowspan="{span}">{_name(dimension.name_en, dimension.name_zh)}</td>'
                    f'<td rowspan="{span}" class="num">{fmt(dimension.weight)}</td>'
                    f'<td rowspan="{span}" class="num pub">{fmt(dimension.published_weight)}</td>'
                )
                first = False
            if member is not None:
                cells.append(
                    f"<td>{_name(member.name_en, member.name_zh)}</td>"
                    f'<td class="num">{fmt(member.weight)}</td>'
                    f'<td class="num pub">{fmt(member.published_weight)}</td>'
                )
            rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table class="study" id="table-1"><thead><tr>'
        "<th>Primary indicator 一级指标</th><th>weight</th><th>published</th>"
        "<th>Secondary indicator 二级指标</th><th>weight</th><th>published</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _name(name_en: object, name_zh: object) -> str:
    zh = f' <span class="zh">{esc(name_zh)}</span>' if name_zh else ""
    return f"{esc(name_en)}{zh}"


def table2_html(data: Data, regions: Sequence[str], labels: dict[str, str]) -> str:
    """Like Table 2: composite scores, one row per year, one column per region."""
    published = {
        (r.region_id, int(r.year)): r.published_score for r in data.published_composite.itertuples()
    }
    scores = data.composite.pivot(index="year", columns="region_id", values="score")
    head = "".join(f"<th>{_label_html(region, data)}</th>" for region in regions)
    body = []
    for year, row in scores.iterrows():
        cells = [f"<th>{int(year)}</th>"]
        for region in regions:
            value = row.get(region)
            pub = published.get((region, int(year)))
            pub_html = f'<span class="pub">({fmt(pub)})</span>' if pub is not None else ""
            cells.append(f'<td class="num">{fmt(_plain(value))}{pub_html}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table class="study" id="table-2"><thead><tr><th>Year 年份</th>'
        + head
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def _label_html(region: str, data: Data) -> str:
    match = data.regions[data.regions["region_id"] == region]
    if match.empty:
        return esc(region)
    row = match.iloc[0]
    return _name(row["name_en"], row["name_zh"])


def table3_html(data: Data, year: int, regions: Sequence[str]) -> str:
    """Like Table 3: the year's dimension scores, one row per region."""
    published = {
        (r.region_id, r.dimension_id): r.published_score
        for r in data.published_dimensions.itertuples()
        if int(r.year) == year
    }
    scores = data.dimension_scores[data.dimension_scores["year"] == year]
    dims = list(data.dimensions["dimension_id"])
    head = "".join(f"<th>{_name(d.name_en, d.name_zh)}</th>" for d in data.dimensions.itertuples())
    body = []
    for region in regions:
        cells = [f"<th>{_label_html(region, data)}</th>"]
        total = 0.0
        for dimension in dims:
            match = scores[(scores["region_id"] == region) & (scores["dimension_id"] == dimension)]
            value = float(match["score"].iloc[0]) if not match.empty else None
            total += value or 0.0
            pub = published.get((region, dimension))
            pub_html = f'<span class="pub">({fmt(pub)})</span>' if pub is not None else ""
            cells.append(f'<td class="num">{fmt(value)}{pub_html}</td>')
        cells.append(f'<td class="num">{fmt(total)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table class="study" id="table-3"><thead><tr><th>City 城市</th>'
        + head
        + "<th>Composite 综合</th></tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def comparison_html(comparison: pd.DataFrame, labels: dict[str, str]) -> str:
    if comparison.empty:
        return "<p>This build has no published figures to compare with.</p>"
    summary = (
        comparison.groupby("table_name")
        .agg(
            figures=("figure_id", "count"),
            within_rounding=("within_rounding", "sum"),
            mean_abs_difference=("abs_difference", "mean"),
            max_abs_difference=("abs_difference", "max"),
        )
        .reset_index()
    )
    summary["within_rounding"] = summary["within_rounding"].astype(int)
    detail = comparison[
        [
            "table_name",
            "figure",
            "region_id",
            "year",
            "published_value",
            "computed_value",
            "difference",
            "within_rounding",
        ]
    ]
    return (
        '<div id="comparison-summary">'
        + frame_table(summary, "data")
        + "</div><p>Within rounding: |computed − published| ≤ 0.0005 (the study prints three "
        "decimals).</p><details><summary>Every figure of Tables 1–3 "
        f"({len(detail)})</summary>" + frame_table(detail, "data", labels) + "</details>"
    )


# --------------------------------------------------------------------------- the page

CSS = """
body{font-family:"DejaVu Sans","Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",
 sans-serif;margin:0;color:#1d1d1d;background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.2rem 1.5rem 3rem;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
h3{font-size:1rem;margin-top:1.4rem}.zh{color:#555}.muted{color:#666;font-size:.85rem}
.banner{padding:.7rem 1rem;border-radius:4px;margin:.8rem 0;font-weight:600}
.banner.synthetic{background:#fff3cd;border:2px solid #c98a00;color:#5c3d00}
.banner.real{background:#e6f4ea;border:1px solid #2e933c}
figure{margin:1.2rem 0;padding:.5rem;border:1px solid #eee}figure svg.figure{width:100%;height:auto}
figcaption{font-size:.85rem;color:#333}figcaption a{margin-right:.6rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.2rem .45rem;vertical-align:top}
th{background:#f3f3f3;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.pub{color:#777;font-size:.8em;margin-left:.3em}table.sortable th{cursor:pointer}
.verdict-holds,.verdict-supported,.verdict-reproduced,.verdict-confirmed{background:#e6f4ea}
.verdict-not_checkable{background:#f1f1f1}table.audit td.wide{min-width:18rem}
.verdict-fails,.verdict-refuted,.verdict-contradicted,.verdict-not_reproduced{background:#fde2e1}
nav ul{columns:2;font-size:.9rem}.scroll{overflow-x:auto;max-width:100%}
table.data td{white-space:nowrap}.skipped{color:#666;font-size:.85rem}
"""

SCRIPT = """
(function(){
  function key(td){var t=td.textContent.replace(/[(].*[)]/,'').trim();
    var n=parseFloat(t);return isNaN(n)?t.toLowerCase():n;}
  document.querySelectorAll('table.sortable').forEach(function(table){
    table.querySelectorAll('thead th').forEach(function(th,index){
      th.addEventListener('click',function(){
        var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        var asc=th.getAttribute('data-order')!=='asc';
        rows.sort(function(a,b){var x=key(a.cells[index]),y=key(b.cells[index]);
          return (x>y?1:x<y?-1:0)*(asc?1:-1);});
        rows.forEach(function(r){body.appendChild(r);});
        th.setAttribute('data-order',asc?'asc':'desc');
      });
    });
  });
  var manifest=JSON.parse(document.getElementById('report-manifest').textContent);
  document.documentElement.setAttribute('data-figures',Object.keys(manifest.figures).length);
  document.documentElement.setAttribute('data-ready','1');
})();
"""


def provenance_banner(metadata: dict[str, object]) -> str:
    real = float(metadata["real_input_share"])
    synthetic = float(metadata["synthetic_share"])
    attrs = f'data-real-share="{real:.6f}" data-synthetic-share="{synthetic:.6f}"'
    if synthetic > 0:
        return (
            f'<div class="banner synthetic" id="provenance" {attrs}>SYNTHETIC INPUTS 含合成数据: '
            f"only {real:.1%} of the {metadata['cell_count']} input cells are real (reported, "
            f"derived or proxy, not imputed); {synthetic:.1%} are synthetic. These results are "
            "not the study's yearbook values.</div>"
        )
    return (
        f'<div class="banner real" id="provenance" {attrs}>Real inputs: {real:.1%} of the '
        f"{metadata['cell_count']} input cells (reported, derived or proxy, not imputed); "
        "no synthetic values.</div>"
    )


def figure_html(drawn: figures.Drawn, svg: str, caption: str) -> str:
    return (
        f'<figure id="fig-{drawn.key}" data-counts="{esc(json.dumps(drawn.counts))}">'
        f"{figures.inline_svg(drawn, svg)}<figcaption><b>{esc(drawn.title)}.</b> "
        f'{esc(caption)} <a href="figures/{drawn.key}.png">PNG</a>'
        f'<a href="figures/{drawn.key}.svg">SVG</a></figcaption></figure>'
    )


def make_report(
    published: Path,
    out: Path,
    year: int | None = None,
    regions_text: str | None = None,
    step: Callable[[str], None] | None = None,
) -> ReportResult:
    """Write <out>/report/index.html and <out>/report/figures/*.png|svg."""
    step = step or (lambda _message: None)
    step("reading the published warehouse")
    connection = open_published(published)
    try:
        data = load(connection)
    finally:
        connection.close()
    years = sorted(int(y) for y in data.composite["year"].unique())
    if year is None:
        year = years[-1]
    elif year not in years:
        raise UserError(
            f"--year {year}: not in the published warehouse (years {years[0]}–{years[-1]})"
        )
    chosen = parse_regions(regions_text, data.regions)
    regions = [r for r in data.region_order if chosen is None or r in chosen]
    folder = writable_folder(out) / "report"
    figure_folder = folder / "figures"
    figure_folder.mkdir(parents=True, exist_ok=True)

    fonts = figures.setup_fonts()
    region_labels = {
        r.region_id: figures.bilingual(r.name_en, r.name_zh, fonts)
        for r in data.regions.itertuples()
    }
    dimension_labels = {
        d.dimension_id: figures.bilingual(d.name_en, d.name_zh, fonts, width=34)
        for d in data.dimensions.itertuples()
    }
    indicator_labels = {
        i.indicator_id: figures.two_line_label(i.name_en, i.name_zh, fonts)
        for i in data.indicators.itertuples()
    }

    drawn_figures: list[tuple[figures.Drawn, str]] = []
    skipped: list[str] = []

    step("figure: composite score trends")
    published_composite = data.published_composite[
        data.published_composite["region_id"].isin(regions)
    ]
    drawn_figures.append(
        (
            figures.trend_figure(data.composite, region_labels, regions, published_composite),
            "Composite score of each region by year (solid); the study's Table 2 dashed.",
        )
    )
    step("figure: dimension scores")
    year_scores = data.dimension_scores[data.dimension_scores["year"] == year]
    drawn_figures.append(
        (
            figures.dimension_stack_figure(
                year_scores,
                year,
                region_labels,
                regions,
                dimension_labels,
                list(data.dimensions["dimension_id"]),
            ),
            f"Each region's dimension scores in {year}, stacked; the total is the composite.",
        )
    )
    step("figure: indicator weights")
    drawn_figures.append(
        (
            figures.weights_figure(data.table1, fonts),
            "Entropy weights computed by this build (solid) beside the study's Table 1 "
            "(hatched); the legend gives the dimensions' weights."
            + (
                " Mean of the yearly weights (normalization_scope=year)."
                if data.metadata.get("normalization_scope") == "year"
                else ""
            ),
        )
    )

    if "disparity_by_year" in data.analyses:
        step("figure: disparity")
        series = views.disparity_series(data.analyses["disparity_by_year"])
        if series is None:
            skipped.append("disparity figure: no year and measure columns in disparity_by_year")
        else:
            drawn_figures.append(
                (
                    figures.series_figure(
                        "disparity",
                        "Disparity between regions by year 区域差异",
                        series.frame,
                        "series",
                        "value",
                        series.labels,
                        series.order,
                        "Disparity 差异",
                    ),
                    "Disparity measures of the composite score across regions, by year"
                    + (f" ({series.note})" if series.note else "")
                    + ".",
                )
            )
    if "obstacle_degrees" in data.analyses:
        step("figure: obstacle degrees")
        matrix = views.obstacle_matrix(data.analyses["obstacle_degrees"], year)
        if matrix is None:
            skipped.append("obstacle heatmap: no region and indicator columns in obstacle_degrees")
        else:
            values = matrix.values.loc[[r for r in regions if r in matrix.values.index]]
            order_source = data.indicators if matrix.column_kind == "indicator_id" else None
            if order_source is not None:
                ordered = [i for i in order_source["indicator_id"] if i in values.columns]
                values = values[ordered + [c for c in values.columns if c not in ordered]]
                column_labels = indicator_labels
            else:
                ordered = [d for d in data.dimensions["dimension_id"] if d in values.columns]
                values = values[ordered + [c for c in values.columns if c not in ordered]]
                column_labels = dimension_labels
            title = "Obstacle degrees" + (f", {matrix.year}" if matrix.year else "") + " 障碍度"
            drawn_figures.append(
                (
                    figures.heatmap_figure(
                        "obstacles",
                        title,
                        values,
                        region_labels,
                        column_labels,
                        f"{matrix.value_column} 障碍度",
                    ),
                    f"Obstacle degree ({matrix.value_column}) of each "
                    f"{'indicator' if matrix.column_kind == 'indicator_id' else 'dimension'} "
                    "by region" + (f" ({matrix.note})" if matrix.note else "") + ".",
                )
            )
    if "coupling_coordination" in data.analyses:
        step("figure: coupling coordination")
        found = views.region_series(
            data.analyses["coupling_coordination"],
            [
                "coordination_degree",
                "coupling_coordination_degree",
                "coupling_coordination",
                "coordination",
                "d",
            ],
            ["coordination", "coupling"],
        )
        if found is None:
            skipped.append("coupling figure: no region, year and degree columns")
        else:
            series, column = found
            drawn_figures.append(
                (
                    figures.series_figure(
                        "coupling",
                        "Coupling coordination degree by region 耦合协调度",
                        series.frame,
                        "series",
                        "value",
                        region_labels,
                        [r for r in regions if r in series.order],
                        "Coupling coordination 耦合协调度",
                    ),
                    f"Coupling coordination degree ({column}) of the dimensions, by region"
                    + (f" ({series.note})" if series.note else "")
                    + ".",
                )
            )

    figure_files: list[Path] = []
    figure_blocks: list[str] = []
    manifest_figures: dict[str, dict[str, int]] = {}
    figure_titles: dict[str, str] = {}
    for drawn, caption in drawn_figures:
        step(f"rendering {drawn.key} (PNG, SVG)")
        try:
            png, svg = figures.render(drawn)
        finally:
            figures.close(drawn)
        figure_files += figures.write_files(drawn, figure_folder, png, svg)
        figure_blocks.append(figure_html(drawn, svg, caption))
        manifest_figures[drawn.key] = drawn.counts
        figure_titles[drawn.key] = drawn.title

    step("tables")
    missing_marts = [name for name in ANALYSIS_MARTS if name not in data.analyses]
    manifest = {
        "year": year,
        "regions": regions,
        "figures": manifest_figures,
        "figure_titles": figure_titles,
        "analysis_marts": sorted(data.analyses),
        "missing_analysis_marts": missing_marts,
        "skipped": skipped,
        "cjk_font": fonts.cjk,
        "real_input_share": float(data.metadata["real_input_share"]),
        "synthetic_share": float(data.metadata["synthetic_share"]),
    }
    page = render_page(data, year, regions, region_labels, figure_blocks, manifest, published)
    target = folder / "index.html"
    temporary = target.with_name(".index.html.tmp")
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(target)
    return ReportResult(target, figure_files, manifest, skipped)


def analysis_sections(data: Data, year: int, regions: Sequence[str], labels: dict[str, str]) -> str:
    parts = []
    for name, frame in data.analyses.items():
        if name == "study_claims_audit":
            continue
        title = ANALYSIS_TITLES.get(name, name.replace("_", " ").capitalize())
        note = ""
        if "region_id" in frame.columns:
            frame = frame[frame["region_id"].isin(regions) | frame["region_id"].isna()]
        if "year" in frame.columns and len(frame) > 60 and (frame["year"] == year).any():
            frame = frame[frame["year"] == year]
            note = f" Year {year} only (the whole mart is in the Parquet export)."
        if len(frame) > MAX_TABLE_ROWS:
            note += f" First {MAX_TABLE_ROWS} of {len(frame)} rows."
            frame = frame.head(MAX_TABLE_ROWS)
        parts.append(
            f'<section id="mart-{name}"><h3>{esc(title)} '
            f'<span class="muted">({name})</span></h3><p class="muted">{esc(note.strip())}</p>'
            f"<details{' open' if len(frame) <= 25 else ''}><summary>{len(frame)} rows, "
            f"{len(frame.columns)} columns</summary>{frame_table(frame, 'data', labels)}"
            "</details></section>"
        )
    return "".join(parts)


def audit_section(data: Data) -> str:
    frame = data.analyses.get("study_claims_audit")
    if frame is None:
        return ""
    column = views.verdict_column(frame)
    summary = ""
    if column is not None:
        counts = frame[column].fillna("–").astype(str).value_counts()
        summary = "<p>" + ", ".join(f"{esc(k)}: {v}" for k, v in counts.items()) + "</p>"
    shown = [c for c in AUDIT_COLUMNS if c in frame.columns]
    if column is None or len(shown) < 3:
        shown = list(frame.columns)
    elif column not in shown:
        shown.append(column)
    head = "".join(f"<th>{esc(c)}</th>" for c in shown)
    rows = []
    for record in frame.itertuples(index=False):
        values = dict(zip(frame.columns, record, strict=True))
        verdict = str(values.get(column, "")) if column else ""
        css = f' class="verdict-{esc(verdict.lower().replace(" ", "_"))}"' if verdict else ""
        cells = [
            f'<td class="wide">{esc(fmt(_plain(values[c])))}</td>'
            if c in AUDIT_WIDE
            else cell(_plain(values[c]))
            for c in shown
        ]
        rows.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    note = (
        ""
        if len(shown) == len(frame.columns)
        else '<p class="muted">The main columns; every column is in the workbook '
        "(Audit_verdicts) and in study_claims_audit.parquet.</p>"
    )
    return (
        '<section id="audit"><h2>The audit of the study\'s claims 结论核查</h2>'
        + summary
        + note
        + '<div class="scroll"><table class="audit sortable" id="audit-table">'
        + f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def render_page(
    data: Data,
    year: int,
    regions: Sequence[str],
    labels: dict[str, str],
    figure_blocks: Sequence[str],
    manifest: dict[str, object],
    published: Path,
) -> str:
    meta = data.metadata
    fonts = figures.setup_fonts()
    years = sorted(int(y) for y in data.composite["year"].unique())
    font_note = (
        ""
        if fonts.has_cjk
        else '<p class="banner synthetic" id="font-warning">No CJK font was installed when this '
        "report was drawn (Debian: fonts-noto-cjk): the figures carry English names only.</p>"
    )
    missing = manifest["missing_analysis_marts"]
    skipped_note = ""
    if missing or manifest["skipped"]:
        items = [f"{name} (not in this build)" for name in missing] + list(manifest["skipped"])
        skipped_note = (
            '<p class="skipped" id="skipped">Sections skipped: ' + esc("; ".join(items)) + ".</p>"
        )
    nav_items = [
        f'<li><a href="#fig-{key}">{esc(title)}</a></li>'
        for key, title in manifest["figure_titles"].items()
    ]
    nav_items += [
        '<li><a href="#table-1">Table 1: weights</a></li>',
        '<li><a href="#table-2">Table 2: composite scores</a></li>',
        '<li><a href="#table-3">Table 3: dimension scores</a></li>',
        '<li><a href="#comparison">Published versus computed</a></li>',
    ]
    if data.analyses:
        nav_items.append('<li><a href="#analyses">Analyses</a></li>')
    if "study_claims_audit" in data.analyses:
        nav_items.append('<li><a href="#audit">Audit verdicts</a></li>')
    variant = (
        f"normalization_scope={meta['normalization_scope']}, "
        f"zero_handling={meta['zero_handling']}, epsilon={meta['epsilon']}, "
        f"weights_source={meta['weights_source']}"
    )
    region_note = (
        ""
        if len(regions) == len(data.region_order)
        else f" Regions shown: {', '.join(labels.get(r, r) for r in regions)}."
    )
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = f"""
<main>
<header>
<h1>Entropy-weighted composite index 熵权法综合指数</h1>
<p class="muted">{len(data.region_order)} regions × {years[0]}–{years[-1]} × {len(data.indicators)}
indicators in {len(data.dimensions)} dimensions. Build {esc(meta["built_at"])}, commit
{esc(meta["project_commit"])}; {esc(variant)}.{esc(region_note)}</p>
{provenance_banner(meta)}
{font_note}
<nav><ul>{"".join(nav_items)}</ul></nav>
{skipped_note}
</header>
<section id="figures"><h2>Figures 图</h2>
{"".join(figure_blocks)}
</section>
<section id="tables"><h2>Tables like the study's 表</h2>
<h3>Table 1. Weights of the indicator system 指标体系权重</h3>
<p class="muted">Computed by this build; the study's published weight beside it.</p>
{table1_html(data.table1, fonts)}
<h3>Table 2. Composite scores 综合得分</h3>
<p class="muted">Computed (published in the study, in brackets).</p>
{table2_html(data, regions, labels)}
<h3>Table 3. Dimension scores, {year} 分维度得分</h3>
<p class="muted">Computed (published in the study, in brackets, where it has the year).</p>
{table3_html(data, year, regions)}
</section>
<section id="comparison"><h2>Published versus computed 原文与复算对照</h2>
{comparison_html(data.comparison, labels)}
</section>
{
        '<section id="analyses"><h2>Analyses 分析</h2>'
        + analysis_sections(data, year, regions, labels)
        + "</section>"
        if any(n != "study_claims_audit" for n in data.analyses)
        else ""
    }
{audit_section(data)}
<footer><p class="muted">Written by <code>./ewm report</code> at {generated} from
{esc(published)}. Figures also as PNG (300 dpi) and SVG in <code>figures/</code>.</p></footer>
</main>"""
    manifest_json = json.dumps(manifest, ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Entropy-weighted composite index: report</title>"
        f"<style>{CSS}</style></head><body>{body}"
        f'<script type="application/json" id="report-manifest">{manifest_json}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
