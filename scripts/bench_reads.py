#!/usr/bin/env python3
"""The measuring half of `make bench-reads` (scripts/bench-reads.sh starts and stops the dashboard-api it measures).

    bench_reads.py token                 a viewer JWT signed with $BENCH_JWT_SECRET (HS256, as admin-api's local login)
    bench_reads.py run --url U --db D ...     every dashboard GET under wrk (2 threads, 8 connections); writes the
                                              Markdown table and results.json (what `explain` reads)
    bench_reads.py missed --results R         how many endpoints of a run missed their P95 target
    bench_reads.py explain --url U --db D ... the plans (EXPLAIN ANALYZE, BUFFERS via auto_explain) of the endpoints
                                              over target, cut from the server log; appended to the Markdown

Standard library only. Latency comes from wrk (scripts/bench-reads.lua prints one parseable line); CPU from
/proc: wrk's own rusage, the service's process and the database's backends, to show the generator is not the
bottleneck.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import resource
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "bench-reads.lua")
PG = ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", os.environ.get("PGHOST", "127.0.0.1"),
      "-p", os.environ.get("PGPORT", "5432"), "-U", os.environ.get("PGUSER", "postgres")]
CONNECTIONS, THREADS = 8, 2
TIMEOUT_S = 30  # wrk's per-request timeout: a request slower than this counts as a timeout (a miss, not an error)

# P95 targets (ms). "issue": issue 12's own (lists 20 ms; summary, failure trends and health distribution 50 ms);
# "assumed": this script's by analogy (other aggregates and counts like the analytics, lookups like the lists).
LIST, AGGREGATE = 20, 50

# The scope every scoped page sends by default (dashboard-web lib/scope.ts DEFAULT_ENVIRONMENT)
ENV = "environment=production"


def endpoint(page, label, path, target, source):
    return {"page": page, "label": label, "path": path, "target_ms": target, "target_source": source}


def per_period(page, label, path, periods, target, source, extra=""):
    """The same endpoint over several preset periods, in the default scope."""
    return [endpoint(page, f"{label} {p}", f"{path}?timeframe={p}&{ENV}{extra}", target, source) for p in periods]


# Every GET the dashboard's pages send on load (dashboard-web src/pages/*, api/*), with the pages' parameters: the
# preset timeframe (7d unless chosen), the default scope, the page size (50), the sort the list defaults to.
# {cid}, {run} and {cursor} are filled from the seeded database and page 1.
CONVERSATION_LIST = f"/api/v1/conversations?timeframe=7d&{ENV}&sort=last_activity&order=desc&limit=50"
CONVERSATIONS = "/api/v1/conversations"
ENDPOINTS = [
    *per_period("Overview", "summary", "/api/v1/analytics/summary", ("24h", "7d", "30d"), AGGREGATE, "issue"),
    endpoint("Overview", "summary 30d, all environments", "/api/v1/analytics/summary?timeframe=30d", AGGREGATE,
             "issue"),
    *per_period("Overview", "health distribution", "/api/v1/analytics/health-distribution", ("7d", "30d"),
                AGGREGATE, "issue"),
    *per_period("Overview", "failure trends", "/api/v1/analytics/failures/trends", ("7d", "30d"), AGGREGATE, "issue"),
    *per_period("Overview", "timeseries", "/api/v1/analytics/timeseries", ("24h", "7d", "30d"), AGGREGATE, "assumed"),
    *per_period("Overview", "changes key=model", "/api/v1/analytics/changes", ("7d",), AGGREGATE, "assumed",
                "&key=model"),
    *per_period("Overview", "low-health list (6)", CONVERSATIONS, ("7d",), LIST, "issue",
                "&sort=health&order=asc&health_max=60&limit=6"),
    endpoint("Overview", "scope picker", f"/api/v1/scope?{ENV}", AGGREGATE, "assumed"),
    endpoint("Conversations", "list (default)", CONVERSATION_LIST, LIST, "issue"),
    endpoint("Conversations", "list page 2 (cursor)", CONVERSATION_LIST + "&cursor={cursor}", LIST, "issue"),
    endpoint("Conversations", "list, all environments",
             f"{CONVERSATIONS}?timeframe=7d&sort=last_activity&order=desc&limit=50", LIST, "issue"),
    endpoint("Conversations", "list has_failures=true", CONVERSATION_LIST + "&has_failures=true", LIST, "issue"),
    *per_period("Conversations", "list health 0-40 by health", CONVERSATIONS, ("7d",), LIST, "issue",
                "&health_min=0&health_max=40&sort=health&order=asc&limit=50"),
    endpoint("Conversations", "list q=refund", CONVERSATION_LIST + "&q=refund", LIST, "issue"),
    *per_period("Conversations", "list", CONVERSATIONS, ("30d",), LIST, "issue",
                "&sort=last_activity&order=desc&limit=50"),
    *per_period("Conversations", "count", f"{CONVERSATIONS}/count", ("7d",), AGGREGATE, "assumed"),
    *per_period("Conversations", "count has_failures=true", f"{CONVERSATIONS}/count", ("7d",), AGGREGATE, "assumed",
                "&has_failures=true"),
    *per_period("Conversations", "count q=refund", f"{CONVERSATIONS}/count", ("7d",), AGGREGATE, "assumed",
                "&q=refund"),
    endpoint("Conversation", "detail", CONVERSATIONS + "/{cid}", LIST, "assumed"),
    endpoint("Conversation", "messages (200)", CONVERSATIONS + "/{cid}/messages?limit=200", LIST, "assumed"),
    *(endpoint("Conversation", part, CONVERSATIONS + "/{cid}/" + part, LIST, "assumed")
      for part in ("health", "failures", "feedback")),
    *per_period("Failures", "list", "/api/v1/failures", ("7d",), LIST, "issue", "&limit=50"),
    *per_period("Failures", "list status=open", "/api/v1/failures", ("7d",), LIST, "issue", "&status=open&limit=50"),
    *per_period("Failures", "count (exact)", "/api/v1/failures/count", ("7d",), AGGREGATE, "assumed", "&exact=true"),
    *(per_period("Failures", f"groups by={by}", "/api/v1/failures/groups", ("7d",), AGGREGATE, "assumed",
                 f"&by={by}")[0] for by in ("type", "pattern")),
    endpoint("Patterns", "patterns (latest run)", f"/api/v1/analytics/patterns?{ENV}", LIST, "issue"),
    endpoint("Patterns", "pattern trends 30d", "/api/v1/analytics/patterns/runs/{run}/trends?timeframe=30d",
             AGGREGATE, "assumed"),
    endpoint("Patterns", "pattern run", "/api/v1/analytics/patterns/runs/{run}", LIST, "assumed"),
]

RESULT_LINE = re.compile(r"^bench-reads: (.*)$", re.MULTILINE)


def parse_wrk(output):
    """The numbers of the line scripts/bench-reads.lua prints; ValueError when wrk printed none (it failed)."""
    match = RESULT_LINE.search(output)
    if not match:
        raise ValueError("wrk printed no result line: " + output.strip()[-400:])
    fields = dict(pair.split("=", 1) for pair in match.group(1).split())
    ints = {"requests", "non2xx", "socket_errors", "timeouts"}
    return {k: int(v) if k in ints else float(v) for k, v in fields.items()}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_token(secret, now=None, ttl=6 * 3600):
    """A viewer token shaped like admin-api's local login (TokenIssuer): the services verify it with the same secret."""
    now = int(now if now is not None else time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"iss": "sensei-local", "aud": "authenticated", "sub": "00000000-0000-4000-8000-000000000b01",
              "email": "bench-reads@sensei.local", "role": "authenticated",
              "app_metadata": {"provider": "sensei-local", "sensei_role": "viewer"}, "iat": now, "exp": now + ttl}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


def psql(db, sql):
    return subprocess.run(PG + ["-d", db, "-c", sql], check=True, text=True, stdout=subprocess.PIPE).stdout.strip()


def http_get(url, token):
    """(status, body) of one GET; the body of an error too, for the report."""
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def fill(path, ids):
    """The path with {cid}, {run}, {cursor} filled; None when the seed has no such id (the endpoint is skipped)."""
    for key, value in ids.items():
        if "{" + key + "}" in path:
            if not value:
                return None
            path = path.replace("{" + key + "}", urllib.parse.quote(value, safe=""))
    return path


def pick_ids(db, url, token):
    """Real ids: the newest failing production conversation (what Overview links to), the latest pattern run, and
    the cursor the default conversation list hands out for page 2."""
    cid = psql(db, """select id from conversations order by (environment = 'production' and has_failures) desc,
                      last_activity_at desc limit 1""")
    run = psql(db, "select id from pattern_runs where status = 'succeeded' order by created_at desc limit 1")
    status, body = http_get(url + CONVERSATION_LIST, token)
    cursor = json.loads(body).get("next_cursor") if status == 200 else None
    return {"cid": cid, "run": run, "cursor": cursor}


# --- CPU accounting (/proc): seconds of CPU a process or a set of processes used ---

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone (a backend that closed): its share is lost, not invented
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def box_cpu_seconds():
    """(busy, total) CPU seconds of the whole machine since boot, summed over its cores."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICK, sum(values[:8]) / TICK


def backend_pids(db):
    out = psql(db, "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")
    return [int(p) for p in out.split()]


def wrk(url, seconds, token):
    """(wrk's stdout, wrk's own CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", f"{TIMEOUT_S}s",
                          "-s", LUA, url], env=dict(os.environ, BENCH_TOKEN=token), text=True, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out.stdout, cpu


def measure(ep, request, base, token, seconds, warmup, service_pid, db):
    """The endpoint's numbers: wrk's, plus the CPU each party used while wrk ran. `request` is its path filled."""
    ep = dict(ep, request=request)
    url = base + request
    status, body = http_get(url, token)
    if status != 200:
        return dict(ep, error=f"HTTP {status}: {body[:200].decode(errors='replace')}")
    if warmup > 0:
        wrk(url, warmup, token)
    pids = backend_pids(db)
    service0, pg0, (busy0, _) = proc_cpu_seconds(service_pid), sum(map(proc_cpu_seconds, pids)), box_cpu_seconds()
    wall0 = time.monotonic()
    out, wrk_cpu = wrk(url, seconds, token)
    wall = time.monotonic() - wall0
    service1, pg1, (busy1, _) = proc_cpu_seconds(service_pid), sum(map(proc_cpu_seconds, pids)), box_cpu_seconds()
    try:
        numbers = parse_wrk(out)
    except ValueError as e:
        return dict(ep, error=str(e))
    cpu = {"wall": wall, "wrk": wrk_cpu, "service": service1 - service0, "postgres": pg1 - pg0, "box": busy1 - busy0}
    return dict(ep, **numbers, cpu=cpu)


def verdict(result):
    """yes / **no** (P95 over target, or requests slower than the timeout) / errors (non-2xx, broken connections) /
    error (the endpoint refused the request before the load, or wrk failed)."""
    if "error" in result:
        return "error"
    if result["non2xx"] or result["socket_errors"]:
        return "errors"
    if result["requests"] == 0 or result["timeouts"]:
        return "**no**"
    return "yes" if result["p95_ms"] <= result["target_ms"] else "**no**"


def pct(cpu_seconds, wall):
    return f"{100 * cpu_seconds / wall:.0f}" if wall > 0 else "-"


def render_table(results):
    """The Markdown table, one row per endpoint. CPU in % of one core while wrk ran: wrk, dashboard-api, the
    database's backends, and the rest of the box (parallel query workers, and anything else running)."""
    lines = ["| page | endpoint | request | P50 ms | P95 ms | P99 ms | max ms | req/s | non-2xx | P95 target | ok? "
             "| CPU % wrk / api / pg / rest |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        target = f"≤ {r['target_ms']}" + ("" if r["target_source"] == "issue" else " (assumed)")
        head = f"| {r['page']} | {r['label']} | `{r['path'].removeprefix('/api/v1')}` |"
        if "error" in r:
            lines.append(f"{head} | | | | | | {target} | error: {r['error'].replace('|', '/')[:120]} | |")
            continue
        if r["requests"] == 0:
            latency = f" none finished in {r['seconds']:.0f} s | | | |"
        else:
            latency = f" {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} |"
        slow = f" ({r['timeouts']} over {TIMEOUT_S} s)" if r["timeouts"] else ""
        c = r["cpu"]
        rest = c["box"] - c["wrk"] - c["service"] - c["postgres"]
        lines.append(f"{head}{latency} {r['rps']:.0f} | {r['non2xx'] + r['socket_errors']} | {target} | "
                     f"{verdict(r)}{slow} | {pct(c['wrk'], c['wall'])} / {pct(c['service'], c['wall'])} / "
                     f"{pct(c['postgres'], c['wall'])} / {pct(max(rest, 0), c['wall'])} |")
    return "\n".join(lines)


def render_cpu_summary(results):
    measured = [r["cpu"] for r in results if "cpu" in r]
    if not measured:
        return ""
    total = {k: sum(c[k] for c in measured) for k in measured[0]}
    cores = os.cpu_count() or 1
    return (f"CPU over the {total['wall']:.0f} s measured ({cores} cores, {100 * cores} % in all): wrk "
            f"{pct(total['wrk'], total['wall'])} %, dashboard-api {pct(total['service'], total['wall'])} %, "
            f"Postgres backends of the database {pct(total['postgres'], total['wall'])} %, whole box busy "
            f"{pct(total['box'], total['wall'])} %; wrk's share of the CPU used: "
            f"{100 * total['wrk'] / total['box']:.0f} %." if total["box"] > 0 else "")


def database_size(db):
    rows = psql(db, """select relname, reltuples::bigint from pg_class
                       where relname in ('conversations', 'messages') and relkind in ('r', 'p')""")
    sizes = dict(line.split("|") for line in rows.splitlines())
    return f"≈{int(sizes.get('conversations', 0)):,} conversations / ≈{int(sizes.get('messages', 0)):,} messages"


def cmd_run(args):
    token = os.environ["BENCH_TOKEN"]
    ids = pick_ids(args.db, args.url, token)
    results = []
    # BENCH_ONLY=summary,health: only the endpoints whose label contains one of these (a quick re-measure of a few)
    only = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
    for ep in ENDPOINTS:
        if only and not any(w in ep["label"] for w in only):
            continue
        path = fill(ep["path"], ids)
        if path is None:
            print(f"  skip {ep['page']} / {ep['label']}: the seed has no id for it", flush=True)
            continue
        r = measure(ep, path, args.url, token, args.seconds, args.warmup, args.service_pid, args.db)
        results.append(r)
        shown = r.get("error") or f"P50 {r['p50_ms']:.1f} P95 {r['p95_ms']:.1f} P99 {r['p99_ms']:.1f} ms, " \
                                  f"{r['requests']} requests, {verdict(r)}"
        print(f"  {ep['page']} / {ep['label']}: {shown}", flush=True)
    header = (f"# Dashboard reads under {CONNECTIONS} concurrent clients\n\n"
              f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, database `{args.db}` ({database_size(args.db)}); "
              f"wrk {THREADS} threads / {CONNECTIONS} connections, {args.warmup} s warm-up + {args.seconds} s per "
              f"endpoint, one dashboard-api (`{args.java_opts}`), viewer token. Ids from the seed: "
              f"{{cid}} = `{ids['cid']}`, {{run}} = `{ids['run']}`, {{cursor}} = page 1's next_cursor.\n")
    within = sum(1 for r in results if verdict(r) == "yes")
    report = "\n".join([header, render_table(results), "", f"{within} of {len(results)} endpoints within their P95 "
                        "target.", "", render_cpu_summary(results), ""])
    with open(args.out, "w") as f:
        f.write(report)
    with open(args.results, "w") as f:
        json.dump(results, f, indent=1)
    print()
    print(report)
    return 1 if any(verdict(r) in ("error", "errors") for r in results) else 0


# --- explain: the plans the service ran, from auto_explain in the server log ---

ENTRY_START = re.compile(r"^\S")  # continuation lines of a multi-line log entry start with a tab
PLAN = re.compile(r"duration: ([0-9.]+) ms\s+plan:")


def plans_in_log(text):
    """[(duration_ms, plan text)] of the auto_explain entries in a stretch of the server log, slowest first. Only
    our database loads auto_explain (session_preload_libraries is set on it alone), so every such entry is ours."""
    entries, current = [], None
    for line in text.splitlines():
        if ENTRY_START.match(line):
            match = PLAN.search(line)
            current = [float(match.group(1)), []] if match else None
            if current:
                entries.append(current)
        elif current is not None:
            current[1].append(line[1:] if line.startswith("\t") else line)
    return sorted(((ms, "\n".join(lines)) for ms, lines in entries), key=lambda e: -e[0])


def server_log(db):
    if os.environ.get("BENCH_PG_LOG"):
        return os.environ["BENCH_PG_LOG"]
    current = psql(db, "select coalesce(pg_current_logfile(), '')")
    if current:
        return current if current.startswith("/") else os.path.join(psql(db, "show data_directory"), current)
    major = int(psql(db, "show server_version_num")) // 10000
    return f"/var/log/postgresql/postgresql-{major}-main.log"  # Debian's pg_ctlcluster writes stderr there


def missed(results_file):
    with open(results_file) as f:
        return [r for r in json.load(f) if verdict(r) == "**no**"]


TOP_NODE = re.compile(r"\(cost=[^)]*\) \(actual")


def top_node(plan):
    """The plan's first node (what the statement mostly is), for the digest on stdout."""
    return next((line.strip() for line in plan.splitlines() if TOP_NODE.search(line)), "")


def p95_text(r):
    return f"P95 {r['p95_ms']:.1f} ms" if r["requests"] else f"none finished in {r['seconds']:.0f} s"


def cmd_explain(args):
    """The full plans go to the Markdown file; stdout gets one line per endpoint (its slowest statement)."""
    token = os.environ["BENCH_TOKEN"]
    missed_targets = missed(args.results)
    lines = ["", "## EXPLAIN (ANALYZE, BUFFERS) of the endpoints over target", "",
             "Captured with auto_explain (log_analyze, log_buffers, every statement) loaded for this database only, "
             "on a fresh dashboard-api, one request after one warm-up request; the two slowest statements of each."]
    log = server_log(args.db)
    if not os.access(log, os.R_OK):
        lines.append(f"\nNo plans: the server log {log} is not readable here (BENCH_PG_LOG= names another).")
        print(lines[-1].strip())
        missed_targets = []
    for r in missed_targets:
        url = args.url + r["request"]
        http_get(url, token)
        time.sleep(0.2)
        offset = os.path.getsize(log)
        http_get(url, token)
        time.sleep(0.5)  # the backend writes the plan before answering; the margin is for the log's writer
        with open(log, errors="replace") as f:
            f.seek(offset)
            plans = plans_in_log(f.read())
        in_postgres = f"{len(plans)} statements, {sum(ms for ms, _ in plans):.1f} ms in Postgres"
        lines += ["", f"### {r['page']} / {r['label']}: {p95_text(r)} (target {r['target_ms']} ms)", "",
                  f"`GET {r['request']}`: {in_postgres}", ""]
        for ms, plan in plans[:2]:
            lines += ["```", f"-- {ms:.1f} ms", plan, "```"]
        slowest = f"; slowest {plans[0][0]:.1f} ms: {top_node(plans[0][1])[:110]}" if plans else ""
        print(f"  {r['page']} / {r['label']}: {in_postgres}{slowest}", flush=True)
    if not missed_targets and os.access(log, os.R_OK):
        lines.append("\nEvery endpoint met its target.")
    with open(args.out, "a") as f:
        f.write("\n".join(lines) + "\n")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("token")
    sub.add_parser("missed").add_argument("--results", required=True)
    for name in ("run", "explain"):
        p = sub.add_parser(name)
        p.add_argument("--url", required=True)
        p.add_argument("--db", required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--results", required=True)
        if name == "run":
            p.add_argument("--seconds", type=int, default=10)
            p.add_argument("--warmup", type=int, default=3)
            p.add_argument("--service-pid", type=int, required=True)
            p.add_argument("--java-opts", default="")
    args = ap.parse_args(argv)
    if args.cmd == "token":
        print(mint_token(os.environ["BENCH_JWT_SECRET"]))
        return 0
    if args.cmd == "missed":
        print(len(missed(args.results)))
        return 0
    return cmd_run(args) if args.cmd == "run" else cmd_explain(args)


if __name__ == "__main__":
    sys.exit(main())
