"""The COPY ceiling (scripts/bench_copy.py) on a real Postgres: a tiny source database of its own with a messages table
(an index, a statement trigger keeping a count, the foreign key to conversations); the scratch copy gets the same
definition, stores every row, fires the trigger, and is gone afterwards."""
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import bench_copy  # noqa: E402

SOURCE = "sensei_bench_copy_test"
SCRATCH = "sensei_bench_copy_test_scratch"
PG = ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", "postgres"]

SCHEMA = """
create table conversations (id uuid primary key, external_id text not null, environment text not null,
                            message_count integer not null default 0);
create table messages (
    id bigint generated always as identity primary key,
    conversation_id uuid not null references conversations (id) on delete cascade,
    external_id text, dedup_key text not null, role text not null check (role in ('user', 'assistant')),
    content text not null, sent_at timestamptz not null, metadata jsonb not null default '{}',
    latency_ms integer, tokens integer, received_at timestamptz not null default now(),
    constraint messages_conversation_dedup_key unique (conversation_id, dedup_key));
create index messages_sent_at_idx on messages (sent_at);
create table message_counts (rows bigint not null);
create function count_messages() returns trigger language plpgsql as $$
begin insert into message_counts select count(*) from new_rows; return null; end $$;
create trigger messages_counted after insert on messages referencing new table as new_rows
    for each statement execute function count_messages();
"""


def q(sql, db="postgres"):
    return subprocess.run(PG + ["-d", db, "-c", sql], check=True, text=True, capture_output=True).stdout.strip()


def exists(db):
    return q(f"select count(*) from pg_database where datname = '{db}'") == "1"


@pytest.fixture
def source():
    q(f"drop database if exists {SOURCE} with (force)")
    q(f"create database {SOURCE}")
    subprocess.run(PG + ["-d", SOURCE, "-q"], input=SCHEMA, check=True, text=True, capture_output=True)
    yield SOURCE
    q(f"drop database if exists {SOURCE} with (force)")
    q(f"drop database if exists {SCRATCH} with (force)")


def test_the_scratch_table_has_the_source_definition_and_stores_every_row(source, monkeypatch):
    seen = {}
    real_describe = bench_copy.describe

    def describe_and_peek(db, table):
        # while the scratch database still exists: the trigger must fire for the timed COPY, so it is checked after
        seen["db"] = db
        return real_describe(db, table)

    monkeypatch.setattr(bench_copy, "describe", describe_and_peek)
    real_psql = bench_copy.psql

    def psql_then_count(db, sql, stdin=None):
        out = real_psql(db, sql, stdin)
        if db == SCRATCH and sql.startswith("\\copy messages"):
            seen["trigger_rows"] = real_psql(db, "select coalesce(sum(rows), 0) from message_counts")
        return out

    monkeypatch.setattr(bench_copy, "psql", psql_then_count)
    result = bench_copy.copy_ceiling(source, 2_345, SCRATCH)
    assert seen["db"] == SCRATCH
    assert result["stored"] == result["rows"] == 2_345
    assert seen["trigger_rows"] == "2345"  # the statement trigger ran over the COPY's rows
    assert result["indexes"] == ["messages_conversation_dedup_key", "messages_pkey", "messages_sent_at_idx"]
    assert result["triggers"] == ["messages_counted"]
    assert result["conversations"] == 235  # ten messages each, the last one partly filled
    assert result["rows_per_s"] > 0 and result["seconds"] > 0
    assert abs(result["rows_per_s"] * result["seconds"] / 2_345 - 1) < 0.01
    assert not exists(SCRATCH)
    # the source is only read
    assert q("select count(*) from messages", SOURCE) == "0"


def test_a_missing_source_is_an_error_and_leaves_no_scratch_database():
    with pytest.raises(bench_copy.CopyError, match="no database sensei_bench_copy_test_absent"):
        bench_copy.copy_ceiling("sensei_bench_copy_test_absent", 10, SCRATCH)
    assert not exists(SCRATCH)


def test_a_table_the_rows_do_not_fit_fails_with_the_reason_and_drops_the_scratch_database(source):
    q("alter table messages add column must_have text not null", SOURCE)
    with pytest.raises(bench_copy.CopyError, match="must_have"):
        bench_copy.copy_ceiling(source, 10, SCRATCH)
    assert not exists(SCRATCH)


def test_the_command_line_writes_json_and_exits_1_on_failure(source, tmp_path, capsys):
    out = tmp_path / "copy.json"
    assert bench_copy.main(["--source-db", source, "--rows", "50", "--scratch-db", SCRATCH, "--json", str(out)]) == 0
    assert '"stored": 50' in out.read_text()
    assert bench_copy.main(["--source-db", "sensei_bench_copy_test_absent", "--rows", "5"]) == 1
    assert "no database" in capsys.readouterr().err
