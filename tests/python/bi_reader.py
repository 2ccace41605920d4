"""A BI tool's reader, run as its own process by test_bi_reader.py.

It holds one read-only SQLAlchemy/duckdb-engine connection to the published file open (the URI
a Superset user types) and queries it every 0.2 s until the stop file appears, logging each
answer (or error) as a JSON line.

Usage: python bi_reader.py DATABASE LOG STOP_FILE [SECONDS]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import sqlalchemy as sa


def main(database: str, log_path: str, stop_path: str, seconds: float = 300.0) -> int:
    engine = sa.create_engine(f"duckdb:///{database}?access_mode=read_only")
    deadline = time.monotonic() + seconds
    stop = Path(stop_path)
    with open(log_path, "a", encoding="utf-8") as log, engine.connect() as connection:
        while not stop.exists() and time.monotonic() < deadline:
            started = time.time()
            try:
                invocation = connection.execute(
                    sa.text("select invocation_id from build_metadata")
                ).scalar()
                total = connection.execute(
                    sa.text("select sum(score) from composite_scores")
                ).scalar()
                record = {"t": started, "ok": True, "invocation_id": invocation, "sum": total}
            except Exception as error:  # a BI tool would show this to its user
                record = {"t": started, "ok": False, "error": f"{type(error).__name__}: {error}"}
            log.write(json.dumps(record) + "\n")
            log.flush()
            time.sleep(0.2)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4], *(float(a) for a in sys.argv[4:5])))
