#!/usr/bin/env bash
# "One migrator" (docs/architecture.md) at process level: the built processor jar — the image the migration Job runs
# with SENSEI_DB_MIGRATE_ONLY=true (deploy/k8s/base/migrate-job.yaml) — started as a real process with real
# environment variables, against private databases sensei_contracts_migrate_<pid>_<case> (dropped at the end) and a
# private redis-server. Cases:
#   (a) SENSEI_DB_MIGRATE_ONLY=true on an empty database: migrates to the newest version, exits 0, no consumer starts
#   (b) SENSEI_DB_MIGRATE=validate on a database one version behind: refuses to start naming both versions, exit != 0,
#       migrates nothing
#   (c) validate on a database with a (fake) newer version than the build: refuses to start, exit != 0
#   (d) validate on the exact version: starts (live and ready answer 200)
# Needs services/processor/target/quarkus-app (mvn package or install), PostgreSQL at 127.0.0.1:5432, redis-server.
# Ends with "N passed, N failed" (scripts/test-all.sh counts it).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
JAR="${SENSEI_PROCESSOR_JAR:-$ROOT/services/processor/target/quarkus-app/quarkus-run.jar}"
MIGRATIONS="$ROOT/libs/db/src/main/resources/db/migration"
export PGPASSWORD="${PGPASSWORD:-postgres}"
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -qAt)
WORK="$(mktemp -d)"
PREFIX="sensei_contracts_migrate_$$"
passed=0; failed=0; dbs=(); redis_pid=""; app_pid=""

ok() { echo "ok   $1"; passed=$((passed + 1)); }
ko() { echo "FAIL $1"; shift; for line in "$@"; do echo "     $line"; done; failed=$((failed + 1)); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null
  for db in "${dbs[@]}"; do "${PSQL[@]}" -d postgres -c "drop database if exists $db with (force)" >/dev/null 2>&1; done
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
  echo "no $JAR: build it first (mvn -pl services/processor -am package -DskipTests)"; echo "0 passed, 1 failed"; exit 1
fi
# the newest migration this build packages, e.g. 13 (V13__email_outbox.sql)
latest="$(ls "$MIGRATIONS" | sed -nE 's/^V([0-9]+)__.*\.sql$/\1/p' | sort -n | tail -n 1)"
previous="$(ls "$MIGRATIONS" | sed -nE 's/^V([0-9]+)__.*\.sql$/\1/p' | sort -n | tail -n 2 | head -n 1)"

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
redis_pid=$!

# every database is created here, before any case runs, so cleanup (in this shell) knows them all
for c in a b c; do
  "${PSQL[@]}" -d postgres -c "drop database if exists ${PREFIX}_$c" -c "create database ${PREFIX}_$c" >/dev/null || exit 1
  dbs+=("${PREFIX}_$c")
done
# runs the jar in the foreground; stdout+stderr to $WORK/<case>.log; the exit code is the process's
run_jar() { # case db timeout-seconds extra-env...
  local name="$1" db="$2" t="$3"; shift 3
  env -u SENSEI_DB_MIGRATE -u SENSEI_DB_MIGRATE_ONLY -u QUARKUS_PROFILE \
    DATABASE_URL="postgresql://postgres:${PGPASSWORD}@127.0.0.1:5432/$db" REDIS_URL="redis://127.0.0.1:$redis_port" \
    QUARKUS_HTTP_PORT="$(free_port)" SENSEI_CONSUMER_NAME="migrate-test" "$@" \
    timeout "$t" java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" >"$WORK/$name.log" 2>&1
}
schema_version() { # db → newest successful version in flyway_schema_history
  "${PSQL[@]}" -d "$1" -c "select version from flyway_schema_history where success and version is not null
                           order by installed_rank desc limit 1" 2>/dev/null
}
consumer_groups() { redis-cli -p "$redis_port" --scan --pattern 'sensei:*' | wc -l; }
tail_of() { tail -n 8 "$WORK/$1.log" | sed 's/^/| /'; }

# (a) the Job: migrate an empty database, exit 0, before any consumer starts
db_a="${PREFIX}_a"
start=$(date +%s%N)
run_jar a "$db_a" 120 SENSEI_DB_MIGRATE_ONLY=true; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
version="$(schema_version "$db_a")"
if [ "$rc" = 0 ] && [ "$version" = "$latest" ] && [ "$(consumer_groups)" = 0 ] \
   && ! grep -qiE 'consumer .*start|XREADGROUP|Listening on' "$WORK/a.log"; then
  ok "(a) SENSEI_DB_MIGRATE_ONLY=true migrated an empty database to V$latest and exited 0 in ${ms} ms; no consumer, no stream, no HTTP listener"
else
  ko "(a) migrate-only: exit $rc, schema V${version:-none} (want 0, V$latest), sensei:* keys in Redis: $(consumer_groups)" "$(tail_of a)"
fi

# (b) validate against an older database: migrated, then its newest history row removed (Quarkus has no Flyway
# target setting; the guard reads only the history), so the database says V$previous
db_b="${PREFIX}_b"
run_jar b-migrate "$db_b" 120 SENSEI_DB_MIGRATE_ONLY=true; rc=$?
"${PSQL[@]}" -d "$db_b" -c "delete from flyway_schema_history where version = '$latest'" >/dev/null
if [ "$rc" != 0 ] || [ "$(schema_version "$db_b")" != "$previous" ]; then
  ko "(b) could not prepare a database at V$previous (exit $rc)" "$(tail_of b-migrate)"
else
  run_jar b "$db_b" 120 SENSEI_DB_MIGRATE=validate; rc=$?
  want="database schema is at V$previous but this build expects V$latest"
  if [ "$rc" != 0 ] && grep -qF "$want" "$WORK/b.log" && [ "$(schema_version "$db_b")" = "$previous" ]; then
    ok "(b) validate at V$previous refused to start (exit $rc): \"$want: run the migration job ...\"; nothing migrated"
  else
    ko "(b) validate at V$previous: exit $rc, message \"$want\" $(grep -qF "$want" "$WORK/b.log" && echo found || echo missing), schema V$(schema_version "$db_b")" "$(tail_of b)"
  fi
fi

# (c) validate against a database newer than the build (a fake future row in flyway_schema_history)
db_c="${PREFIX}_c"
run_jar c-migrate "$db_c" 120 SENSEI_DB_MIGRATE_ONLY=true >/dev/null
future=$((latest + 1))
"${PSQL[@]}" -d "$db_c" -c "insert into flyway_schema_history (installed_rank, version, description, type, script,
    checksum, installed_by, execution_time, success)
  select max(installed_rank) + 1, '$future', 'from a newer release', 'SQL', 'V${future}__from_a_newer_release.sql',
    0, 'migrate-process-test', 0, true from flyway_schema_history" >/dev/null
run_jar c "$db_c" 120 SENSEI_DB_MIGRATE=validate; rc=$?
want="database schema is newer (V$future) than this build (V$latest): roll forward this service"
if [ "$rc" != 0 ] && grep -qF "$want" "$WORK/c.log"; then
  ok "(c) validate at V$future (newer than the build) refused to start (exit $rc): \"$want\""
else
  ko "(c) validate at V$future: exit $rc, message $(grep -qF "$want" "$WORK/c.log" && echo found || echo missing)" "$(tail_of c)"
fi

# (d) validate against the exact version: starts and serves health (then stopped by its pid)
port="$(free_port)"
env -u SENSEI_DB_MIGRATE_ONLY -u QUARKUS_PROFILE \
  DATABASE_URL="postgresql://postgres:${PGPASSWORD}@127.0.0.1:5432/$db_a" REDIS_URL="redis://127.0.0.1:$redis_port" \
  QUARKUS_HTTP_PORT="$port" SENSEI_CONSUMER_NAME="migrate-test" SENSEI_DB_MIGRATE=validate \
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" >"$WORK/d.log" 2>&1 &
app_pid=$!
live=""; ready=""
for _ in $(seq 1 240); do
  kill -0 "$app_pid" 2>/dev/null || break
  live="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/live" || true)"
  ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" || true)"
  [ "$live" = 200 ] && [ "$ready" = 200 ] && break
  sleep 0.5
done
if [ "$live" = 200 ] && [ "$ready" = 200 ] && grep -qF "database schema is at V$latest, as this build expects" "$WORK/d.log"; then
  ok "(d) validate at V$latest started (\"database schema is at V$latest, as this build expects\"): /q/health/live and /ready 200"
else
  ko "(d) validate at V$latest: live $live, ready $ready, process $(kill -0 "$app_pid" 2>/dev/null && echo running || echo exited)" "$(tail_of d)"
fi
kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; app_pid=""

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
