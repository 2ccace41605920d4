"""Build the warehouse into a working file with dbt, then publish it by atomic rename.

Readers of the published file never see a half-built database: dbt writes only the working
file, and the published file is replaced (os.replace, atomic on POSIX) only after `dbt build`
(models, unit tests and data tests) has passed. A failed build leaves the published file's
bytes as they were.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scripts.project import PROJECT_DIR, working_db_path


@dataclass
class BuildResult:
    ok: bool
    published: Path
    working: Path
    errors: list[str] = field(default_factory=list)
    log: str = ""


def dbt_executable() -> str:
    """The dbt of the running interpreter's environment."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def project_commit() -> str:
    """The project's git commit, with '+dirty' when the work tree has changes."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")


def dbt_environment(working: Path, target_path: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["WAREHOUSE_BUILD_DB"] = str(working)
    env["DBT_PROFILES_DIR"] = str(PROJECT_DIR)
    env.setdefault("EWM_PROJECT_COMMIT", project_commit())
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    if target_path is not None:
        env["DBT_TARGET_PATH"] = str(target_path)
        env["DBT_LOG_PATH"] = str(target_path / "logs")
    return env


def failure_messages(target_path: Path) -> list[str]:
    """The messages of the nodes that failed, from dbt's run_results.json."""
    results_file = target_path / "run_results.json"
    if not results_file.exists():
        return []
    results = json.loads(results_file.read_text(encoding="utf-8"))
    messages = []
    for result in results.get("results", []):
        if result.get("status") in {"error", "fail"}:
            node = result.get("unique_id", "?")
            messages.append(f"{node}: {result.get('message') or 'failed'}")
    return messages


def remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def checkpoint(path: Path) -> None:
    """Fold any write-ahead log into the file, so that the one file is the whole database."""
    import duckdb

    connection = duckdb.connect(str(path), config={"storage_compatibility_version": "v1.5.0"})
    try:
        connection.execute("checkpoint")
    finally:
        connection.close()


def publish(working: Path, published: Path) -> None:
    """Replace the published file by the working one in one atomic rename."""
    checkpoint(working)
    wal = working.with_name(working.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} is still there after a checkpoint; not publishing")
    with open(working, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(working, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def run_build(
    published: Path,
    dbt_vars: Mapping[str, object],
    *,
    target_path: Path | None = None,
    on_line: Callable[[str], None] | None = None,
    publish_result: bool = True,
    extra_args: Sequence[str] = (),
) -> BuildResult:
    """Run `dbt build` (plus extra_args, e.g. a selector) into the working file; publish only if
    everything passed."""
    working = working_db_path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    remove_database(working)
    effective_target = target_path or Path(
        os.environ.get("DBT_TARGET_PATH") or PROJECT_DIR / "target"
    )
    (effective_target / "run_results.json").unlink(missing_ok=True)
    command = [dbt_executable(), "build", "--vars", json.dumps(dict(dbt_vars)), *extra_args]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=dbt_environment(working, effective_target),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if on_line is not None:
            on_line(line.rstrip("\n"))
    returncode = process.wait()
    log = "".join(lines)
    result = BuildResult(ok=returncode == 0, published=published, working=working, log=log)
    if not result.ok:
        result.errors = failure_messages(effective_target) or [log[-4000:]]
        return result
    if publish_result:
        publish(working, published)
    return result
