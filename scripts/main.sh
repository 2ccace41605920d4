#!/usr/bin/env bash
# The main job on a fresh machine: create .venv, install the pinned dependencies, build the
# warehouse from the shipped data (dbt models, unit tests and data tests), publish it to
# $WAREHOUSE_DB (default warehouse.duckdb) by atomic rename, and print the headline tables.
# Extra arguments go to `ewm build` (see ./ewm build --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements.txt
exec ./ewm build "$@"
