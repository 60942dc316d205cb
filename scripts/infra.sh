#!/usr/bin/env bash
# Finds PostgreSQL and Redis on loopback, or starts them, or installs them from Debian's packages and starts them.
# Usage: scripts/infra.sh [--with-browser] [--with-pgbouncer] [--with-wrk]
#   --with-browser    the test flags (`make test`): Debian's chromium for the browser tests, and everything below
#   --with-pgbouncer  PgBouncer, openssl and PostgreSQL's server binaries (initdb, pg_ctl), which libs/db's tests use
#                     to start a private transaction-mode pooler and a private TLS-only cluster on free ports
#   --with-wrk        Debian's wrk, the HTTP load generator of `make bench-reads`
# Never stops anything. Safe to run again and again.
set -euo pipefail

PG_PORT="${SENSEI_PG_PORT:-5432}"
REDIS_PORT="${SENSEI_REDIS_PORT:-6379}"
export PGPASSWORD="${PGPASSWORD:-postgres}"

say() { printf '\033[1;34m[infra]\033[0m %s\n' "$*"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for_port() { # port name seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do listening "$1" && return 0; sleep 0.1; done
  echo "[infra] $2 did not come up on 127.0.0.1:$1" >&2; return 1
}

APT_UPDATED=0
apt_install() {
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ "$APT_UPDATED" = 0 ]; then say "apt-get update"; $sudo apt-get update -qq; APT_UPDATED=1; fi
  say "installing $* from Debian's packages"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sudo -u postgres sh -c "$*"; fi; }

ensure_postgres() {
  if listening "$PG_PORT"; then say "PostgreSQL is up on 127.0.0.1:$PG_PORT"; else
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt_install postgresql postgresql-client
      local fresh=1
    fi
    local version; version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    say "starting PostgreSQL $version"
    if [ "$(id -u)" = 0 ]; then pg_ctlcluster --skip-systemctl-redirect "$version" main start
    else sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start; fi
    wait_for_port "$PG_PORT" PostgreSQL 30
    if [ "${fresh:-0}" = 1 ]; then
      # a fresh Debian cluster has no password for postgres; give it the one the local defaults use
      as_postgres "psql -q -c \"alter user postgres password '$PGPASSWORD'\""
    fi
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
}

ensure_redis() {
  if listening "$REDIS_PORT"; then say "Redis is up on 127.0.0.1:$REDIS_PORT"; else
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /tmp --logfile /tmp/sensei-redis.log
    wait_for_port "$REDIS_PORT" Redis 15
  fi
  # fault tests start a private redis-server of their own
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
}

ensure_browser() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

ensure_test_servers() {
  command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || apt_install pgbouncer
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
}

ensure_wrk() {
  command -v wrk >/dev/null 2>&1 || apt_install wrk
}

ensure_node() {
  command -v node >/dev/null 2>&1 || apt_install nodejs npm
}

ensure_postgres
ensure_redis
ensure_node
with_browser=0; with_test_servers=0; with_wrk=0
for flag in "$@"; do
  case "$flag" in
    --with-browser) with_browser=1; with_test_servers=1 ;;
    --with-pgbouncer) with_test_servers=1 ;;
    --with-wrk) with_wrk=1 ;;
    *) echo "[infra] unknown flag $flag (known: --with-browser, --with-pgbouncer, --with-wrk)" >&2; exit 2 ;;
  esac
done
[ "$with_browser" = 0 ] || ensure_browser
[ "$with_test_servers" = 0 ] || ensure_test_servers
[ "$with_wrk" = 0 ] || ensure_wrk
