#!/usr/bin/env bash
# The test command (README's "run the tests"; .ci/run calls it): installs newsdesk
# with its dev tools into .venv, then runs ruff, mypy and pytest.
# PostgreSQL tests run when NEWSDESK_TEST_PG names a server (.ci/run starts one).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
.venv/bin/ruff check newsdesk tests benchmarks scripts
.venv/bin/ruff format --check newsdesk tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
