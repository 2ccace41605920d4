"""Figures of the report, drawn with matplotlib (no browser, no network).

Each figure is written as PNG (300 dpi) and SVG sized for a journal page (7.2 in, the width of
a two-column figure) and inlined as SVG in the HTML report. Every drawn element the browser
test counts carries a matplotlib gid starting with ``ewm-`` (``ewm-line-<region>``,
``ewm-bar-<region>-<dimension>``, ...); in the report the SVG's ids are prefixed with the
figure's key, so ``trend-ewm-line-zhengzhou`` is Zhengzhou's line in the trend chart.

Text is drawn as glyph outlines (svg.fonttype = path), so the SVG looks the same everywhere
and needs no font on the reader's machine. The Chinese names need a CJK font (Debian's
fonts-noto-cjk); without it the labels are English only and the report says so.
"""

from __future__ import annotations

import html
import io
import re
import textwrap
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

JOURNAL_WIDTH_IN = 7.2  # a full-width (two-column) figure; 3.5 in is one column
PNG_DPI = 300
LATIN_FONT = "DejaVu Sans"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC")
CJK_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.otf")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
PALETTE = (
    "#1b6ca8",
    "#d1495b",
    "#2e933c",
    "#edae49",
    "#7b4b94",
    "#00798c",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)


@dataclass
class Fonts:
    """The font families in use and whether Chinese text can be drawn."""

    families: list[str]
    cjk: str | None

    @property
    def has_cjk(self) -> bool:
        return self.cjk is not None


@dataclass
class Drawn:
    """A drawn figure: its key, title, the gids of the counted elements, tooltips."""

    key: str
    title: str
    caption: str
    figure: Figure
    counts: dict[str, int] = field(default_factory=dict)
    tooltips: dict[str, str] = field(default_factory=dict)


_fonts: Fonts | None = None


def setup_fonts() -> Fonts:
    """Use DejaVu Sans for Latin text with a Noto CJK fallback for Chinese, when installed.

    matplotlib's font cache may predate the installation of fonts-noto-cjk: the font files
    are then added by path.
    """
    global _fonts
    if _fonts is not None:
        return _fonts
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    cjk = next((name for name in CJK_FAMILIES if name in known), None)
    if cjk is None:
        for directory in FONT_DIRS:
            root = Path(directory)
            if not root.is_dir():
                continue
            for name in CJK_FONT_FILES:
                for path in root.rglob(name):
                    font_manager.fontManager.addfont(str(path))
        known = {entry.name for entry in font_manager.fontManager.ttflist}
        cjk = next((name for name in CJK_FAMILIES if name in known), None)
    families = [LATIN_FONT] + ([cjk] if cjk else [])
    matplotlib.rcParams.update(
        {
            "font.family": families,
            "font.size": 8,
            "axes.titlesize": 9,
            "axes.labelsize": 8,
            "legend.fontsize": 7,
            "xtick.labelsize": 7,
            "ytick.labelsize": 7,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "path",
            "svg.hashsalt": "ewm-report",
            "figure.dpi": 100,
        }
    )
    _fonts = Fonts(families=families, cjk=cjk)
    return _fonts


def missing_glyphs(texts: Iterable[str], fonts: Fonts | None = None) -> set[str]:
    """Characters of texts that none of the fonts in use can draw."""
    fonts = fonts or setup_fonts()
    from matplotlib.ft2font import FT2Font

    charmaps = []
    for family in fonts.families:
        path = font_manager.findfont(
            font_manager.FontProperties(family=family), fallback_to_default=False
        )
        charmaps.append(set(FT2Font(path).get_charmap()))
    missing = set()
    for text in texts:
        for char in text:
            if char.isspace() or not char.isprintable():
                continue
            if not any(ord(char) in charmap for charmap in charmaps):
                missing.add(char)
    return missing


def slug(value: object) -> str:
    """A piece of an SVG id: letters, digits, underscores and dashes."""
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", str(value)).strip("_")
    return text or "x"


def bilingual(name_en: object, name_zh: object, fonts: Fonts, width: int | None = None) -> str:
    """'English 中文', or English only without a CJK font; wrapped to width characters."""
    english = str(name_en) if name_en is not None and str(name_en) != "nan" else ""
    chinese = str(name_zh) if name_zh is not None and str(name_zh) not in ("", "nan") else ""
    if width is not None and len(english) > width:
        english = "\n".join(textwrap.wrap(english, width))
    if not chinese or not fonts.has_cjk:
        return english
    if width is not None and len(english) + len(chinese) + 1 > width:
        return f"{english}\n{chinese}"
    return f"{english} {chinese}"


def new_figure(height_in: float) -> tuple[Figure, plt.Axes]:
    figure = Figure(figsize=(JOURNAL_WIDTH_IN, height_in), layout="constrained")
    axes = figure.add_subplot()
    return figure, axes


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def trend_figure(
    scores: pd.DataFrame,
    region_labels: dict[str, str],
    regions: Sequence[str],
    published: pd.DataFrame | None = None,
    title: str = "Composite score by region 综合得分",
) -> Drawn:
    """One line per region (composite score by year); Table 2's values dashed when given.

    scores: region_id, year, score. published: region_id, year, published_score.
    """
    figure, axes = new_figure(3.6)
    drawn = Drawn("trend", title, "", figure)
    lines = 0
    for index, region in enumerate(regions):
        rows = scores[scores["region_id"] == region].sort_values("year")
        if rows.empty:
            continue
        label = region_labels.get(region, region)
        (line,) = axes.plot(
            rows["year"], rows["score"], marker="o", markersize=3, linewidth=1.5,
            color=colour(index), label=label,
        )  # fmt: skip
        line.set_gid(f"ewm-line-{slug(region)}")
        drawn.tooltips[line.get_gid()] = f"{label}: " + ", ".join(
            f"{int(y)} {s:.3f}" for y, s in zip(rows["year"], rows["score"], strict=True)
        )
        lines += 1
        if published is not None and not published.empty:
            pub = published[published["region_id"] == region].sort_values("year")
            if not pub.empty:
                (pline,) = axes.plot(
                    pub["year"], pub["published_score"], linestyle="--", linewidth=0.9,
                    color=colour(index), alpha=0.7,
                )  # fmt: skip
                pline.set_gid(f"ewm-published-{slug(region)}")
                drawn.tooltips[pline.get_gid()] = f"{label}, published (Table 2)"
                drawn.counts["published"] = drawn.counts.get("published", 0) + 1
    drawn.counts["line"] = lines
    axes.set_xlabel("Year 年份")
    axes.set_ylabel("Composite score 综合得分")
    axes.set_title(title)
    years = sorted(scores["year"].unique())
    axes.set_xticks(years)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    handles, labels = axes.get_legend_handles_labels()
    if published is not None and drawn.counts.get("published"):
        handles.append(
            matplotlib.lines.Line2D([], [], linestyle="--", color="#555555", linewidth=0.9)
        )
        labels.append("Published, Table 2 (dashed) 原文表2")
    axes.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return drawn


def dimension_stack_figure(
    scores: pd.DataFrame,
    year: int,
    region_labels: dict[str, str],
    regions: Sequence[str],
    dimension_labels: dict[str, str],
    dimensions: Sequence[str],
) -> Drawn:
    """Stacked bars: one bar per region, one segment per dimension (scores of one year).

    scores: region_id, dimension_id, score (of the year).
    """
    figure, axes = new_figure(3.4)
    drawn = Drawn("dimensions", f"Dimension scores by region, {year} 分维度得分", "", figure)
    positions = np.arange(len(regions))
    bottoms = np.zeros(len(regions))
    segments = 0
    for d_index, dimension in enumerate(dimensions):
        values = []
        for region in regions:
            match = scores[(scores["region_id"] == region) & (scores["dimension_id"] == dimension)]
            values.append(float(match["score"].iloc[0]) if not match.empty else 0.0)
        bars = axes.bar(
            positions, values, bottom=bottoms, width=0.6, color=colour(d_index),
            label=dimension_labels.get(dimension, dimension), edgecolor="white", linewidth=0.5,
        )  # fmt: skip
        for region, bar, value in zip(regions, bars, values, strict=True):
            gid = f"ewm-bar-{slug(region)}-{slug(dimension)}"
            bar.set_gid(gid)
            drawn.tooltips[gid] = (
                f"{region_labels.get(region, region)} · "
                f"{dimension_labels.get(dimension, dimension)}: {value:.3f}"
            )
            segments += 1
        bottoms += np.array(values)
    for position, total in zip(positions, bottoms, strict=True):
        axes.annotate(
            f"{total:.3f}", (position, total), xytext=(0, 2), textcoords="offset points",
            ha="center", va="bottom", fontsize=7,
        )  # fmt: skip
    drawn.counts["bar"] = segments
    axes.set_xticks(positions, [region_labels.get(r, r) for r in regions])
    axes.set_ylabel("Score 得分")
    axes.set_title(drawn.title)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return drawn


def weights_figure(table1: pd.DataFrame, fonts: Fonts) -> Drawn:
    """Each indicator's computed weight beside the published one (Table 1), grouped by dimension.

    table1: the frame of scripts.tables.table1_weights.
    """
    indicators = table1[table1["level"] == "indicator"].reset_index(drop=True)
    dimensions = table1[table1["level"] == "dimension"].reset_index(drop=True)
    dimension_colour = {d: colour(i) for i, d in enumerate(dimensions["dimension_id"])}
    lines = sum(
        two_line_label(r.name_en, r.name_zh, fonts).count("\n") + 1 for r in indicators.itertuples()
    )
    height = 1.0 + 0.2 * lines + 0.12 * len(indicators)
    figure, axes = new_figure(height)
    title = "Indicator weights: computed beside published (Table 1) 指标权重"
    drawn = Drawn("weights", title, "", figure)
    positions = np.arange(len(indicators))[::-1]
    published = pd.to_numeric(indicators["published_weight"], errors="coerce").to_numpy()
    has_published = ~np.isnan(published)
    bar_height = 0.38 if has_published.any() else 0.6
    shift = bar_height / 2 if has_published.any() else 0.0
    computed_count = published_count = 0
    for row, position in zip(indicators.itertuples(), positions, strict=True):
        fill = dimension_colour.get(row.dimension_id, "#555555")
        (bar,) = axes.barh(position + shift, float(row.weight), height=bar_height, color=fill)
        gid = f"ewm-computed-{slug(row.indicator_id)}"
        bar.set_gid(gid)
        drawn.tooltips[gid] = f"{row.name_en}: computed {float(row.weight):.3f}"
        computed_count += 1
        value = pd.to_numeric(pd.Series([row.published_weight]), errors="coerce").iloc[0]
        if not np.isnan(value):
            (pbar,) = axes.barh(
                position - shift, float(value), height=bar_height, color="white",
                edgecolor=fill, hatch="////", linewidth=0.8,
            )  # fmt: skip
            pgid = f"ewm-published-{slug(row.indicator_id)}"
            pbar.set_gid(pgid)
            drawn.tooltips[pgid] = f"{row.name_en}: published {float(value):.3f}"
            published_count += 1
    drawn.counts["computed"] = computed_count
    if published_count:
        drawn.counts["published"] = published_count
    labels = [two_line_label(r.name_en, r.name_zh, fonts) for r in indicators.itertuples()]
    axes.set_yticks(positions, labels)
    axes.set_xlabel("Weight 权重")
    axes.set_title(drawn.title)
    axes.grid(axis="x", linewidth=0.4, alpha=0.5)
    axes.set_axisbelow(True)
    handles = [
        Rectangle((0, 0), 1, 1, color=dimension_colour[d.dimension_id])
        for d in dimensions.itertuples()
    ]
    labels_legend = [
        f"{bilingual(d.name_en, d.name_zh, fonts, width=34)}\n"
        f"computed {float(d.weight):.3f}"
        + (f", published {float(d.published_weight):.3f}" if pd.notna(d.published_weight) else "")
        for d in dimensions.itertuples()
    ]
    if published_count:
        handles.append(Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#555", hatch="////"))
        labels_legend.append("Published (Table 1) 原文表1")
    axes.legend(handles, labels_legend, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return drawn


def two_line_label(name_en: object, name_zh: object, fonts: Fonts, width: int = 40) -> str:
    """English (wrapped) over Chinese (one line, shortened past 22 characters; the full names
    are in the tables)."""
    english = "\n".join(textwrap.wrap(str(name_en), width)) if name_en else ""
    chinese = str(name_zh) if isinstance(name_zh, str) else ""
    if not chinese or not fonts.has_cjk:
        return english
    if len(chinese) > 22:
        chinese = chinese[:21] + "…"
    return f"{english}\n{chinese}"


def series_figure(
    key: str,
    title: str,
    frame: pd.DataFrame,
    series_column: str,
    value_column: str,
    labels: dict[str, str],
    order: Sequence[str],
    ylabel: str,
) -> Drawn:
    """One line per series over the years (disparity measures, coupling coordination by region).

    frame: year, series_column, value_column.
    """
    figure, axes = new_figure(3.4)
    drawn = Drawn(key, title, "", figure)
    lines = 0
    for index, series in enumerate(order):
        rows = frame[frame[series_column] == series].sort_values("year")
        rows = rows[pd.notna(rows[value_column])]
        if rows.empty:
            continue
        label = labels.get(series, str(series))
        (line,) = axes.plot(
            rows["year"], rows[value_column].astype(float), marker="o", markersize=3,
            linewidth=1.5, color=colour(index), label=label,
        )  # fmt: skip
        gid = f"ewm-line-{slug(series)}"
        line.set_gid(gid)
        drawn.tooltips[gid] = f"{label}: " + ", ".join(
            f"{int(y)} {float(v):.3f}"
            for y, v in zip(rows["year"], rows[value_column], strict=True)
        )
        lines += 1
    drawn.counts["line"] = lines
    years = sorted(pd.unique(frame["year"].dropna()))
    axes.set_xticks([int(y) for y in years])
    axes.set_xlabel("Year 年份")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(axis="y", linewidth=0.4, alpha=0.5)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return drawn


def heatmap_figure(
    key: str,
    title: str,
    matrix: pd.DataFrame,
    region_labels: dict[str, str],
    item_labels: dict[str, str],
    colorbar_label: str,
) -> Drawn:
    """A heatmap drawn as one rectangle per cell: a row per indicator (or dimension), a column
    per region. matrix: index regions, columns indicators (or dimensions)."""
    regions, items = list(matrix.index), list(matrix.columns)
    lines = sum(max(1, item_labels.get(i, i).count("\n") + 1) for i in items)
    figure, axes = new_figure(min(1.3 + 0.16 * lines + 0.12 * len(items), 9.0))
    drawn = Drawn(key, title, "", figure)
    values = matrix.to_numpy(dtype=float)  # [region, item]
    finite = values[np.isfinite(values)]
    vmin = float(finite.min()) if finite.size else 0.0
    vmax = float(finite.max()) if finite.size else 1.0
    norm = matplotlib.colors.Normalize(vmin=vmin, vmax=vmax if vmax > vmin else vmin + 1)
    cmap = matplotlib.colormaps["YlOrRd"]
    cells = 0
    for i, item in enumerate(items):
        for j, region in enumerate(regions):
            value = values[j, i]
            if not np.isfinite(value):
                continue
            patch = Rectangle((j, i), 1, 1, facecolor=cmap(norm(value)), edgecolor="white")
            gid = f"ewm-cell-{slug(region)}-{slug(item)}"
            patch.set_gid(gid)
            axes.add_patch(patch)
            drawn.tooltips[gid] = (
                f"{region_labels.get(region, region)} · "
                f"{item_labels.get(item, item).replace(chr(10), ' ')}: {value:.4f}"
            )
            shade = "white" if norm(value) > 0.6 else "black"
            axes.text(j + 0.5, i + 0.5, f"{value:.3f}", ha="center", va="center",
                      fontsize=6.5, color=shade)  # fmt: skip
            cells += 1
    drawn.counts["cell"] = cells
    axes.set_xlim(0, len(regions))
    axes.set_ylim(len(items), 0)
    axes.xaxis.tick_top()
    axes.set_xticks(
        np.arange(len(regions)) + 0.5,
        [region_labels.get(r, r).replace(" ", "\n", 1) for r in regions],
    )
    axes.set_yticks(np.arange(len(items)) + 0.5, [item_labels.get(i, i) for i in items])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title(title)
    mappable = matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap)
    figure.colorbar(mappable, ax=axes, label=colorbar_label, shrink=0.6)
    return drawn


class MissingGlyphError(RuntimeError):
    pass


def render(drawn: Drawn) -> tuple[bytes, str]:
    """The figure as PNG bytes and SVG text; fails when a glyph is missing from the fonts."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = io.BytesIO()
        drawn.figure.savefig(png, format="png", dpi=PNG_DPI)
        svg = io.StringIO()
        drawn.figure.savefig(svg, format="svg", metadata={"Date": None})
    problems = [str(w.message) for w in caught if "missing from" in str(w.message)]
    if problems:
        raise MissingGlyphError(f"figure {drawn.key}: {problems[0]}")
    return png.getvalue(), svg.getvalue()


def write_files(drawn: Drawn, folder: Path, png: bytes, svg: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    png_path = folder / f"{drawn.key}.png"
    svg_path = folder / f"{drawn.key}.svg"
    png_path.write_bytes(png)
    svg_path.write_text(svg, encoding="utf-8")
    return [png_path, svg_path]


def inline_svg(drawn: Drawn, svg: str) -> str:
    """The SVG for inlining into HTML: ids prefixed with the figure's key (unique in the
    page), no XML prolog, scaled to the page's width, tooltips as <title> elements."""
    key = drawn.key
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{key}-{m.group(1)}"', text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{key}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m.group(1)})", text)
    text = re.sub(
        r"<svg ([^>]*?)\bwidth=\"[^\"]*\" height=\"[^\"]*\"",
        lambda m: (
            f'<svg {m.group(1)}class="figure" data-figure="{key}" role="img" '
            f'aria-label="{_escape(drawn.title)}"'
        ),
        text,
        count=1,
    )
    for gid, tooltip in drawn.tooltips.items():
        text = text.replace(
            f'<g id="{key}-{gid}">', f'<g id="{key}-{gid}"><title>{_escape(tooltip)}</title>', 1
        )
    return text.strip()


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def close(drawn: Drawn) -> None:
    drawn.figure.clear()
