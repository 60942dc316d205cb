#!/usr/bin/env python3
"""Where a benchmark's time goes: runs a command and prints what the box spent on it.

    python3 scripts/bench_profile.py [--db sensei] [--json FILE] -- <command ...>

Around the command it takes two snapshots and prints their difference:
  - CPU seconds per process group (each Sensei service, Postgres, Redis, the load generator, the rest), from /proc;
    the command itself and what it waited for are the load generator (from its rusage: it has exited by the second
    snapshot), so profile the generator, not a script that also starts services;
  - Postgres: commits, WAL records and bytes (pg_stat_wal), and per table rows inserted, updated (HOT and not),
    deleted, and index blocks written, from pg_stat_user_tables / pg_statio_user_tables.
After the command it waits until the processor has drained sensei:ingest and sensei:process (the scoring a load
leaves behind is part of its cost) and then PGSTAT_IDLE_INTERVAL (10 s) more: an idle backend publishes its table
statistics only then. Standard library only; psql and redis-cli do the reading. The command's exit code is returned.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")

# the first group whose marker appears in a process's command line takes it
GROUPS = [
    ("load generator", "/bench/"),  # first: the generators live under services/*/bench/
    ("load generator", "wrk "),
    ("ingestion-gateway", "services/ingestion-gateway/"),
    ("gateway", "services/gateway/"),
    ("processor", "services/processor/"),
    ("dashboard-api", "services/dashboard-api/"),
    ("admin-api", "services/admin-api/"),
    ("postgres", "postgres"),
    ("redis", "redis-server"),
]


def group_of(cmdline):
    for name, marker in GROUPS:
        if marker in cmdline:
            return name
    return "other"


def cpu_by_group():
    """CPU seconds (user + system) of the processes alive now, per group, plus the whole box. A process that starts
    and exits between two snapshots is in neither: main() adds the command's own tree from its rusage."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        g = group_of(cmd)
        out[g] = out.get(g, 0) + ticks / CLK_TCK
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    busy = sum(cpu) - cpu[3] - (cpu[4] if len(cpu) > 4 else 0)  # minus idle and iowait
    out["(box busy)"] = busy / CLK_TCK
    return out


def psql(db, sql):
    r = subprocess.run(["psql", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", os.environ.get("PGUSER", "postgres"),
                        "-d", db, "-AtF", "\t", "-c", sql], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in r.stdout.splitlines() if line]


def pg_snapshot(db):
    snap = {}
    (commits,), = psql(db, "select xact_commit from pg_stat_database where datname = current_database()")
    snap["commits"] = int(commits)
    (records, fpi, wal_bytes), = psql(db, "select wal_records, wal_fpi, wal_bytes from pg_stat_wal")
    snap["wal_records"], snap["wal_fpi"], snap["wal_bytes"] = int(records), int(fpi), int(float(wal_bytes))
    tables = {}
    for name, ins, upd, hot, dele, idx_blks in psql(db, """
            select t.relname, t.n_tup_ins, t.n_tup_upd, t.n_tup_hot_upd, t.n_tup_del,
                   coalesce(io.idx_blks_hit, 0) + coalesce(io.idx_blks_read, 0)
            from pg_stat_user_tables t join pg_statio_user_tables io using (relid)
            where t.schemaname in ('public', 'sensei_private')"""):
        tables[name] = {"inserted": int(ins), "updated": int(upd), "hot": int(hot), "deleted": int(dele),
                        "index_blocks_touched": int(idx_blks)}
    snap["tables"] = tables
    return snap


def diff(before, after):
    d = {k: after[k] - before[k] for k in ("commits", "wal_records", "wal_fpi", "wal_bytes")}
    tables = {}
    for name, a in after["tables"].items():
        b = before["tables"].get(name, {k: 0 for k in a})
        row = {k: a[k] - b[k] for k in a}
        if any(row.values()):
            tables[name] = row
    d["tables"] = tables
    return d


def stream_busy(redis_db, stream):
    """True while the processor's group on the stream has entries not yet delivered or not yet acknowledged."""
    r = subprocess.run(["redis-cli", "-n", str(redis_db), "xinfo", "groups", stream], capture_output=True, text=True)
    lines = r.stdout.split()
    fields = dict(zip(lines[0::2], lines[1::2]))
    return fields.get("pending", "0") != "0" or fields.get("lag", "0") not in ("0", "")


def settle(redis_db, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and any(stream_busy(redis_db, s) for s in ("sensei:ingest", "sensei:process")):
        time.sleep(0.5)
    time.sleep(10.5)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default=os.environ.get("SENSEI_DB_NAME", "sensei"))
    ap.add_argument("--json", help="also write the profile as JSON here")
    ap.add_argument("--redis-db", type=int, default=int(os.environ.get("SENSEI_REDIS_DB", "0")))
    ap.add_argument("--settle-timeout", type=float, default=300, help="longest wait for the streams to drain (s)")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the command to profile after --")
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", args.db, "-qc", "select pg_stat_force_next_flush()"],
                   capture_output=True)
    cpu0, pg0, t0 = cpu_by_group(), pg_snapshot(args.db), time.monotonic()
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc = subprocess.call(command)
    # the command and everything it waited for have exited by now, so no snapshot saw them: their CPU is the
    # rusage of this process' reaped children (taken before settle's psql and redis-cli calls add theirs)
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    command_cpu = (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime)
    settle(args.redis_db, args.settle_timeout)
    cpu1, pg1, t1 = cpu_by_group(), pg_snapshot(args.db), time.monotonic()
    wall = t1 - t0
    cpu = {g: cpu1.get(g, 0) - cpu0.get(g, 0) for g in cpu1}
    cpu["load generator"] = cpu.get("load generator", 0) + command_cpu
    pg = diff(pg0, pg1)

    print(f"\n## profile: {wall:.1f} s wall, {os.cpu_count()} cores")
    print("\n| process | CPU s | share of the box's busy time |\n| --- | ---: | ---: |")
    busy = cpu.pop("(box busy)", 0) or 1e-9
    for g, s in sorted(cpu.items(), key=lambda kv: -kv[1]):
        if s >= 0.05:
            print(f"| {g} | {s:.1f} | {100 * s / busy:.0f} % |")
    print(f"| whole box busy | {busy:.1f} | {100 * busy / (wall * os.cpu_count()):.0f} % of {os.cpu_count()} cores |")
    print(f"\nPostgres: {pg['commits']:,} commits, {pg['wal_records']:,} WAL records, "
          f"{pg['wal_bytes'] / 1e6:,.1f} MB WAL ({pg['wal_fpi']:,} full-page images)")
    print("\n| table | inserted | updated | of which HOT | deleted | index blocks touched |"
          "\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, t in sorted(pg["tables"].items(), key=lambda kv: -(kv[1]["inserted"] + kv[1]["updated"])):
        print(f"| {name} | {t['inserted']:,} | {t['updated']:,} | {t['hot']:,} | {t['deleted']:,} | "
              f"{t['index_blocks_touched']:,} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"wall_seconds": wall, "cores": os.cpu_count(), "cpu_seconds": cpu, "box_busy_seconds": busy,
                       "postgres": pg, "exit_code": rc}, f, indent=2)
    return rc


if __name__ == "__main__":
    sys.exit(main())
