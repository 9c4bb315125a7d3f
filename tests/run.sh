#!/usr/bin/env bash
# The test command of the README: creates .venv if needed, installs the app with its test
# extras, then runs lint, the layer contract, mypy over domain/ and the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check karier_desktop tests
echo "== import-linter"; .venv/bin/lint-imports
echo "== mypy (domain)"; .venv/bin/mypy
echo "== pytest"; .venv/bin/python -m pytest -q "$@"
