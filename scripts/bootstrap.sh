#!/usr/bin/env bash
# Creates a virtual environment (if missing) and installs the pinned requirements into it.
# Usage: scripts/bootstrap.sh [requirements-file]   (default: requirements.txt, into .venv)
#        VENV=.venv-spark scripts/bootstrap.sh requirements-spark.txt   (the Spark comparison's
#        own environment: PySpark never goes into .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
venv="${VENV:-.venv}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
stamp="$venv/.installed-$(basename "$req")-$(cat "$req" requirements.txt constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -r "$req"
  touch "$stamp"
fi
