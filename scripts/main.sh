#!/usr/bin/env bash
# The main job on a fresh machine: create .venv, install the pinned dependencies, build the
# warehouse from the shipped data (dbt models, unit tests and data tests), publish it to
# $WAREHOUSE_DB (default warehouse.duckdb) by atomic rename, print the headline tables, then
# write the report, the exports and dbt docs to output/ and list what was written.
# Extra arguments go to `ewm build` (see ./ewm build --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh requirements.txt
# fonts-noto-cjk for the Chinese names in the figures; without it (not root) the report is
# still written, with English-only figure labels and a warning.
bash scripts/setup_system.sh fonts
./ewm build "$@"
# From the published file: the report (HTML + figures), the workbook, Parquet and dbt docs.
./ewm report
./ewm export
./ewm summary
