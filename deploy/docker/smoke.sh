#!/usr/bin/env bash
# Smoke test of a running stack through the gateway, native or JVM: every service ready, the admin logs in, creates an
# API key, tracks a conversation (JSON) and exports an OTLP/JSON span, then reads both back scored from dashboard-api.
# It exercises the Jackson and protobuf-JSON paths a native image needs reflection for (REST bodies, the sensei:ingest
# and sensei:process stream payloads, OTLP/JSON). Used by .github/workflows/native.yml; runs against `make run` too:
#
#   SENSEI_URL=http://localhost:8080 SENSEI_ADMIN_EMAIL=... SENSEI_ADMIN_PASSWORD=... \
#     SMOKE_READY_PORTS="8080 8081 8082 8083 8084" deploy/docker/smoke.sh
#
# SMOKE_OTLP=false skips the OTLP export (a build from before OTLP intake). Needs curl and jq. Exits non-zero with the failing step's answer.
set -euo pipefail
: "${SENSEI_URL:?gateway URL}" "${SENSEI_ADMIN_EMAIL:?}" "${SENSEI_ADMIN_PASSWORD:?}"
READY_HOST="${SMOKE_READY_HOST:-127.0.0.1}"
TIMEOUT="${SMOKE_TIMEOUT:-120}"
run_id="smoke-$(date +%s)-$$"
say() { printf '[smoke] %s\n' "$*"; }
fail() { printf '[smoke] FAILED: %s\n' "$*" >&2; exit 1; }

for port in ${SMOKE_READY_PORTS:-}; do
  deadline=$((SECONDS + TIMEOUT))
  until curl -fs -o /dev/null "http://$READY_HOST:$port/q/health/ready"; do
    [ $SECONDS -lt $deadline ] || fail ":$port/q/health/ready not UP in ${TIMEOUT}s: $(curl -s "http://$READY_HOST:$port/q/health/ready")"
    sleep 1
  done
  say ":$port ready"
done

# $1 method, $2 path, $3 body (optional), then extra curl args; prints "<status> <body>"
call() {
  local method="$1" path="$2" body="${3:-}"; shift 3 || shift $#
  local out status
  out="$(mktemp)"
  if [ -n "$body" ]; then
    status="$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$SENSEI_URL$path" -H 'Content-Type: application/json' "$@" --data "$body")"
  else
    status="$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$SENSEI_URL$path" "$@")"
  fi
  printf '%s %s' "$status" "$(cat "$out")"
  rm -f "$out"
}
expect() { # status, answer
  [ "${2%% *}" = "$1" ] || fail "expected $1, got ${2}"
  printf '%s' "${2#* }"
}

token="$(expect 200 "$(call POST /api/v1/auth/login "$(jq -nc --arg e "$SENSEI_ADMIN_EMAIL" --arg p "$SENSEI_ADMIN_PASSWORD" '{email: $e, password: $p}')")" | jq -r .access_token)"
say "logged in"
key="$(expect 201 "$(call POST /api/v1/api-keys "{\"name\": \"$run_id\"}" -H "Authorization: Bearer $token")" | jq -r .key)"
say "created an API key"

now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
track="$(jq -nc --arg id "$run_id" --arg t "$now" '{conversation_id: $id, environment: "smoke", user_id: "u-smoke",
  messages: [{id: "m1", role: "user", content: "This is useless, I want to talk to a human!", timestamp: $t},
             {id: "m2", role: "assistant", content: "Sorry, I cannot help with that.", timestamp: $t, latency_ms: 900}],
  ended: true}')"
expect 202 "$(call POST /api/v1/conversations/track "$track" -H "Authorization: Bearer $key")" >/dev/null
say "tracked $run_id (202)"

externals="$run_id"
if [ "${SMOKE_OTLP:-true}" = true ]; then
nanos="$(date +%s)000000000"
span="$(jq -nc --arg id "$run_id-otlp" --arg n "$nanos" '{resourceSpans: [{resource: {attributes: [
    {key: "service.name", value: {stringValue: "smoke"}}]},
  scopeSpans: [{spans: [{traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "chat",
    kind: 3, startTimeUnixNano: $n, endTimeUnixNano: $n, attributes: [
      {key: "gen_ai.conversation.id", value: {stringValue: $id}},
      {key: "gen_ai.prompt.0.role", value: {stringValue: "user"}},
      {key: "gen_ai.prompt.0.content", value: {stringValue: "Where is my order?"}},
      {key: "gen_ai.completion.0.role", value: {stringValue: "assistant"}},
      {key: "gen_ai.completion.0.content", value: {stringValue: "It ships today."}}]}]}]}]}')"
otlp="$(expect 200 "$(call POST /api/public/otel/v1/traces "$span" -H "x-sensei-api-key: $key")")"
[ "$(jq -r '.partialSuccess.rejectedSpans // "0"' <<<"$otlp")" = "0" ] || fail "OTLP span rejected: $otlp"
say "exported an OTLP/JSON span (200)"
externals="$externals $run_id-otlp"
fi

# both conversations stored by the processor (sensei:ingest), scored (sensei:process), read through dashboard-api
for external in $externals; do
  deadline=$((SECONDS + TIMEOUT))
  while :; do
    page="$(expect 200 "$(call GET "/api/v1/conversations?timeframe=24h&limit=200" "" -H "Authorization: Bearer $token")")"
    row="$(jq -c --arg x "$external" '[.items[] | select(.external_id == $x)][0] // empty' <<<"$page")"
    if [ -n "$row" ] && [ "$(jq -r .health_score <<<"$row")" != "null" ]; then break; fi
    [ $SECONDS -lt $deadline ] || fail "$external not stored and scored in ${TIMEOUT}s: $page"
    sleep 1
  done
  id="$(jq -r .id <<<"$row")"
  health="$(expect 200 "$(call GET "/api/v1/conversations/$id/health" "" -H "Authorization: Bearer $token")")"
  say "$external read back: health $(jq -r .health_score <<<"$row"), failures $(jq -c .failure_types <<<"$row"), breakdown $(jq -c 'keys' <<<"$health")"
done
say "OK"
