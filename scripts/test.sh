#!/usr/bin/env bash
# The test command (README's "run the tests"; .ci/run calls it): installs newsdesk
# with its dev tools into .venv, then runs ruff, mypy and pytest.
# PostgreSQL tests run when NEWSDESK_TEST_PG names a server (.ci/run starts one).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
# llama.cpp (the `local` extra) compiled for this CPU's every feature crashed in its first
# decode on an AVX-512 (Sapphire Rapids) virtual machine; a portable AVX2 build runs.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
.venv/bin/ruff check newsdesk tests benchmarks scripts
.venv/bin/ruff format --check newsdesk tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
