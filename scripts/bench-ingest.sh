#!/usr/bin/env bash
# Load test of the ingestion path through the gateway against the stack from `make run`: several API keys,
# BENCH_SECONDS (default 60) of traffic, then waits for the processor to drain and checks nothing was lost or
# duplicated. Knobs (workers, batch size, target URL) are documented at the top of the generator.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .run/stack/stack.env ] || { echo "no running stack: run \`make run\` first" >&2; exit 1; }
set -a; . .run/stack/stack.env; set +a
exec node services/ingestion-gateway/bench/bench-ingest.mjs
