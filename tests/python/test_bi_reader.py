"""A BI tool keeps reading the published file while the main job rebuilds and publishes it.

A second process holds a read-only SQLAlchemy/duckdb-engine connection open and keeps
querying. The rebuild (dbt into the working file, then os.replace onto the published path) must
not be blocked by it; the reader must keep answering, from the old data, without an error; and
a new connection afterwards must see the new data.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from support import build

READER = Path(__file__).with_name("bi_reader.py")


def read_log(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def snapshot(database: Path) -> tuple[str, float]:
    engine = sa.create_engine(f"duckdb:///{database}?access_mode=read_only", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            invocation = connection.execute(
                sa.text("select invocation_id from build_metadata")
            ).scalar()
            total = connection.execute(sa.text("select sum(score) from composite_scores")).scalar()
            return invocation, total
    finally:
        engine.dispose()


def test_reader_keeps_answering_while_the_warehouse_is_rebuilt_and_published(
    shipped_warehouse: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bi"
    folder.mkdir()
    published = folder / "warehouse.duckdb"
    shutil.copyfile(shipped_warehouse, published)
    old_invocation, old_sum = snapshot(published)

    log, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, str(READER), str(published), str(log), str(stop), "900"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: len(read_log(log)) >= 3, 240, "the reader's first answers")

        started = time.time()
        # another variant, so that the new data differ from the old
        result = build(folder, {"zero_handling": "shift", "epsilon": 0.01})
        finished = time.time()
        assert result.ok, "\n".join(result.errors)
        assert result.published == published

        wait_for(
            lambda: sum(1 for r in read_log(log) if r["t"] > finished) >= 3,
            240,
            "the reader's answers after the publish",
        )
    finally:
        stop.touch()
        try:
            _out, err = reader.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            reader.kill()
            _out, err = reader.communicate()
    assert reader.returncode == 0, err

    records = read_log(log)
    errors = [r for r in records if not r["ok"]]
    assert errors == [], errors[:3]
    # it kept answering during the rebuild and after the publish, always from the old data
    assert any(started <= r["t"] <= finished for r in records)
    assert any(r["t"] > finished for r in records)
    assert {r["invocation_id"] for r in records} == {old_invocation}
    assert all(abs(r["sum"] - old_sum) < 1e-12 for r in records)

    # a new connection sees the new build
    new_invocation, new_sum = snapshot(published)
    assert new_invocation != old_invocation
    assert abs(new_sum - old_sum) > 1e-6
