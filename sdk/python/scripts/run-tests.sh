#!/usr/bin/env bash
# Runs the Python SDK's pytest suites with an interpreter that has pytest, as a fresh Debian box gets it:
# `python3 -m pytest` if it works, else Debian's /usr/bin/python3, else `apt-get install python3-pytest` (as root
# or with passwordless sudo) and /usr/bin/python3. Arguments go to pytest (e.g. `tests --ignore=tests/integration`).
# The suite prints "pytest: N passed, M failed" (tests/conftest.py), the line scripts/test-all.sh counts.
set -uo pipefail
cd "$(dirname "$0")/.."

has_pytest() { "$1" -c 'import pytest' >/dev/null 2>&1; }
PY=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && has_pytest "$candidate"; then PY="$candidate"; break; fi
done
if [ -z "$PY" ] && command -v apt-get >/dev/null 2>&1; then
  echo "pytest not found: installing Debian's python3-pytest"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q python3-pytest >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q python3-pytest >/dev/null; }
  elif sudo -n true 2>/dev/null; then sudo -n apt-get install -y -q python3-pytest >/dev/null; fi
  has_pytest /usr/bin/python3 && PY=/usr/bin/python3
fi
if [ -z "$PY" ]; then
  echo "no Python with pytest found (install python3-pytest)"
  echo "pytest: 0 passed, 1 failed"
  exit 1
fi
echo "$("$PY" --version 2>&1), pytest $("$PY" -c 'import pytest; print(pytest.__version__)')"
exec "$PY" -m pytest -q -p no:cacheprovider "$@"
