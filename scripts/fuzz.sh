#!/usr/bin/env bash
# `make fuzz`: a private stack (ports 18080-18084, database sensei_e2e, Redis db 6) started, fuzzed with N bad
# inputs over every endpoint (services/gateway/src/fuzz/fuzz.mjs), and stopped. Ends with "N passed, N failed".
#   scripts/fuzz.sh [SIZE] [extra fuzz.mjs options, e.g. --seed 7]
set -uo pipefail
cd "$(dirname "$0")/.."
size="${1:-10000}"; shift || true
bash scripts/stack.sh start --profile e2e || { echo "the stack did not start"; echo "0 passed, 1 failed"; exit 1; }
trap 'bash scripts/stack.sh stop --profile e2e >/dev/null 2>&1 || true' EXIT
set -a; . .run/e2e/stack.env; set +a
node services/gateway/src/fuzz/fuzz.mjs --size "$size" "$@"
