#!/usr/bin/env bash
# The test command of the README: creates .venv if needed, installs the app with its test
# extras at the locked versions (.ci/constraints.txt), then runs lint, the layer contract, mypy
# over domain/ and the whole pytest suite.
# VENV and CONSTRAINTS may name another environment and lock (used by .ci/upgrade-lock).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=${VENV:-.venv}
CONSTRAINTS=${CONSTRAINTS:-.ci/constraints.txt}
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -c "$CONSTRAINTS" -e ".[test]"
export QT_QPA_PLATFORM=offscreen
# The shared-office tests run against a real PostgreSQL server: a throw-away one unless the
# caller gives KARIER_TEST_PG_URL (see .ci/pg-server).
if [ -z "${KARIER_TEST_PG_URL:-}" ]; then
  eval "$(bash .ci/pg-server start)"
  trap 'bash .ci/pg-server stop "$KARIER_PG_DIR"' EXIT
fi
echo "== ruff"; "$VENV/bin/ruff" check karier_desktop tests
echo "== import-linter"; "$VENV/bin/lint-imports"
echo "== mypy (domain)"; "$VENV/bin/mypy"
echo "== pytest"; "$VENV/bin/python" -m pytest -q "$@"
# The benchmark figures' quick mode, CI subset (tests/perf/run.py CI_FIGURES; information, not
# tests: only a crashed figure fails). KARIER_SKIP_PERF=1 leaves it out.
if [ -z "${KARIER_SKIP_PERF:-}" ]; then echo "== perf (quick, CI subset)"; "$VENV/bin/python" tests/perf/run.py --ci; fi
