#!/usr/bin/env bash
# Starts, stops or reports the whole Sensei stack on this machine (no containers): the five services as plain
# `java -jar` processes, logs under <state>/logs (<svc>.log; the previous start's kept as <svc>.log.1), pids under
# <state>/pids.
#
#   scripts/stack.sh start [--profile run|e2e]   # run: ports 8080-8084, database "sensei", Redis db 0
#   scripts/stack.sh stop  [--profile run|e2e]   # e2e: ports 18080-18084, fresh database "sensei_e2e", Redis db 6
#                                                (SENSEI_E2E_BASE_PORT, SENSEI_E2E_DB, SENSEI_E2E_REDIS_DB override them)
#   scripts/stack.sh status [--profile run|e2e]
#   (the gateway's /q/metrics is on its management port, base + 1000: 9080 for run, 19080 for e2e)
#   scripts/stack.sh kill9 <service> [--profile run|e2e]   # kill -9 one service and start it again (chaos tests)
#
# Expects the services built (mvn package) and PostgreSQL + Redis up (scripts/infra.sh). Settings come from the
# environment, then from .sensei-local.env (written on the first `make run`), then from local defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

cmd="${1:-status}"; shift || true
profile="run"; target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) target="$1"; shift ;;
  esac
done

SERVICES=(gateway dashboard-api admin-api ingestion-gateway processor)
if [ "$profile" = "e2e" ]; then
  # overridable so that several checkouts can each run a private e2e stack at once
  BASE="${SENSEI_E2E_BASE_PORT:-18080}"; DB_NAME="${SENSEI_E2E_DB:-sensei_e2e}"; REDIS_DB="${SENSEI_E2E_REDIS_DB:-6}"
  STATE="$ROOT/.run/e2e"
else
  BASE=8080; DB_NAME="${SENSEI_DB_NAME:-sensei}"; REDIS_DB=0; STATE="$ROOT/.run/stack"
fi
port_of() {
  case "$1" in gateway) echo $((BASE));; dashboard-api) echo $((BASE + 1));; admin-api) echo $((BASE + 2));;
    ingestion-gateway) echo $((BASE + 3));; processor) echo $((BASE + 4));; esac
}
# the gateway's management interface (its /q/metrics; docs/architecture.md "Metrics"): run 9080, e2e 19080
management_port() { echo $((BASE + 1000)); }
say() { printf '\033[1;32m[stack:%s]\033[0m %s\n' "$profile" "$*"; }

load_settings() {
  local envfile="$ROOT/.sensei-local.env"
  if [ "$profile" = "run" ] && [ ! -f "$envfile" ]; then
    umask 077
    {
      echo "# Written by the first \`make run\`; git-ignored. Delete it to get new credentials."
      echo "SENSEI_ADMIN_EMAIL=admin@sensei.local"
      echo "SENSEI_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20)"
      echo "SUPABASE_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 48)"
      echo "SENSEI_PRIVACY_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 48)"
    } > "$envfile"
    say "generated local admin credentials in .sensei-local.env"
  fi
  # the environment wins over the file
  if [ "$profile" = "run" ]; then
    local line key value
    while IFS= read -r line; do
      case "$line" in ''|'#'*) continue ;; esac
      key="${line%%=*}"; value="${line#*=}"
      [ -n "${!key:-}" ] || export "$key=$value"
    done < "$envfile"
  else
    # fresh credentials per e2e stack; a service restarted into a running stack (kill9) reuses them
    local settings="$STATE/settings.env"
    if [ "$cmd" = start ] || [ ! -f "$settings" ]; then
      mkdir -p "$STATE"
      ( umask 077
        { echo "SENSEI_ADMIN_EMAIL=${SENSEI_E2E_ADMIN_EMAIL:-e2e-admin@sensei.local}"
          echo "SENSEI_ADMIN_PASSWORD=${SENSEI_E2E_ADMIN_PASSWORD:-e2e-password-$(date +%s)}"
          echo "SUPABASE_JWT_SECRET=e2e-secret-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
        } > "$settings" )
    fi
    set -a; . "$settings"; set +a
    unset SUPABASE_URL SUPABASE_ANON_KEY SUPABASE_JWKS_URL
    # every e2e suite logs in from 127.0.0.1 after the fuzz has sent thousands of wrong passwords from there: the
    # per-address budget (admin-api AuthTest proves it) would lock the later suites out for 15 minutes
    export SENSEI_ADMIN_LOCKOUT_MAX_FAILURES_PER_ADDRESS="${SENSEI_ADMIN_LOCKOUT_MAX_FAILURES_PER_ADDRESS:-1000000}"
    # likewise the waitlist's per-address sign-up budget (admin-api WaitlistTest proves it): every suite's sign-ups
    # come from 127.0.0.1, the fuzz's included
    export SENSEI_WAITLIST_PER_MINUTE="${SENSEI_WAITLIST_PER_MINUTE:-1000000}" SENSEI_WAITLIST_PER_DAY="${SENSEI_WAITLIST_PER_DAY:-1000000}"
  fi
  export PGPASSWORD="${PGPASSWORD:-postgres}"
  export DATABASE_URL="${DATABASE_URL_OVERRIDE:-postgresql://postgres:${PGPASSWORD}@127.0.0.1:5432/$DB_NAME}"
  export REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
  export SENSEI_PUBLIC_URL="${SENSEI_PUBLIC_URL:-http://localhost:$BASE}"
  # local Slack stand-ins (e2e, demo) listen on 127.0.0.1; production leaves this off (admin-api WebhookUrls)
  export SENSEI_WEBHOOK_ALLOW_LOOPBACK="${SENSEI_WEBHOOK_ALLOW_LOOPBACK:-true}"
  export SENSEI_WEB_ROOT="$ROOT/services/dashboard-web/dist"
  export SENSEI_SITE_ROOT="$ROOT/site/dist"
  export SENSEI_DASHBOARD_API_URL="http://127.0.0.1:$(port_of dashboard-api)"
  export SENSEI_ADMIN_API_URL="http://127.0.0.1:$(port_of admin-api)"
  export SENSEI_INGESTION_URL="http://127.0.0.1:$(port_of ingestion-gateway)"
}

prepare_data() {
  if [ "$profile" = "e2e" ]; then
    say "fresh database $DB_NAME and Redis db $REDIS_DB"
    psql -h 127.0.0.1 -U postgres -q -c "drop database if exists $DB_NAME with (force)" postgres
    redis-cli -n "$REDIS_DB" flushdb >/dev/null
  fi
  if ! psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$DB_NAME'" postgres | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -q -c "create database $DB_NAME" postgres
    say "created database $DB_NAME"
  fi
}

running() { [ -f "$STATE/pids/$1" ] && kill -0 "$(cat "$STATE/pids/$1")" 2>/dev/null; }

java_opts() { # service
  # C1 only (TieredStopAtLevel=1) for every service: it starts fastest, and in make bench-ingest's 30 s batch runs C2
  # on the write path cost the two gateways 2.6x the CPU per message (compilation on 2 shared cores) for no gain in
  # throughput. A long-running production JVM would want C2; set SENSEI_JAVA_OPTS to measure it.
  echo "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
}

start_one() { # service
  local svc="$1" jar="$ROOT/services/$1/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "missing $jar: build first (make build)" >&2; exit 1; }
  if running "$svc"; then say "$svc already running (pid $(cat "$STATE/pids/$svc"))"; return; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$(port_of "$svc")") 2>/dev/null; then
    echo "port $(port_of "$svc") for $svc is taken by another process (is another stack running? make stop)" >&2; exit 1
  fi
  if [ "$svc" = gateway ] && (exec 3<>"/dev/tcp/127.0.0.1/$(management_port)") 2>/dev/null; then
    echo "management port $(management_port) for the gateway is taken by another process" >&2; exit 1
  fi
  QUARKUS_HTTP_PORT="$(port_of "$svc")" SENSEI_MANAGEMENT_PORT="$(management_port)" SENSEI_CONSUMER_NAME="$svc-$(hostname)" \
    nohup java ${SENSEI_JAVA_OPTS:-$(java_opts "$svc")} -jar "$jar" \
    >> "$STATE/logs/$svc.log" 2>&1 &
  echo $! > "$STATE/pids/$svc"
  say "started $svc on :$(port_of "$svc")$([ "$svc" = gateway ] && echo " (metrics :$(management_port)/q/metrics)") (pid $!, log .run/${STATE##*/}/logs/$svc.log)"
}

wait_ready() { # service deadline-in-SECONDS
  local svc="$1"
  until curl -fs -o /dev/null "http://127.0.0.1:$(port_of "$svc")/q/health/ready"; do
    if ! running "$svc"; then echo "$svc exited; last log lines:" >&2; tail -n 40 "$STATE/logs/$svc.log" >&2; exit 1; fi
    if [ $SECONDS -gt "$2" ]; then echo "$svc not ready in time; last log lines:" >&2; tail -n 40 "$STATE/logs/$svc.log" >&2; exit 1; fi
    sleep 0.2
  done
}

# chaos: the service dies without any shutdown hook (no drain, no XACK, no commit), then comes back with the same
# consumer name and settings, as a supervisor would restart it
kill9() { # service
  local svc="$1" pid
  case " ${SERVICES[*]} " in *" $svc "*) ;; *) echo "kill9: unknown service '$svc' (one of: ${SERVICES[*]})" >&2; exit 2 ;; esac
  running "$svc" || { echo "kill9: $svc is not running" >&2; exit 1; }
  load_settings
  pid="$(cat "$STATE/pids/$svc")"
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -f "$STATE/pids/$svc"
  say "killed $svc (pid $pid) with SIGKILL"
  start_one "$svc"
  wait_ready "$svc" $((SECONDS + ${SENSEI_START_TIMEOUT:-120}))
  say "$svc ready again"
}

start() {
  mkdir -p "$STATE/logs" "$STATE/pids"
  load_settings
  prepare_data
  local svc
  for svc in "${SERVICES[@]}"; do
    # keep the previous run's log (a crash is investigated after the restart that follows it)
    if ! running "$svc" && [ -f "$STATE/logs/$svc.log" ]; then mv -f "$STATE/logs/$svc.log" "$STATE/logs/$svc.log.1"; fi
    # all services start at once; each runs Flyway at start, and Flyway's advisory lock lets one migrate while the
    # others wait (libs/db's MigrationsTest covers concurrent starts)
    start_one "$svc"
  done
  local deadline=$((SECONDS + ${SENSEI_START_TIMEOUT:-180}))
  for svc in "${SERVICES[@]}"; do wait_ready "$svc" "$deadline"; done
  say "all services ready"
  # for the tests and for `make demo`: where the stack is and how to log in
  {
    echo "SENSEI_URL=http://localhost:$BASE"
    echo "SENSEI_ADMIN_EMAIL=$SENSEI_ADMIN_EMAIL"
    echo "SENSEI_ADMIN_PASSWORD=$SENSEI_ADMIN_PASSWORD"
    echo "DATABASE_URL=$DATABASE_URL"
    echo "REDIS_URL=$REDIS_URL"
  } > "$STATE/stack.env"
  chmod 600 "$STATE/stack.env"
}

stop() {
  local svc pid
  for svc in "${SERVICES[@]}"; do
    if running "$svc"; then
      pid="$(cat "$STATE/pids/$svc")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      say "stopped $svc"
    fi
    rm -f "$STATE/pids/$svc"
  done
}

status() {
  local svc
  for svc in "${SERVICES[@]}"; do
    if running "$svc"; then
      local pid rss started; pid="$(cat "$STATE/pids/$svc")"; rss="$(ps -o rss= -p "$pid" | tr -d ' ')"
      # Quarkus' "... started in 2.345s. Listening on ..." of this run (the log is rotated at each start)
      started="$(grep -o 'started in [0-9.]*s' "$STATE/logs/$svc.log" 2>/dev/null | tail -n 1 | sed 's/started in //')"
      printf '%-18s up   :%s pid %s rss %s MB start %s\n' "$svc" "$(port_of "$svc")" "$pid" "$((rss / 1024))" \
        "${started:-?}"
    else
      printf '%-18s down :%s\n' "$svc" "$(port_of "$svc")"
    fi
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill9) kill9 "$target" ;;
  *) echo "usage: $0 start|stop|status|kill9 <service> [--profile run|e2e]" >&2; exit 2 ;;
esac
