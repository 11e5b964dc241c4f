#!/usr/bin/env bash
# Load test (issue 8): national data set in a throwaway PostgreSQL, gunicorn on 127.0.0.1,
# locust headless with 50 users for 60 s. Arguments go to bench/load/run_load.py
# (e.g. --users 20 --time 30s). locust lives in its own venv under var/ (bench-only; pinned in
# bench/load/requirements-load.txt), so the application's environment stays as pinned.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

LOAD_VENV=var/venv-load
if [[ ! -x $LOAD_VENV/bin/locust ]] || [[ bench/load/requirements-load.txt -nt $LOAD_VENV/bin/locust ]]; then
    python3 -m venv "$LOAD_VENV"
    "$LOAD_VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/load/requirements-load.txt
    touch "$LOAD_VENV/bin/locust"
fi
exec bash scripts/with-postgres.sh .venv/bin/python bench/load/run_load.py "$@"
