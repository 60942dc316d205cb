#!/usr/bin/env bash
# `make test`: every test of the project, in the order their dependencies need, against real PostgreSQL, Redis,
# a real browser and a private stack of the real services. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
LOG_DIR="$ROOT/.run/test-logs"; mkdir -p "$LOG_DIR"
passed=0; failed=0; broken=()

say() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }
# a suite's "N passed, N failed" line is added to the totals; a suite that failed without one counts as 1 failed
count_line() { # logfile suite exit-code
  local line p="" f=""
  line="$(grep -E '^[[:alnum:]:]*[[:space:]]*[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1 || true)"
  if [ -n "$line" ]; then
    p="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')"; f="$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')"
  elif grep -qE '^(ℹ|#) pass [0-9]+' "$1"; then # node's own test runner
    p="$(grep -E '^(ℹ|#) pass [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+')"
    f="$(grep -E '^(ℹ|#) fail [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+')"
  fi
  if [ -n "$p" ]; then
    passed=$((passed + p)); failed=$((failed + ${f:-0}))
    if [ "$3" != 0 ] && [ "${f:-0}" = 0 ]; then failed=$((failed + 1)); fi
  elif [ "$3" != 0 ]; then failed=$((failed + 1)); fi
  [ "$3" = 0 ] || broken+=("$2")
}
run_suite() { # name dir command...
  local name="$1" dir="$2"; shift 2
  say "$name"
  (cd "$dir" && "$@") 2>&1 | tee "$LOG_DIR/$name.log"
  count_line "$LOG_DIR/$name.log" "$name" "${PIPESTATUS[0]}"
}

say "infrastructure"
bash scripts/infra.sh --with-browser || { echo "infrastructure could not be prepared"; echo "0 passed, 1 failed"; exit 1; }
# tests must never pick up a deployment's database or Redis
unset DATABASE_URL REDIS_URL SUPABASE_URL SUPABASE_JWKS_URL

say "Java: build and test every module (mvn install)"
mvn -B -ntp install 2>&1 | tee "$LOG_DIR/maven.log"
mvn_status=${PIPESTATUS[0]}
read -r mp mf < <(python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
p = f = 0
for path in glob.glob('**/target/surefire-reports/TEST-*.xml', recursive=True):
    s = ET.parse(path).getroot()
    t, fl, er, sk = (int(s.get(k, 0)) for k in ('tests', 'failures', 'errors', 'skipped'))
    p += t - fl - er - sk; f += fl + er
print(p, f)
PY
)
passed=$((passed + mp)); failed=$((failed + mf))
if [ "$mvn_status" != 0 ]; then [ "$mf" != 0 ] || failed=$((failed + 1)); broken+=("maven"); fi
echo "Java: $mp passed, $mf failed"

for pkg in services/dashboard-web sdk/typescript demo; do
  [ -f "$pkg/package.json" ] || continue
  name="npm-$(basename "$pkg")"
  run_suite "$name-install" "$pkg" npm ci --no-audit --no-fund --loglevel=error
  run_suite "$name" "$pkg" npm test
  # ESLint + Prettier (`make lint`); one pass or one fail per package
  run_suite "$name-lint" "$pkg" bash -c 'npm run --silent lint && echo "lint: 1 passed, 0 failed"'
done
if [ -f services/dashboard-web/package.json ]; then
  run_suite "dashboard-web-build" services/dashboard-web npm run build
fi
# Python SDK (stdlib only): pytest from Debian's python3-pytest, installed by the script if missing
[ -f sdk/python/pyproject.toml ] && run_suite "python-sdk" sdk/python bash scripts/run-tests.sh tests --ignore=tests/integration
[ -f sdk/python/pyproject.toml ] && run_suite "python-sdk-lint" sdk/python python3 scripts/lint.py
# `make seed` at a small size into its own database: consistent rows, the whole schema back after the load
run_suite "seed" . bash sdk/python/scripts/run-tests.sh "$ROOT/scripts/tests"
# "One migrator" at process level: the processor jar started as the migration Job and as a validate-mode pod,
# on private databases (sensei_contracts_migrate_*, dropped after) and a private redis-server
run_suite "migrate-process" . bash scripts/migrate-process-test.sh

if [ "${#broken[@]}" = 0 ] || [ "${SENSEI_E2E_ALWAYS:-0}" = 1 ]; then
  say "end-to-end: a private stack on ports 18080-18084 (database sensei_e2e, Redis db 6)"
  if bash scripts/stack.sh start --profile e2e 2>&1 | tee "$LOG_DIR/stack-start.log"; [ "${PIPESTATUS[0]}" = 0 ]; then
    set -a; . "$ROOT/.run/e2e/stack.env"; set +a
    run_suite "e2e-api" services/gateway node --test --test-reporter=spec src/e2e/
    # OTLP/HTTP with the real OpenTelemetry JS exporters and OpenLLMetry's OpenAI instrumentation
    run_suite "e2e-otlp-install" services/ingestion-gateway/src/otlp-e2e npm ci --no-audit --no-fund --loglevel=error
    run_suite "e2e-otlp" services/ingestion-gateway/src/otlp-e2e npm test
    # 1,500 seeded bad inputs over every endpoint (`make fuzz` runs 10,000)
    run_suite "fuzz" services/gateway node src/fuzz/fuzz.mjs --size 1500
    [ -f sdk/typescript/package.json ] && run_suite "e2e-sdk" sdk/typescript npm run test:integration
    [ -f sdk/python/pyproject.toml ] && run_suite "e2e-sdk-python" sdk/python bash scripts/run-tests.sh tests/integration
    [ -f services/dashboard-web/package.json ] && run_suite "e2e-browser" services/dashboard-web npm run test:e2e
    # docs/onboarding.md followed in the browser; product analytics against a local PostHog capture server
    [ -f services/dashboard-web/e2e/onboarding.mjs ] && run_suite "e2e-onboarding" services/dashboard-web node e2e/onboarding.mjs
    [ -f services/dashboard-web/e2e/posthog.mjs ] && run_suite "e2e-analytics" services/dashboard-web node e2e/posthog.mjs
    # dashboard depth, one browser suite per topic (e2e/depth-<topic>.mjs, all on lib.mjs)
    for suite in services/dashboard-web/e2e/depth-*.mjs; do
      [ -f "$suite" ] && run_suite "e2e-$(basename "$suite" .mjs)" services/dashboard-web node "e2e/$(basename "$suite")"
    done
    # the landing page, built for this stack's address and served by its gateway at /site/: pages, links, SEO, the
    # waitlist form against the real endpoint, Lighthouse's accessibility/best-practices/SEO (make lighthouse-site
    # measures performance too)
    run_suite "site-build" "$ROOT" bash -c 'SITE_URL="$SENSEI_URL/site" node site/build.mjs && echo "site build: 1 passed, 0 failed"'
    run_suite "e2e-site" site node --test --test-reporter=spec test/
    # last: it kills every service with SIGKILL under load (and restarts them)
    run_suite "chaos-kill9" services/gateway node --test --test-reporter=spec src/chaos/
  else
    failed=$((failed + 1)); broken+=("stack-start")
  fi
  bash scripts/stack.sh stop --profile e2e >/dev/null 2>&1 || true
else
  say "end-to-end skipped: earlier suites failed (${broken[*]})"
  failed=$((failed + 1))
fi

echo
[ "${#broken[@]}" = 0 ] || echo "failed suites: ${broken[*]} (logs in .run/test-logs/)"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "${#broken[@]}" = 0 ]
