"""`./ewm export` and `./ewm docs`: files for other tools, from the published warehouse.

- ``<out>/export/ewm_tables.xlsx``: the study-style tables, one sheet each, numbers stored as
  numbers (openpyxl), plus the published-versus-computed comparison, the build's metadata and
  the audit's verdicts when the build has them;
- ``<out>/export/parquet/<mart>.parquet``: every mart, for BI tools and notebooks;
- ``<out>/docs/index.html``: dbt's documentation as one static page (``dbt docs generate
  --static``), generated against a copy of the published file so that the published file is
  never opened for writing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scripts import tables
from scripts.build import dbt_environment, dbt_executable
from scripts.outputs import (
    UserError,
    mart_names,
    open_published,
    regions_frame,
    relations,
    writable_folder,
)
from scripts.project import PROJECT_DIR

WORKBOOK_NAME = "ewm_tables.xlsx"
NUMBER_FORMAT = "0.000000"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


@dataclass
class ExportResult:
    workbook: Path | None = None
    parquet: list[Path] = field(default_factory=list)
    docs: Path | None = None
    sheets: list[str] = field(default_factory=list)


def _cell_value(value: object) -> object:
    """Python scalars for openpyxl: numbers stay numbers, missing values become empty cells."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def write_sheet(workbook: Workbook, title: str, frame: pd.DataFrame, note: str = "") -> None:
    sheet = workbook.create_sheet(title[:31])
    row_offset = 1
    if note:
        sheet.cell(row=1, column=1, value=note).font = Font(italic=True)
        row_offset = 3
    for column, name in enumerate(frame.columns, start=1):
        header = sheet.cell(row=row_offset, column=column, value=str(name))
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
    for r, record in enumerate(frame.itertuples(index=False), start=row_offset + 1):
        for c, value in enumerate(record, start=1):
            target = sheet.cell(row=r, column=c, value=_cell_value(value))
            if isinstance(target.value, float):
                target.number_format = NUMBER_FORMAT
    for column, name in enumerate(frame.columns, start=1):
        longest = max([len(str(name))] + [len(str(v)) for v in frame.iloc[:, column - 1].head(200)])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = sheet.cell(row=row_offset + 1, column=1)


def workbook_frames(published: Path) -> list[tuple[str, pd.DataFrame, str]]:
    """(sheet title, frame, note) for each sheet of the workbook."""
    connection = open_published(published)
    try:
        table3_frame, table3_year = tables.table3_scores(connection)
        headline = tables.Headline(
            metadata=tables.build_metadata(connection),
            table1=tables.table1_weights(connection),
            table2=tables.table2_scores(connection),
            table3=table3_frame,
            table3_year=table3_year,
        )
        regions = regions_frame(connection)
        names = {r.region_id: f"{r.name_en} {r.name_zh}".strip() for r in regions.itertuples()}
        comparison = connection.execute(
            "select * from published_comparison order by table_name, figure_id"
        ).fetchdf()
        metadata = connection.execute("select * from build_metadata").fetchdf()
        present = relations(connection)
        audit = (
            connection.execute("select * from study_claims_audit").fetchdf()
            if "study_claims_audit" in present
            else None
        )
        composite = connection.execute(
            "select c.region_id, c.year, c.score, c.rank, c.real_input_share, "
            "p.published_score from composite_scores as c "
            "left join stg_published_composite_scores as p "
            "on c.region_id = p.region_id and c.year = p.year order by c.year, c.rank"
        ).fetchdf()
    finally:
        connection.close()
    provenance = tables.provenance_line(headline.metadata)

    table1 = headline.table1[
        [
            "level",
            "dimension_id",
            "indicator_id",
            "name_en",
            "name_zh",
            "weight",
            "published_weight",
        ]
    ]
    table2 = headline.table2.reset_index()
    table2.columns = ["year"] + [names.get(c, c) for c in headline.table2.columns]
    table3 = headline.table3.reset_index()
    table3.insert(1, "region", [names.get(r, r) for r in table3["region_id"]])
    values = [_cell_value(v) for v in metadata.iloc[0].tolist()]
    metadata_rows = pd.DataFrame(
        {
            "field": list(metadata.columns),
            # numbers stay numbers; everything else as text
            "value": pd.Series(
                [v if isinstance(v, int | float) or v is None else str(v) for v in values],
                dtype=object,
            ),
        }
    )
    sheets = [
        ("Table1_weights", table1, "Weights like the study's Table 1. " + provenance),
        ("Table2_composite", table2, "Composite scores like Table 2. " + provenance),
        (
            f"Table3_dimensions_{headline.table3_year}",
            table3,
            f"Dimension scores of {headline.table3_year} like Table 3. " + provenance,
        ),
        ("Composite_long", composite, "Composite scores with rank and Table 2. " + provenance),
        ("Published_vs_computed", comparison, "Every figure of Tables 1-3 beside this build's."),
        ("Build_metadata", metadata_rows, ""),
    ]
    if audit is not None:
        sheets.append(("Audit_verdicts", audit, "The audit of the study's claims."))
    return sheets


def write_workbook(published: Path, folder: Path) -> tuple[Path, list[str]]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    titles = []
    for title, frame, note in workbook_frames(published):
        write_sheet(workbook, title, frame, note)
        titles.append(title[:31])
    target = folder / WORKBOOK_NAME
    temporary = folder / f".{WORKBOOK_NAME}.tmp"
    workbook.save(temporary)
    os.replace(temporary, target)
    return target, titles


def write_parquet(
    published: Path, folder: Path, step: Callable[[str], None] | None = None
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    connection = open_published(published)
    written = []
    try:
        for name in mart_names(connection):
            if step:
                step(f"parquet: {name}")
            target = folder / f"{name}.parquet"
            temporary = folder / f".{name}.parquet.tmp"
            path_literal = str(temporary).replace("'", "''")
            connection.execute(
                f"copy (select * from \"{name}\") to '{path_literal}' "
                "(format parquet, compression zstd)"
            )
            os.replace(temporary, target)
            written.append(target)
    finally:
        connection.close()
    return written


def write_docs(published: Path, out: Path) -> Path:
    """dbt docs as one static page, generated against a copy of the published file."""
    if not published.exists():
        open_published(published)  # raises the one-line error
    folder = writable_folder(out) / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ewm-docs-") as scratch:
        scratch_path = Path(scratch)
        copy = scratch_path / "warehouse.duckdb"
        shutil.copyfile(published, copy)
        target = scratch_path / "target"
        env = dbt_environment(copy, target)
        command = [dbt_executable(), "docs", "generate", "--static", "--target-path", str(target)]
        page = target / "static_index.html"
        # With the compiled SQL; if the project's models no longer compile against this
        # (older) published file, without it.
        for extra in ([], ["--no-compile"]):
            completed = subprocess.run(
                command + extra, cwd=PROJECT_DIR, env=env, capture_output=True, text=True
            )
            if completed.returncode == 0 and page.exists():
                break
        if completed.returncode != 0 or not page.exists():
            lines = [line for line in completed.stdout.splitlines() if "rror" in line]
            reason = lines[-1].strip() if lines else f"exit code {completed.returncode}"
            raise UserError(f"dbt docs generate failed: {reason}")
        destination = folder / "index.html"
        shutil.copyfile(page, folder / ".index.html.tmp")
        os.replace(folder / ".index.html.tmp", destination)
    return destination


def export(
    published: Path,
    out: Path,
    docs: bool = True,
    step: Callable[[str], None] | None = None,
) -> ExportResult:
    step = step or (lambda _message: None)
    if not published.exists():
        open_published(published)
    folder = writable_folder(out) / "export"
    folder.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    step("workbook: study-style tables")
    result.workbook, result.sheets = write_workbook(published, folder)
    result.parquet = write_parquet(published, folder / "parquet", step)
    if docs:
        step("dbt docs generate --static")
        result.docs = write_docs(published, out)
    return result
