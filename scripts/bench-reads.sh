#!/usr/bin/env bash
# `make bench-reads`: every GET the dashboard's pages send, each under 8 concurrent clients (wrk: 2 threads,
# 8 connections; a C event loop, so the generator costs little of the CPU it measures), against a private
# dashboard-api on the seeded database (`make seed`). Per endpoint: a warm-up, then BENCH_SECONDS of load; P50, P95,
# P99, max, req/s, non-2xx, the P95 target, and the CPU of wrk, the service and the database's backends.
# Then, for every endpoint over its target, the plans the service ran (EXPLAIN ANALYZE, BUFFERS): auto_explain is
# loaded for that database alone (ALTER DATABASE ... SET session_preload_libraries, reset at exit), a fresh
# dashboard-api sends one request, and the plans are cut from the server log.
#
# Knobs: SEED_DB (sensei_seed), BENCH_ONLY (only the labels holding one of these comma-separated words),
#        BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_PORT (18381), BENCH_REDIS_DB (12),
#        BENCH_JAVA_OPTS (-Xmx512m -XX:+UseSerialGC), BENCH_PG_LOG (the server log; found by itself on Debian)
# Output: the Markdown table on stdout and in build/bench-reads.md (the plans only there; stdout gets each one's
# slowest statement). Exit 1 when an endpoint answered errors; a missed target is reported, not a failure.
# Takes (BENCH_WARMUP + BENCH_SECONDS) x 37 endpoints: about 8 minutes at the defaults, plus a minute for the plans.
# Only dashboard-api is started (the viewer token is minted here with the secret handed to it, as admin-api's local
# login would sign it); it is stopped at exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

DB="${SEED_DB:-sensei_seed}"
PORT="${BENCH_PORT:-18381}"
BENCH_SECONDS="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP:-3}"
REDIS_DB="${BENCH_REDIS_DB:-12}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}"
JAR="$ROOT/services/dashboard-api/target/quarkus-app/quarkus-run.jar"
STATE="$ROOT/.run/bench-reads"
OUT="$ROOT/build/bench-reads.md"
export PGPASSWORD="${PGPASSWORD:-postgres}"
PSQL=(psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)

say() { printf '\033[1;35m[bench-reads]\033[0m %s\n' "$*"; }
die() { echo "[bench-reads] $*" >&2; exit 1; }

bash scripts/infra.sh --with-wrk >/dev/null \
  || die "PostgreSQL, Redis or wrk is missing and could not be installed (scripts/infra.sh --with-wrk)"
command -v wrk >/dev/null 2>&1 || die "wrk is not installed (apt-get install wrk)"
[ -f "$JAR" ] || die "missing $JAR: build first (make build-java)"
[ "$("${PSQL[@]}" -d postgres -c "select count(*) from pg_database where datname = '$DB'")" = 1 ] \
  || die "no database $DB: run \`make seed\` first (SEED_DB= names another)"
"${PSQL[@]}" -d "$DB" -c "select 1 from conversations limit 1" | grep -q 1 \
  || die "database $DB has no conversations: run \`make seed\` (SEED_DB=$DB)"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is taken (BENCH_PORT= picks another)"; fi

mkdir -p "$STATE" "$ROOT/build"
SECRET="bench-reads-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
export BENCH_TOKEN
BENCH_TOKEN="$(BENCH_JWT_SECRET="$SECRET" python3 scripts/bench_reads.py token)"
URL="http://127.0.0.1:$PORT"
SERVICE_PID=""
EXPLAINING=0

start_service() {
  # only what dashboard-api reads: its database, a Redis db of its own, the port, the secret it verifies tokens with
  env -u SUPABASE_URL -u SUPABASE_JWKS_URL -u SUPABASE_JWT_ISSUER \
    DATABASE_URL="postgresql://postgres:${PGPASSWORD}@127.0.0.1:5432/$DB" \
    REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" QUARKUS_HTTP_PORT="$PORT" SUPABASE_JWT_SECRET="$SECRET" \
    nohup java $JAVA_OPTS -jar "$JAR" >> "$STATE/dashboard-api.log" 2>&1 &
  SERVICE_PID=$!
  local deadline=$((SECONDS + ${BENCH_START_TIMEOUT:-120}))
  until curl -fs -o /dev/null "$URL/q/health/ready"; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -n 40 "$STATE/dashboard-api.log" >&2; die "dashboard-api exited"; }
    [ $SECONDS -lt "$deadline" ] \
      || { tail -n 40 "$STATE/dashboard-api.log" >&2; die "dashboard-api not ready in time"; }
    sleep 0.2
  done
  say "dashboard-api on :$PORT (pid $SERVICE_PID) against $DB"
}

stop_service() {
  [ -n "$SERVICE_PID" ] || return 0
  kill "$SERVICE_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

AUTO_EXPLAIN=(session_preload_libraries auto_explain.log_min_duration auto_explain.log_analyze auto_explain.log_buffers)
auto_explain_off() {
  local name
  for name in "${AUTO_EXPLAIN[@]}"; do "${PSQL[@]}" -d postgres -c "alter database $DB reset $name" >/dev/null; done
}

cleanup() {
  stop_service
  [ "$EXPLAINING" = 0 ] || auto_explain_off || echo "[bench-reads] could not reset auto_explain on $DB" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

: > "$STATE/dashboard-api.log"
rm -f "$STATE/results.json"
start_service
say "$WARMUP s warm-up + $BENCH_SECONDS s per endpoint, wrk 2 threads / 8 connections"
status=0
python3 scripts/bench_reads.py run --url "$URL" --db "$DB" --out "$OUT" --results "$STATE/results.json" \
  --seconds "$BENCH_SECONDS" --warmup "$WARMUP" --service-pid "$SERVICE_PID" --java-opts "$JAVA_OPTS" || status=$?

missed=0
[ ! -f "$STATE/results.json" ] || missed="$(python3 scripts/bench_reads.py missed --results "$STATE/results.json")"
if [ "$missed" -gt 0 ]; then
  # a database setting of someone else's is never overwritten
  if [ -n "$("${PSQL[@]}" -d postgres -c "select 1 from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase
        where d.datname = '$DB' and s.setrole = 0 and exists (select 1 from unnest(s.setconfig) c
        where c like 'session_preload_libraries=%')")" ]; then
    say "$DB already has session_preload_libraries set: no plans captured"
  else
    say "plans of the $missed endpoints over target (auto_explain on $DB, fresh dashboard-api)"
    stop_service
    EXPLAINING=1
    "${PSQL[@]}" -d postgres -c "alter database $DB set session_preload_libraries = 'auto_explain'" \
      -c "alter database $DB set auto_explain.log_min_duration = 0" \
      -c "alter database $DB set auto_explain.log_analyze = on" \
      -c "alter database $DB set auto_explain.log_buffers = on" >/dev/null
    start_service
    python3 scripts/bench_reads.py explain --url "$URL" --db "$DB" --out "$OUT" --results "$STATE/results.json"
    stop_service
    auto_explain_off
    EXPLAINING=0
  fi
fi
say "written to build/bench-reads.md"
exit "$status"
