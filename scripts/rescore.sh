#!/usr/bin/env bash
# Re-scores stored conversations with the analysis the running processor has (`make rescore`; docs/rescoring.md).
# Puts their ids on the process stream in batches; the processor's normal process consumers do the scoring.
#
#   scripts/rescore.sh [--all] [--environment ENV] [--since TIME] [--until TIME] [--batch N] [--max-backlog N]
#                      [--dry-run] [--no-wait]
#
#   default         only conversations whose health_version is not the processor's (never-scored ones included)
#   --all           every conversation that matches the other filters
#   --environment   only this environment (e.g. production)
#   --since/--until last_activity_at in [since, until), as PostgreSQL reads a timestamptz (2025-01-01,
#                   '2025-01-01 12:00+00')
#   --batch         ids per round trip (500)
#   --max-backlog   enqueue more only while the process consumers have fewer than this many entries to go (2000)
#   --dry-run       print how many would be re-scored, enqueue nothing
#   --no-wait       return once everything is enqueued instead of waiting for the scoring to finish
#
# Where: DATABASE_URL and REDIS_URL from the environment, else from .run/stack/stack.env (written by `make run`);
# the processor at SENSEI_PROCESSOR_URL (default http://127.0.0.1:8084).
#
# At-least-once and idempotent: scoring a conversation twice writes the same result, so an interrupted run is simply
# run again (without --all it continues where it stopped, since re-scored conversations carry the current version).
# Re-scores raise no alert for what they find new (reason "rescore"; see ProcessSubscriber).
set -euo pipefail
cd "$(dirname "$0")/.."

all=false; environment=""; since=""; until=""; batch=500; max_backlog=2000; dry_run=false; wait_done=true
while [ $# -gt 0 ]; do
  case "$1" in
    --all) all=true; shift ;;
    --environment) environment="$2"; shift 2 ;;
    --since) since="$2"; shift 2 ;;
    --until) until="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --max-backlog) max_backlog="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --no-wait) wait_done=false; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$batch" =~ ^[1-9][0-9]*$ && "$max_backlog" =~ ^[1-9][0-9]*$ ]] || { echo "--batch and --max-backlog take a positive number" >&2; exit 2; }

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  [ -f .run/stack/stack.env ] || { echo "DATABASE_URL and REDIS_URL unset and no .run/stack/stack.env: start the stack (make run)" >&2; exit 1; }
  set -a; . .run/stack/stack.env; set +a
fi
PROCESSOR_URL="${SENSEI_PROCESSOR_URL:-http://127.0.0.1:8084}"
STREAM="sensei:process"; GROUP="processor"; MAXLEN=1000000 # the processor's names and its default sensei.stream.process-max-len
STALL_SECONDS="${SENSEI_RESCORE_STALL_SECONDS:-120}"
say() { printf '[rescore] %s\n' "$*"; }

# the version the scoring will write, from the processor that will do it (its readiness also means the model is loaded)
ready="$(curl -fsS "$PROCESSOR_URL/q/health/ready")" \
  || { echo "the processor at $PROCESSOR_URL is not ready; start it (make run) or set SENSEI_PROCESSOR_URL" >&2; exit 1; }
version="$(jq -r '.checks[] | select(.name == "analysis") | .data.health_version' <<<"$ready")"
[ -n "$version" ] && [ "$version" != null ] || { echo "the processor at $PROCESSOR_URL does not report its health version" >&2; exit 1; }

sql() { psql "$DATABASE_URL" -X -q -At -v ON_ERROR_STOP=1 -v version="$version" -v all="$all" -v environment="$environment" \
  -v since="$since" -v until="$until" -v batch="$batch" -v after="${after:-}" -f -; }
# the same filter for the count, the batches and the final check; empty options match everything
FILTER="(:'all'::boolean or c.health_version is distinct from :'version')
  and (:'environment' = '' or c.environment = :'environment')
  and (:'since' = '' or c.last_activity_at >= nullif(:'since', '')::timestamptz)
  and (:'until' = '' or c.last_activity_at < nullif(:'until', '')::timestamptz)"

total="$(sql <<<"select count(*) from conversations c where $FILTER")"
scope="$([ "$all" = true ] && echo "all conversations" || echo "conversations not on $version")"
say "$total $scope${environment:+ in $environment}${since:+ since $since}${until:+ until $until} (processor writes $version)"
if [ "$dry_run" = true ] || [ "$total" = 0 ]; then exit 0; fi

# entries the process consumers still have to go: delivered but not acknowledged, plus not yet delivered (counted up
# to the cap, enough to decide whether to wait); -1 when the consumer group does not exist
BACKLOG_LUA="
local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
if not ok then return -1 end
for _, g in ipairs(groups) do
  local f = {}
  for i = 1, #g, 2 do f[g[i]] = g[i + 1] end
  if f['name'] == ARGV[1] then
    return f['pending'] + #redis.call('XRANGE', KEYS[1], '(' .. f['last-delivered-id'], '+', 'COUNT', ARGV[2])
  end
end
return -1"
backlog() { redis-cli -u "$REDIS_URL" eval "$BACKLOG_LUA" 1 "$STREAM" "$GROUP" "$max_backlog"; }

# one XADD per id, no coalescing marker: a duplicate of an entry already queued is harmless (scoring is idempotent)
ENQUEUE_LUA="
for i = 3, #ARGV do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'payload',
    '{\"conversation_id\":\"' .. ARGV[i] .. '\",\"reason\":\"rescore\",\"requested_at\":\"' .. ARGV[2] .. '\"}')
end
return #ARGV - 2"

# waits while the consumers have at least $1 entries to go; gives up when the backlog stops shrinking
wait_backlog_below() {
  local limit="$1" left best="" since_progress=$SECONDS
  while :; do
    left="$(backlog)"
    [ "$left" -ge 0 ] || { echo "no '$GROUP' consumer group on $STREAM: is the processor's process consumer enabled?" >&2; exit 1; }
    [ "$left" -lt "$limit" ] && return 0
    if [ -z "$best" ] || [ "$left" -lt "$best" ]; then best="$left"; since_progress=$SECONDS; fi
    if [ $((SECONDS - since_progress)) -ge "$STALL_SECONDS" ]; then
      echo "the process consumers made no progress for ${STALL_SECONDS}s ($left to go); run again to continue" >&2; exit 1
    fi
    sleep 1
  done
}

# keyset over id: each batch starts after the last id of the previous one, so a conversation is enqueued once per run
after="00000000-0000-0000-0000-000000000000"; queued=0
while :; do
  mapfile -t ids < <(sql <<<"select c.id from conversations c where c.id > :'after'::uuid and $FILTER order by c.id limit :batch")
  [ "${#ids[@]}" -gt 0 ] || break
  wait_backlog_below "$max_backlog"
  redis-cli -u "$REDIS_URL" eval "$ENQUEUE_LUA" 1 "$STREAM" "$MAXLEN" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${ids[@]}" >/dev/null
  queued=$((queued + ${#ids[@]})); after="${ids[-1]}"
  say "queued $queued/$total (process backlog $(backlog))"
done

if [ "$wait_done" = false ]; then say "all $queued queued; the processor scores them in the background"; exit 0; fi
wait_backlog_below 1
if [ "$all" = true ]; then
  say "done: $queued re-scored with $version"
else
  left="$(sql <<<"select count(*) from conversations c where $FILTER")"
  say "done: $queued re-scored, $left still not on $version"
  [ "$left" = 0 ] || echo "conversations left over failed to score (see the processor log and sensei:dlq) or arrived meanwhile; run again" >&2
fi
