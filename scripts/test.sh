#!/usr/bin/env bash
# The whole test suite (what CI runs): lint Python and SQL, then pytest, which builds the
# warehouse with dbt (unit and data tests included) and compares it with the NumPy reference,
# the published validation cases and the bad-input rules. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements-dev.txt
# Debian packages of the report's tests: fonts-noto-cjk and chromium (the browser test).
bash scripts/setup_system.sh fonts browser

echo "== ruff"
.venv/bin/ruff check scripts tests/python
.venv/bin/ruff format --check scripts tests/python

echo "== sqlfluff (dbt templater)"
lint_dir="$(mktemp -d)"
trap 'rm -rf "$lint_dir"' EXIT
# The dbt templater compiles the models, and some models read their inputs' columns while
# compiling: give it a built database to compile against.
export WAREHOUSE_BUILD_DB="$lint_dir/lint.duckdb"
.venv/bin/dbt seed --profiles-dir . --target-path "$lint_dir/target" --log-path "$lint_dir/logs" --quiet
.venv/bin/dbt run --profiles-dir . --target-path "$lint_dir/target" --log-path "$lint_dir/logs" --quiet
DBT_TARGET_PATH="$lint_dir/target" .venv/bin/sqlfluff lint models tests analyses --disable-progress-bar
unset WAREHOUSE_BUILD_DB

echo "== pytest"
.venv/bin/python -m pytest -n 2 "$@"
