"""`make seed` at a small size: the generated database is consistent with itself and has the build's whole schema back
(every index and foreign key the load set aside), so benchmarks read what production would hold."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DB = "sensei_seed_test"
PG = ["psql", "-X", "-At", "-h", "127.0.0.1", "-U", "postgres"]


def q(sql, db=DB):
    return subprocess.run(PG + ["-d", db, "-c", sql], check=True, text=True, stdout=subprocess.PIPE).stdout.strip()


@pytest.fixture(scope="module")
def seeded():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts/seed.py"), "--conversations", "3000", "--db", DB,
                          "--days", "30"], text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert out.returncode == 0, out.stdout
    yield out.stdout
    q(f"drop database if exists {DB} with (force)", db="postgres")


def test_counts_are_the_requested_size(seeded):
    assert q("select count(*) from conversations") == "3000"
    messages = int(q("select count(*) from messages"))
    assert 3000 * 7 < messages < 3000 * 14, messages


def test_conversation_rows_agree_with_their_messages_and_failures(seeded):
    assert q("""select count(*) from conversations c where message_count <> (select count(*) from messages m
                where m.conversation_id = c.id)""") == "0"
    assert q("""select count(*) from conversations c where failure_count <> (select count(*) from failures f
                where f.conversation_id = c.id) or has_failures <> (failure_count > 0)""") == "0"
    assert q("""select count(*) from conversations c where last_message_at <> (select max(sent_at) from messages m
                where m.conversation_id = c.id)""") == "0"


def test_the_mix_is_realistic(seeded):
    envs = dict(line.split("|") for line in q("select environment, count(*) from conversations group by 1").splitlines())
    assert set(envs) == {"production", "staging", "load-test"}
    assert int(envs["production"]) > int(envs["staging"]) > 0
    failing = float(q("select avg(has_failures::int) from conversations"))
    assert 0.1 < failing < 0.5, failing
    statuses = q("select string_agg(distinct status, ',' order by status) from failures")
    assert statuses == "ack,open,resolved"
    assert float(q("select stddev(health_score) from conversations")) > 10
    assert q("select count(*) from conversations where last_activity_at > now()") == "0"


def test_the_schema_is_whole_again(seeded):
    # the same indexes and foreign keys as a database the migrator alone built
    fresh = "sensei_seed_test_schema"
    q(f"drop database if exists {fresh} with (force)", db="postgres")
    q(f"create database {fresh}", db="postgres")
    try:
        env = dict(os.environ, DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{fresh}", SENSEI_DB_MIGRATE_ONLY="true")
        subprocess.run(["java", "-jar", os.path.join(ROOT, "services/processor/target/quarkus-app/quarkus-run.jar")],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        shape = ("select string_agg(indexdef, E'\\n' order by indexdef) from pg_indexes where schemaname = 'public';"
                 " select string_agg(conname, ',' order by conname) from pg_constraint where contype = 'f'")
        assert q(shape) == q(shape, db=fresh)
    finally:
        q(f"drop database if exists {fresh} with (force)", db="postgres")


def test_refuses_the_databases_of_make_run_and_the_tests():
    for db in ("sensei", "sensei_e2e"):
        out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts/seed.py"), "--db", db], text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert out.returncode != 0 and "refusing" in out.stdout


def test_the_rollups_are_rebuilt_and_their_triggers_back_on(seeded):
    # the load ran with the V19 triggers off; the rebuild must leave what the triggers would have
    assert q("select sum(conversations) from conversation_rollups") == "3000"
    assert q("select sum(messages) from message_rollups") == q("select count(*) from messages")
    assert q("select sum(messages) from message_minute_rollups") == q("select count(*) from messages")
    assert q("select sum(failures) from failure_rollups") == q("select count(*) from failures")
    assert q("""select sum(failing) from conversation_rollups""") == q("select count(*) from conversations where has_failures")
    assert q("""select count(*) from conversations c where feedback_count <> (select count(*) from feedback f
                where f.environment = c.environment and f.conversation_external_id = c.external_id)""") == "0"
    assert int(q("select count(*) from conversations where feedback_count > 0")) > 0
    assert q("select count(*) from pg_trigger where not tgisinternal and tgenabled = 'D'") == "0"
