#!/usr/bin/env python3
"""The raw COPY ceiling of this Postgres for message rows: how many rows/s one COPY stores into a table with the same
definition (columns, indexes, constraints, triggers) as the stack's `messages`, so that ingest's rows/s can be read
against what the database itself takes (`make bench`, scripts/bench.sh).

    python3 scripts/bench_copy.py --source-db sensei_bench [--rows 200000] [--json FILE]

1. a scratch database (SCRATCH, default <source>_copy_ceiling) is created from `pg_dump --schema-only` of the source
   database: every table, index, trigger and function as the migrations left them (the scratch one starts empty, as
   the bench stack's database does);
2. conversations for the rows are loaded first (not timed: the foreign key needs them), ~10 messages each;
3. one timed `\\copy messages (...) from FILE csv`: rows shaped like the ingest generator's (services/ingestion-gateway/
   bench/bench-ingest.mjs: 8-20 words, user/assistant turns, client ids, latency and tokens on assistant turns);
4. the stored count is checked, then the scratch database is dropped, whatever happened.
Prints (and writes with --json) {rows, seconds, rows_per_s, indexes, triggers, ...}. Standard library only; psql and
pg_dump do the talking. Exit 1 with the reason on stderr when a step fails.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone

WORDS = ["order", "refund", "delivery", "password", "invoice", "plan", "upgrade", "cancel", "account", "error",
         "thanks", "please", "still", "not", "working", "again", "help", "agent", "human", "why"]
MESSAGES_PER_CONVERSATION = 10
# the columns the processor's insert fills (IngestRepository); id and received_at take their defaults
MESSAGE_COLUMNS = ["conversation_id", "external_id", "dedup_key", "role", "content", "sent_at", "metadata",
                   "latency_ms", "tokens"]


class CopyError(Exception):
    pass


def pg_args(db):
    return ["-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", os.environ.get("PGUSER", "postgres"), "-d", db]


def psql(db, sql, stdin=None):
    r = subprocess.run(["psql", "-X", *pg_args(db), "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], input=stdin,
                       capture_output=True, text=True)
    if r.returncode != 0:
        lines = r.stderr.strip().splitlines()
        errors = [line for line in lines if line.startswith("ERROR:") or "error" in line.lower()]
        raise CopyError(f"psql on {db}: {(errors or lines or [f'exit {r.returncode}'])[0]}")
    return r.stdout.strip()


def write_rows(path_conversations, path_messages, rows, seed):
    """The CSVs to load: conversations (id, external_id, environment) and their messages."""
    rng = random.Random(seed)
    start = datetime.now(timezone.utc) - timedelta(hours=1)
    conversations = (rows + MESSAGES_PER_CONVERSATION - 1) // MESSAGES_PER_CONVERSATION
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(conversations)]
    with open(path_conversations, "w", newline="") as f:
        w = csv.writer(f)
        for i, cid in enumerate(ids):
            w.writerow([cid, f"copy-ceiling-{i}", "bench"])
    with open(path_messages, "w", newline="") as f:
        w = csv.writer(f)
        for n in range(rows):
            cid, turn = ids[n // MESSAGES_PER_CONVERSATION], n % MESSAGES_PER_CONVERSATION
            assistant = turn % 2 == 1
            content = " ".join(rng.choice(WORDS) for _ in range(8 + turn % 12)) + f" #{turn}"
            sent = (start + timedelta(seconds=n // MESSAGES_PER_CONVERSATION + turn)).isoformat()
            w.writerow([cid, f"m{turn}", f"m{turn}", "assistant" if assistant else "user", content, sent, "{}",
                        200 + turn * 37 if assistant else "", 20 + turn * 11 if assistant else ""])
    return conversations


def describe(db, table):
    indexes = psql(db, f"select indexname from pg_indexes where schemaname = 'public' and tablename = '{table}' "
                       "order by 1").splitlines()
    triggers = psql(db, f"select tgname from pg_trigger where tgrelid = 'public.{table}'::regclass "
                        "and not tgisinternal order by 1").splitlines()
    return indexes, triggers


def copy_ceiling(source_db, rows, scratch_db=None, seed=1):
    scratch_db = scratch_db or f"{source_db}_copy_ceiling"
    if psql("postgres", f"select count(*) from pg_database where datname = '{source_db}'") != "1":
        raise CopyError(f"no database {source_db} to take the table definition from")
    psql("postgres", f'drop database if exists "{scratch_db}" with (force)')
    psql("postgres", f'create database "{scratch_db}"')
    try:
        dump = subprocess.run(["pg_dump", *pg_args(source_db), "--schema-only", "--no-owner", "--no-privileges"],
                              capture_output=True, text=True)
        if dump.returncode != 0:
            raise CopyError(f"pg_dump {source_db}: {dump.stderr.strip()[-300:]}")
        restore = subprocess.run(["psql", "-X", *pg_args(scratch_db), "-v", "ON_ERROR_STOP=1", "-q"], input=dump.stdout,
                                 capture_output=True, text=True)
        if restore.returncode != 0:
            raise CopyError(f"restoring {source_db}'s schema into {scratch_db}: {restore.stderr.strip()[-300:]}")
        indexes, triggers = describe(scratch_db, "messages")
        with tempfile.TemporaryDirectory(prefix="bench-copy-") as tmp:
            conv_csv, msg_csv = os.path.join(tmp, "conversations.csv"), os.path.join(tmp, "messages.csv")
            conversations = write_rows(conv_csv, msg_csv, rows, seed)
            psql(scratch_db, f"\\copy conversations (id, external_id, environment) from '{conv_csv}' with (format csv)")
            psql(scratch_db, "checkpoint")  # the conversations' dirty pages are not the messages' COPY's to write
            t0 = time.monotonic()
            psql(scratch_db, f"\\copy messages ({', '.join(MESSAGE_COLUMNS)}) from '{msg_csv}' with (format csv)")
            seconds = time.monotonic() - t0
        stored = int(psql(scratch_db, "select count(*) from messages"))
        if stored != rows:
            raise CopyError(f"COPY stored {stored} of {rows} rows")
        return {"table": "messages", "rows": rows, "stored": stored, "seconds": round(seconds, 4),
                "rows_per_s": round(rows / seconds, 1), "conversations": conversations, "indexes": indexes,
                "triggers": triggers, "source_db": source_db, "scratch_db": scratch_db,
                "server": psql("postgres", "show server_version")}
    finally:
        psql("postgres", f'drop database if exists "{scratch_db}" with (force)')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source-db", required=True, help="the database whose messages definition is copied")
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--scratch-db", help="default <source>_copy_ceiling; dropped before and after")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    if args.rows < 1:
        ap.error("--rows must be at least 1")
    try:
        result = copy_ceiling(args.source_db, args.rows, args.scratch_db)
    except CopyError as e:
        print(f"bench_copy: {e}", file=sys.stderr)
        return 1
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
