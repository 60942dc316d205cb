"""`make bench-reads`' measuring half (scripts/bench_reads.py) and its wrk script, without a database or a service:
the line the Lua script prints is the line the parser reads, the verdicts, the table, the plans cut from a log."""
import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import bench_reads  # noqa: E402

LINE = ("Running 3s test @ http://127.0.0.1:1/x\n  2 threads and 8 connections\n"
        "bench-reads: p50_ms=1.250 p95_ms=19.900 p99_ms=40.000 max_ms=88.100 requests=1234 seconds=3.004 "
        "rps=410.8 non2xx=0 socket_errors=0 timeouts=0\n")


def result(**overrides):
    r = dict(bench_reads.ENDPOINTS[0], request="/api/v1/x", **bench_reads.parse_wrk(LINE),
             cpu={"wall": 3.0, "wrk": 0.06, "service": 1.5, "postgres": 2.1, "box": 5.46})
    r.update(overrides)
    return r


def test_the_result_line_is_parsed_into_numbers():
    numbers = bench_reads.parse_wrk(LINE)
    assert numbers["p95_ms"] == 19.9 and numbers["max_ms"] == 88.1 and numbers["rps"] == 410.8
    assert numbers["requests"] == 1234 and isinstance(numbers["requests"], int)
    assert numbers["non2xx"] == 0 and numbers["timeouts"] == 0


def test_output_without_a_result_line_is_an_error_naming_what_wrk_said():
    with pytest.raises(ValueError, match="unable to connect"):
        bench_reads.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_verdicts():
    assert bench_reads.verdict(result(target_ms=20)) == "yes"  # 19.9 <= 20
    assert bench_reads.verdict(result(target_ms=19)) == "**no**"
    assert bench_reads.verdict(result(non2xx=3)) == "errors"
    assert bench_reads.verdict(result(socket_errors=1)) == "errors"
    # slower than wrk's timeout is a miss (explained), not a broken endpoint
    assert bench_reads.verdict(result(timeouts=2)) == "**no**"
    assert bench_reads.verdict(result(requests=0, p95_ms=0.0)) == "**no**"
    assert bench_reads.verdict({"error": "HTTP 400"}) == "error"


def test_the_table_has_one_row_per_endpoint_with_target_verdict_and_cpu():
    table = bench_reads.render_table([result(target_ms=50), result(label="slow", target_ms=10,
                                                                    target_source="assumed")]).splitlines()
    assert len(table) == 4
    assert table[0].count("|") == table[2].count("|") == table[3].count("|")
    assert "| 19.9 |" in table[2] and "| ≤ 50 | yes |" in table[2]
    assert "| ≤ 10 (assumed) | **no** |" in table[3]
    # % of one core over the 3 s: wrk 2, api 50, pg 70, the rest of the box 60
    assert table[2].endswith("| 2 / 50 / 70 / 60 |")


def test_rows_without_numbers_keep_the_columns_and_say_why():
    table = bench_reads.render_table([dict(bench_reads.ENDPOINTS[0], request="/x", error="HTTP 400: bad | thing"),
                                      result(requests=0, timeouts=8)]).splitlines()
    assert table[0].count("|") == table[2].count("|") == table[3].count("|")
    assert "error: HTTP 400: bad / thing" in table[2]
    assert "none finished in 3 s" in table[3] and "**no** (8 over 30 s)" in table[3]


def test_the_token_is_an_hs256_viewer_token_like_the_local_login():
    token = bench_reads.mint_token("s3cret", now=1_000_000)
    header, claims, signature = token.split(".")
    expected = hmac.new(b"s3cret", f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "==") == expected
    body = json.loads(base64.urlsafe_b64decode(claims + "=="))
    assert body["iss"] == "sensei-local" and body["aud"] == "authenticated"
    assert body["app_metadata"]["sensei_role"] == "viewer"
    assert body["iat"] == 1_000_000 < body["exp"]


def test_plans_are_cut_from_the_log_slowest_first_with_their_continuation_lines():
    log = ("2026-12-02 00:45:50.1 UTC [7] postgres@db LOG:  duration: 2.5 ms  plan:\n"
           "\tQuery Text: select 1\n"
           "\tResult  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)\n"
           "2026-12-02 00:45:50.2 UTC [8] postgres@other LOG:  checkpoint starting: time\n"
           "2026-12-02 00:45:50.3 UTC [7] postgres@db LOG:  duration: 40.0 ms  plan:\n"
           "\tQuery Text: select count(*)\n"
           "\t  from conversations\n"
           "\tAggregate  (cost=1.00..2.00 rows=1 width=8) (actual time=39.9..39.9 rows=1 loops=1)\n"
           "\t  ->  Seq Scan on conversations  (cost=0.00..1.00 rows=9 width=0)"
           " (actual time=0.1..30.0 rows=9 loops=1)\n")
    plans = bench_reads.plans_in_log(log)
    assert [ms for ms, _ in plans] == [40.0, 2.5]
    assert plans[0][1].startswith("Query Text: select count(*)\n  from conversations\nAggregate")
    assert "checkpoint" not in plans[1][1]
    assert bench_reads.top_node(plans[0][1]).startswith("Aggregate  (cost=")


def test_the_endpoint_list_carries_the_issue_targets():
    by_label = {(e["page"], e["label"]): e for e in bench_reads.ENDPOINTS}
    for label in ("summary 24h", "summary 7d", "summary 30d", "health distribution 30d", "failure trends 30d"):
        assert by_label[("Overview", label)]["target_ms"] == 50
    for key in (("Conversations", "list (default)"), ("Failures", "list 7d"), ("Patterns", "patterns (latest run)")):
        assert by_label[key]["target_ms"] == 20
    assert all(e["path"].startswith("/api/v1/") for e in bench_reads.ENDPOINTS)
    assert len(by_label) == len(bench_reads.ENDPOINTS)  # labels are unique per page


class _Handler(BaseHTTPRequestHandler):
    seen_authorization = []

    def do_GET(self):  # noqa: N802
        _Handler.seen_authorization.append(self.headers.get("Authorization"))
        status = 200 if self.path == "/ok" else 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk drops its connections at the end of the run: broken pipes, not failures


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (scripts/infra.sh --with-wrk)")
@pytest.mark.parametrize("path,non2xx", [("/ok", False), ("/missing", True)])
def test_the_lua_script_sends_the_token_and_counts_non_2xx(path, non2xx):
    server = _QuietServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = subprocess.run(["wrk", "-t1", "-c2", "-d1s", "-s", bench_reads.LUA,
                              f"http://127.0.0.1:{server.server_port}{path}"],
                             env=dict(os.environ, BENCH_TOKEN="tok"), text=True, capture_output=True, timeout=30)
    finally:
        server.shutdown()
    numbers = bench_reads.parse_wrk(out.stdout)
    assert numbers["requests"] > 0
    assert (numbers["non2xx"] == numbers["requests"]) if non2xx else (numbers["non2xx"] == 0)
    assert set(_Handler.seen_authorization) == {"Bearer tok"}
