"""`make bench`'s table (scripts/bench_report.py) from canned sub-bench results: one row per figure with the numbers
the sub-benches printed, "failed: <reason>" rows for a bench that broke, "not run" for one that was skipped, the exit
status (1 only on a failure or on lost/duplicated messages), and the block it writes into docs/benchmarks.md."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_report  # noqa: E402


def ingest(stored_per_s, batch=0, lost=0, duplicated=0, **extra):
    return {"run": "bench-x", "duration_s": 10.2, "requests": 400, "statuses": {"207" if batch else "202": 400},
            "accepted_messages": 40000, "accepted_messages_per_s": 3921.6, "stored_unique_per_s": stored_per_s,
            "paced_rate_per_s": None, "batch": batch, "concurrency": 16 if batch else 32,
            "gateway_latency_ms": {"p50": 40.0, "p95": 120.5, "p99": 200.0},
            "visible_after_202_ms": {"samples": 0, "p50": None, "p95": None}, "drain_s": 4.8,
            "messages": {"expected": 30000, "stored": 30000 + duplicated - lost, "lost": lost,
                         "duplicated": duplicated, "missingConversations": 0, "counterMismatch": 0}, **extra}


def profile(generator=2.0, busy=100.0):
    return {"wall_seconds": 50.0, "cores": 2, "box_busy_seconds": busy,
            "cpu_seconds": {"postgres": 40.0, "processor": 30.0, "load generator": generator, "redis": 1.0},
            "postgres": {"commits": 1000, "wal_records": 9000, "wal_fpi": 12, "wal_bytes": 60_000_000,
                         "tables": {"messages": {"inserted": 30000, "updated": 30000, "hot": 20000, "deleted": 0,
                                                 "index_blocks_touched": 5000},
                                    "conversations": {"inserted": 5000, "updated": 9000, "hot": 100, "deleted": 0,
                                                      "index_blocks_touched": 800}}}}


SDK_LOG = """track() caller cost over 100,000 calls: p50 1.79 µs, p99 8.42 µs, p99.9 84.20 µs, max 8466.2 µs
event-loop delay, same 10000/s timer loop without the SDK (baseline): p50 0.40 ms, p99 0.99 ms, max 4.19 ms
event-loop delay while tracking 10,000 messages/s for 10 s: p50 0.23 ms, p99 4.25 ms, max 12.41 ms
"""
PY_LOG = """Python 3.11.7, 100,000 calls per scenario
sender idle: 100,080 calls  p50 5.4 µs  p99 50.7 µs  p99.9 147.8 µs  max 8850 µs  mean 7.0 µs
sender busy: 100,000 calls  p50 4.1 µs  p99 13.1 µs  p99.9 388.1 µs  max 38750 µs  mean 6.4 µs
paced 10,000/s: 50,000 calls  p50 5.7 µs  p99 60.8 µs  p99.9 118.2 µs  max 801 µs  mean 6.7 µs
"""


def read(label, p95, target, page="Overview", requests=100):
    return {"page": page, "label": label, "path": "/api/v1/x", "target_ms": target, "target_source": "issue",
            "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 1.2, "max_ms": p95 * 2, "requests": requests,
            "seconds": 5.0, "rps": 20.0, "non2xx": 0, "socket_errors": 0, "timeouts": 0,
            "cpu": {"wall": 5.0, "wrk": 0.1, "service": 2.0, "postgres": 3.0, "box": 9.0}}


def write(d, name, ext, value):
    with open(os.path.join(d, f"{name}.{ext}"), "w") as f:
        f.write(value if isinstance(value, str) else json.dumps(value))


@pytest.fixture
def results(tmp_path):
    d = str(tmp_path)
    write(d, "machine", "json", {"cores": 2, "ram_gib": 23.5, "cpu_model": "AMD EPYC", "os": "Debian 12",
                                 "kernel": "6.1", "java": "openjdk version 17.0.15", "postgres": "15.20",
                                 "redis": "7.0.15", "node": "v20.20.2", "load_average": [1.0, 1.1, 1.2],
                                 "date": "2026-12-02 04:00 UTC"})
    write(d, "run", "json", {"invocation": "BENCH_SECONDS=10 make bench", "seconds_total": 300, "stack": "e2e"})
    write(d, "copy", "json", {"table": "messages", "rows": 200000, "stored": 200000, "seconds": 10.0,
                              "rows_per_s": 20000.0, "conversations": 20000, "indexes": ["a", "b"],
                              "triggers": ["messages_rollup_insert"]})
    write(d, "ingest-single", "json", ingest(500.0))
    write(d, "ingest-batch", "json", ingest(4000.0, batch=20, item_statuses={"202": 8000}))
    write(d, "visible", "json", ingest(2000.0, batch=20, paced_rate_per_s=2000,
                                       visible_after_202_ms={"samples": 80, "p50": 300.0, "p95": 900.0}))
    write(d, "score", "json", {"conversations": 600, "accepted": 600, "track_errors": 0, "scored": 600,
                               "ingest_rate_per_s": 99.5, "scored_per_s": 98.0,
                               "latency_ms": {"p50": 400, "p95": 800, "p99": 950, "max": 1200},
                               "paced_rate_per_s": 100, "poll_ms": 50, "target_p95_ms": 1000})
    write(d, "otlp", "json", {"seconds": 10.0, "concurrency": 16, "spans_per_export": 50, "keys": 4,
                              "accepted_spans": 30000, "spans_per_s": 3000, "requests": 600, "requests_per_s": 60,
                              "latency_ms": {"p50": 100.0, "p95": 250.0, "p99": 300.0}, "rate_limited": 0,
                              "partial": 0, "errors": 0})
    for name in ("ingest-single", "ingest-batch", "visible", "score", "otlp"):
        write(d, name, "profile.json", profile())
    write(d, "reads", "json", [read("summary 24h", 66.1, 50), read("summary 7d", 40.0, 50),
                               read("list (default)", 6.5, 20, page="Conversations"),
                               read("health distribution 7d", 21.7, 50)])
    write(d, "analysis", "json", [
        {"benchmark": "com.x.AnalyzerBenchmark.learnedCold", "params": {"messages": "25"},
         "primaryMetric": {"score": 60.0, "scoreUnit": "ops/s"}},
        {"benchmark": "com.x.AnalyzerBenchmark.rulesOnly", "params": {"messages": "10"},
         "primaryMetric": {"score": 500.0, "scoreUnit": "ops/s"}}])
    write(d, "sdk", "log", SDK_LOG)
    write(d, "sdk-python", "log", PY_LOG)
    for name in ("copy", "ingest-single", "ingest-batch", "visible", "score", "otlp", "reads", "analysis", "sdk",
                 "sdk-python"):
        write(d, name, "rc", "0\n")
        write(d, name, "cmd", f"run {name}\n")
    return d


def table_rows(block):
    return {line.split(" | ")[0].lstrip("| "): line for line in block.splitlines()
            if line.startswith("| ") and not line.startswith("| benchmark") and " | " in line}


def test_every_figure_has_its_row_with_the_sub_benches_numbers(results):
    block, problems = bench_report.render(bench_report.Results(results))
    assert problems == []
    rows = table_rows(block)
    assert "**500** unique messages stored/s (2.5 % of COPY)" in rows["Ingest, single-conversation requests"]
    batch = rows["Ingest, batch requests"]
    assert "**4,000** unique messages stored/s (20.0 % of COPY)" in batch and "| 0 / 0 |" in batch
    assert "2 % (2.0 of 100.0 CPU-s)" in batch  # the load generator's share of the box's busy CPU
    assert "(conversations 202: 8,000)" in batch
    copy = rows["COPY ceiling, same Postgres, same run"]
    assert "**20,000** rows/s" in copy and "single-conversation 2.5 %, batch 20.0 %" in copy
    assert "2 indexes and 1 triggers" in copy
    visible = rows["202 → messages visible, at half load"]
    assert "p50 **300** ms, p95 **900** ms (80 samples)" in visible and "paced at 2,000 new messages/s" in visible
    score = rows["202 → health score visible"]
    assert "p95 **800** ms (p50 400) at **100** conversations/s, the highest rate swept within the target" in score
    assert "**3,000** spans/s" in rows["OTLP/HTTP intake"]
    assert "worst **66.1** ms (summary 24h); 1 of 2 within target" in rows["Reads at 1M: summary P95"]
    assert "worst **6.5** ms" in rows["Reads at 1M: lists P95"]
    assert "worst **21.7** ms" in rows["Reads at 1M: analytics P95"]
    assert "**1,500** messages/s per core, cold" in rows["Analysis (JMH, one thread)"]  # 60 ops/s x 25 messages
    assert "rulesOnly 10: 5,000" in rows["Analysis (JMH, one thread)"]
    assert "p50 **1.79** µs, p99 **8.42** µs" in rows["SDK (TypeScript), caller side"]
    assert "event-loop delay p99 4.25 ms" in rows["SDK (TypeScript), caller side"]
    assert "p50 **5.4** µs, p99 **50.7** µs" in rows["SDK (Python), caller side"]
    # one table: the same number of cells on every row, every figure in it
    lines = block.splitlines()
    start = lines.index("| benchmark | result | lost / duplicated | load generator CPU | conditions |")
    table = lines[start:lines.index("", start)]
    assert len(table) == 2 + 12 and {line.count(" | ") for line in table} == {4}


def test_machine_commands_and_where_the_time_goes_are_in_the_block(results):
    block, _ = bench_report.render(bench_report.Results(results))
    assert "2 cores (AMD EPYC), 23.5 GiB RAM, Debian 12" in block and "PostgreSQL 15.20" in block
    assert "`BENCH_SECONDS=10 make bench`" in block
    assert "- ingest-batch: `run ingest-batch`" in block
    assert "### Where the time goes: the batch ingest run" in block
    assert "| postgres | 40.0 | 40 % |" in block
    assert "**60.0 MB WAL**, 2,000 bytes per stored message" in block
    assert "| messages | 30,000 | 30,000 | 20,000 | 0 | 5,000 |" in block


def test_a_bench_without_a_result_is_a_failed_row_with_its_last_log_line(results):
    os.remove(os.path.join(results, "otlp.json"))
    write(results, "otlp", "log", "created keys\n/api/v1/auth/login: 401 {}\n")
    write(results, "otlp", "rc", "1\n")
    os.remove(os.path.join(results, "analysis.json"))  # no log either: says it did not finish
    os.remove(os.path.join(results, "analysis.rc"))
    block, problems = bench_report.render(bench_report.Results(results))
    rows = table_rows(block)
    assert "| failed: /api/v1/auth/login: 401 {} |" in rows["OTLP/HTTP intake"]
    assert "failed: no result (did not finish)" in rows["Analysis (JMH, one thread)"]
    assert len(problems) == 2 and "OTLP" in problems[0]
    assert bench_report.main(["render", "--dir", results]) == 1


def test_lost_or_duplicated_messages_are_shown_and_fail_the_run(results, capsys):
    write(results, "ingest-batch", "json", ingest(3000.0, batch=20, lost=3, duplicated=1))
    block, problems = bench_report.render(bench_report.Results(results))
    assert "| **3 / 1** |" in table_rows(block)["Ingest, batch requests"]
    assert problems == ["ingest-batch: 3 messages lost, 1 duplicated"]
    assert bench_report.main(["render", "--dir", results]) == 1
    assert "3 messages lost" in capsys.readouterr().out


def test_a_missed_target_is_reported_not_an_error(results):
    write(results, "score", "json", dict(json.load(open(os.path.join(results, "score.json"))),
                                         latency_ms={"p50": 5000, "p95": 7000, "p99": 7500, "max": 8000},
                                         scored_per_s=45.0))
    write(results, "score", "rc", "1\n")  # score-latency.mjs exits 1 on a missed target
    block, problems = bench_report.render(bench_report.Results(results))
    score = table_rows(block)["202 → health score visible"]
    assert "p95 **7,000** ms" in score and "the lowest rate swept: target **missed**" in score
    assert problems == []


def sweep_run(rate, p95, scored_per_s):
    return {"conversations": rate * 30, "accepted": rate * 30, "track_errors": 0, "scored": rate * 30,
            "sampled": rate * 30 // 20, "ingest_rate_per_s": rate, "scored_per_s": scored_per_s,
            "latency_ms": {"p50": p95 // 2, "p95": p95, "p99": p95, "max": p95}, "paced_rate_per_s": rate,
            "poll_ms": 50, "target_p95_ms": 1000}


def test_the_scoring_sweep_reports_the_highest_rate_within_target_and_what_happened_above(results):
    for rate, p95, scored, rc in ((25, 90, 25.0, 0), (50, 230, 49.4, 0), (75, 8150, 63.0, 1)):
        write(results, f"score-{rate}", "json", sweep_run(rate, p95, scored))
        write(results, f"score-{rate}", "rc", f"{rc}\n")
        write(results, f"score-{rate}", "cmd", f"run score at {rate}\n")
    write(results, "score-50", "profile.json", profile())
    block, problems = bench_report.render(bench_report.Results(results))
    score = table_rows(block)["202 → health score visible"]
    assert "p95 **230** ms (p50 115) at **50** conversations/s, the highest rate swept within the target" in score
    assert "2 % (2.0 of 100.0 CPU-s)" in score  # the load share of the run the headline is from
    assert ("25/s → p95 90 ms, 25.0 scored/s; 50/s → p95 230 ms, 49.4 scored/s; "
            "75/s → p95 8,150 ms, 63.0 scored/s (queued, caught up, all scored)") in score
    assert problems == []
    commands = block.split("### Commands")[1]
    assert commands.index("run score at 25") < commands.index("run score at 50") < commands.index("run score at 75")
    assert "run score\n" not in commands  # the single-run result of the fixture gives way to the sweep


def test_a_sweep_run_that_left_conversations_unscored_fails_the_row(results):
    write(results, "score-25", "json", dict(sweep_run(25, 90, 25.0), scored=700))
    write(results, "score-25", "cmd", "run score at 25\n")
    block, problems = bench_report.render(bench_report.Results(results))
    assert "failed: 50 of 750 conversations not scored in time at 25/s" in table_rows(block)["202 → health score visible"]
    assert len(problems) == 1


def test_unscored_conversations_and_broken_reads_are_failures(results):
    write(results, "score", "json", dict(json.load(open(os.path.join(results, "score.json"))), scored=590))
    reads = json.load(open(os.path.join(results, "reads.json")))
    reads.append(dict(read("summary 30d", 1.0, 50), non2xx=4))
    write(results, "reads", "json", reads)
    block, problems = bench_report.render(bench_report.Results(results))
    rows = table_rows(block)
    assert "failed: 10 of 600 conversations not scored in time" in rows["202 → health score visible"]
    assert "failed: 1 endpoints answered errors (summary 30d)" in rows["Reads at 1M: errors"]
    assert len(problems) == 2


def test_skipped_and_not_seeded_benches_say_not_run_and_do_not_fail(results):
    for name in ("reads", "analysis"):
        os.remove(os.path.join(results, f"{name}.json"))
    write(results, "reads", "skip", "make seed first (no database sensei_seed)\n")
    write(results, "analysis", "skip", "skipped (BENCH_SKIP)\n")
    block, problems = bench_report.render(bench_report.Results(results))
    rows = table_rows(block)
    assert "| not run: make seed first (no database sensei_seed) |" in rows["Dashboard reads at 1M conversations"]
    assert "| not run: skipped (BENCH_SKIP) |" in rows["Analysis (JMH, one thread)"]
    assert problems == []


def test_a_result_of_an_unexpected_shape_is_that_rows_failure(results):
    write(results, "copy", "json", {"rows_per_s": 10.0})  # no rows, indexes...
    block, problems = bench_report.render(bench_report.Results(results))
    assert "failed: unreadable result (KeyError" in table_rows(block)["COPY ceiling, same Postgres, same run"]
    assert problems == ["COPY ceiling, same Postgres, same run: unreadable result"]


def test_the_doc_block_goes_first_and_is_replaced_on_the_next_run(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nIntro.\n\n## Reads\n\nold table\n")
    bench_report.write_doc(str(doc), "## `make bench`\n\nfirst run\n")
    text = doc.read_text()
    assert text.index("first run") < text.index("## Reads") and text.index("Intro.") < text.index("first run")
    bench_report.write_doc(str(doc), "## `make bench`\n\nsecond run\n")
    text = doc.read_text()
    assert "first run" not in text and "second run" in text
    assert text.count(bench_report.BEGIN) == 1 and text.endswith("## Reads\n\nold table\n")


def test_machine_reports_the_box():
    m = bench_report.machine()
    assert m["cores"] == os.cpu_count() and m["ram_gib"] > 0
    assert m["postgres"] and m["postgres"][0].isdigit()
    assert m["java"] and "version" in m["java"]  # the project needs a JDK, so the box has one
