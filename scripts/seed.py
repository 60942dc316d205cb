#!/usr/bin/env python3
"""`make seed`: a realistic Sensei database of a chosen size, written with COPY into its own database.

Default: 1,000,000 conversations / ~10,000,000 messages over 90 days, several environments, a realistic mix of
health, failures (types, severities, open/ack/resolved), feedback, alerts and one usage-pattern run. It never touches
`make run`'s database (`sensei`) or the e2e one: the target is dropped and re-created, then migrated by the processor's
own migrate-only mode (the production migrator), so the schema is exactly the build's.

Fast because: rows are generated here (standard library only) and streamed through `psql \\copy` in CSV; secondary
indexes are dropped before the load and rebuilt after it (as pg_restore does), then the tables are analysed.

    python3 scripts/seed.py [--conversations N] [--days D] [--db NAME] [--seed S]
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTECTED = {"sensei", "sensei_e2e", "postgres", "template0", "template1"}
PG = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.environ.get("PGHOST", "127.0.0.1"),
      "-p", os.environ.get("PGPORT", "5432"), "-U", os.environ.get("PGUSER", "postgres")]
# the tables whose writes feed the analytics rollups and feedback counters (V19)
ROLLUP_SOURCES = ["conversations", "messages", "failures", "feedback"]
TABLES = ["conversations", "messages", "failures", "feedback", "conversation_owners", "pattern_conversations",
          "usage_patterns", "pattern_runs", "alerts", "api_keys"]

# usage intents: (label, keywords, share, mean health, failure propensity, user lines, assistant lines)
INTENTS = [
    ("Order tracking", ["order", "tracking", "delivery"], 0.16, 82, 0.12,
     ["Where is my order {o}?", "My package {o} still says in transit", "Can you tell me when order {o} arrives?",
      "The tracking link for {o} doesn't load"],
     ["Order {o} left our warehouse yesterday and should arrive within two days.",
      "I checked {o}: the carrier shows it out for delivery today.", "Here is the tracking link for {o}."]),
    ("Refund request", ["refund", "return", "money"], 0.12, 58, 0.45,
     ["I want a refund for {o}", "I returned {o} two weeks ago and still no money",
      "This is the third time I ask for my refund!", "How long does a refund take?"],
     ["I'm sorry about the wait. I've escalated the refund for {o}.", "Refunds take 5-7 business days after we receive the item.",
      "I can't issue refunds directly, but I can open a ticket for {o}."]),
    ("Password reset", ["password", "login", "reset"], 0.10, 86, 0.08,
     ["I can't log in", "The reset email never arrives", "How do I change my password?", "My account is locked"],
     ["I've sent a new reset link to the email on file.", "Please check your spam folder for the reset email.",
      "Your account is unlocked now; try signing in again."]),
    ("Cancel subscription", ["cancel", "subscription", "plan"], 0.08, 61, 0.35,
     ["Cancel my subscription now", "How do I stop the monthly charge?", "I want to talk to a human about cancelling",
      "Why was I charged after cancelling?"],
     ["I can help with that. Your plan stays active until the end of the period.",
      "I've cancelled the subscription; you'll get a confirmation email.", "Let me connect you with our billing team."]),
    ("Shipping delay", ["shipping", "late", "delay"], 0.08, 55, 0.50,
     ["My order {o} is a week late", "This is ridiculous, where is {o}??", "Nobody answers my emails about {o}"],
     ["I understand the frustration. {o} was delayed by the carrier.",
      "I'm sorry, I don't have more information about {o} right now.", "I can offer free shipping on your next order."]),
    ("Product question", ["size", "colour", "product"], 0.12, 88, 0.05,
     ["Does the {p} come in blue?", "What size should I take for the {p}?", "Is the {p} waterproof?"],
     ["Yes, the {p} comes in blue, green and black.", "The {p} runs true to size; take your usual size.",
      "The {p} is water-resistant, not fully waterproof."]),
    ("API integration help", ["api", "sdk", "webhook"], 0.09, 72, 0.25,
     ["The webhook returns 500 every time", "How do I authenticate against the API?", "The SDK throws a timeout on track()",
      "Which endpoint lists invoices?"],
     ["Use a Bearer token in the Authorization header.", "A 500 usually means the payload failed validation; check the logs.",
      "Error: upstream timeout after 30s. Please retry later.", "GET /v1/invoices lists them, paginated."]),
    ("Billing dispute", ["invoice", "charge", "billing"], 0.07, 50, 0.55,
     ["I was charged twice this month", "Invoice {o} is wrong", "I need to speak to a manager about this charge"],
     ["I see two charges; one is a pending authorisation that will drop off.",
      "I'm not able to change invoices, but I can pass this on.", "I'll transfer you to a human agent."]),
    ("Account deletion", ["delete", "account", "privacy"], 0.04, 70, 0.20,
     ["Delete my account and all my data", "How do I export my data first?", "My email is jane.doe@example.com, remove it"],
     ["I've started the deletion; it completes within 30 days.", "You can export your data from Settings > Privacy."]),
    ("Pricing", ["price", "discount", "plan"], 0.07, 84, 0.06,
     ["How much is the pro plan?", "Do you have a student discount?", "Is there an annual price?"],
     ["The pro plan is 29 per month, or 290 per year.", "Yes, students get 40% off with a valid school email."]),
    ("Technical error", ["error", "crash", "bug"], 0.05, 45, 0.65,
     ["The app crashes when I open settings", "I keep getting error 0x80070005", "Nothing works since the update"],
     ["Sorry, something went wrong on our side. Please try again.", "I'm unable to help with that request.",
      "Could you try reinstalling the app?"]),
    ("Small talk", ["hello", "thanks", "bye"], 0.02, 90, 0.02,
     ["hi", "thanks, that's all", "you're great"], ["Hello! How can I help today?", "You're welcome, have a nice day!"]),
]
PRODUCTS = ["trail jacket", "rain boots", "wool sweater", "running shoes", "laptop sleeve", "travel mug"]
ENVIRONMENTS = [("production", 0.70), ("staging", 0.18), ("load-test", 0.12)]
MODELS = ["gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-70b"]
FAILURE_TYPES = [("user_frustration", "medium"), ("agent_refusal", "medium"), ("escalation_request", "high"),
                 ("error_response", "high"), ("repetition_loop", "medium"), ("abandonment", "low"),
                 ("pii_exposure", "critical"), ("negative_feedback", "medium"), ("prompt_injection", "critical")]
# most traffic in European and American working hours, a quiet night
_HOURS = [1 + 2.5 * math.exp(-((h - 14) / 4.5) ** 2) for h in range(24)]
HOUR_WEIGHTS = [(h, w / sum(_HOURS)) for h, w in enumerate(_HOURS)]
STATUSES = [("open", 0.62), ("ack", 0.14), ("resolved", 0.24)]
COMPONENTS = [("sentiment_trajectory", 0.30), ("failures", 0.30), ("resolution", 0.20), ("efficiency", 0.10),
              ("responsiveness", 0.10)]


def pick(rng, weighted):
    r = rng.random()
    for value, w in weighted:
        r -= w
        if r <= 0:
            return value
    return weighted[-1][0]


def ts(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.%f+00")


def csv_field(v):
    if v is None:
        return ""
    s = str(v)
    if any(c in s for c in ",\"\n\r") or s == "":
        return '"' + s.replace('"', '""') + '"'
    return s


class Copy:
    """One `psql \\copy <table> from stdin csv` process fed row by row."""

    def __init__(self, db, table, columns):
        self.table, self.rows = table, 0
        cmd = PG + ["-d", db, "-c", f"\\copy {table} ({', '.join(columns)}) from stdin with (format csv)"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, text=True, bufsize=1 << 20)
        self.buf = []

    def row(self, *values):
        self.buf.append(",".join(csv_field(v) for v in values))
        self.rows += 1
        if len(self.buf) >= 5000:
            self.proc.stdin.write("\n".join(self.buf) + "\n")
            self.buf = []

    def close(self):
        if self.buf:
            self.proc.stdin.write("\n".join(self.buf) + "\n")
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            sys.exit(f"COPY into {self.table} failed")
        return self.rows


def psql(db, sql, capture=False):
    out = subprocess.run(PG + ["-d", db, "-At", "-c", sql], check=True, text=True,
                         stdout=subprocess.PIPE if capture else None)
    return out.stdout if capture else None


def migrate(db):
    jar = os.path.join(ROOT, "services/processor/target/quarkus-app/quarkus-run.jar")
    if not os.path.exists(jar):
        sys.exit("the processor is not built: run `make build` first (the seed migrates with its migrate-only mode)")
    env = dict(os.environ, DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{db}", SENSEI_DB_MIGRATE_ONLY="true",
               REDIS_URL=os.environ.get("SEED_REDIS_URL", "redis://127.0.0.1:6379/15"), QUARKUS_HTTP_PORT="0",
               QUARKUS_LOG_LEVEL="WARN")
    subprocess.run(["java", "-Xmx256m", "-jar", jar], check=True, env=env, stdout=subprocess.DEVNULL)


def drop_for_load(db):
    """Drops the foreign keys and the indexes no constraint owns on the loaded tables (the tables are filled by
    parallel COPY streams, so a child row may arrive before its parent is committed) and disables the rollup triggers;
    returns the statements that put them back and rebuild the rollups."""
    tables = ",".join(f"'{t}'" for t in TABLES)
    fks = psql(db, f"""select c.conrelid::regclass || '|' || c.conname || '|' || pg_get_constraintdef(c.oid)
        from pg_constraint c where c.contype = 'f' and c.conrelid::regclass::text in ({tables})""", capture=True)
    idx = psql(db, f"""select indexname || '|' || indexdef from pg_indexes i
        where schemaname = 'public' and tablename in ({tables})
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)""", capture=True)
    restore = []
    for table, name, definition in (line.split("|", 2) for line in fks.splitlines() if line):
        psql(db, f"alter table {table} drop constraint {name}")
        restore.append(f"alter table {table} add constraint {name} {definition}")
    for name, definition in (line.split("|", 1) for line in idx.splitlines() if line):
        psql(db, f"drop index {name}")
        restore.insert(0, definition)  # indexes first: the foreign key checks then use them
    # the analytics rollup triggers (V19) would aggregate every COPY statement and probe feedback per conversation
    # without its index: off for the load, then enabled again and the rollups rebuilt in one pass
    for table in ROLLUP_SOURCES:
        psql(db, f"alter table {table} disable trigger user")
        restore.append(f"alter table {table} enable trigger user")
    restore.append("select sensei_private.rebuild_analytics_rollups()")
    return restore


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conversations", type=int, default=int(os.environ.get("SEED_CONVERSATIONS", 1_000_000)))
    ap.add_argument("--days", type=int, default=int(os.environ.get("SEED_DAYS", 90)))
    ap.add_argument("--db", default=os.environ.get("SEED_DB", "sensei_seed"))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SEED_RANDOM", 7)))
    args = ap.parse_args()
    if args.db in PROTECTED or not args.db.replace("_", "").isalnum():
        sys.exit(f"refusing to seed database {args.db!r}: pick a name of its own (default sensei_seed)")
    if args.conversations < 1 or args.days < 1:
        sys.exit("--conversations and --days must be at least 1")

    rng = random.Random(args.seed)
    started = time.monotonic()
    print(f"seeding {args.conversations:,} conversations over {args.days} days into database {args.db}")
    subprocess.run(PG + ["-d", "postgres", "-c", f"drop database if exists {args.db} with (force)"], check=True)
    subprocess.run(PG + ["-d", "postgres", "-c", f"create database {args.db}"], check=True)
    migrate(args.db)
    restore = drop_for_load(args.db)
    print(f"  schema migrated; {len(restore)} indexes, foreign keys and triggers set aside for the load ({time.monotonic() - started:.0f} s)")

    now = datetime.now(timezone.utc).replace(microsecond=0)
    start = now - timedelta(days=args.days)
    keys = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(3)]
    copy_keys = Copy(args.db, "api_keys", ["id", "name", "prefix", "secret_hash", "created_at"])
    for i, k in enumerate(keys):
        copy_keys.row(k, f"seed key {i + 1}", f"sk_seed{i}", "seeded: not a usable key", ts(start))
    copy_keys.close()

    run_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    pattern_ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in INTENTS]
    intent_weights = [(i, it[2]) for i, it in enumerate(INTENTS)]
    pattern_stats = [[0, 0.0, 0] for _ in INTENTS]  # size, health sum, failing
    pattern_window = now - timedelta(days=30)

    conv = Copy(args.db, "conversations", [
        "id", "external_id", "environment", "user_id", "metadata", "api_key_id", "message_count", "first_message_at",
        "last_message_at", "last_activity_at", "ended", "ended_at", "ended_reason", "health_score", "health_breakdown",
        "health_version", "scored_at", "sentiment_avg", "sentiment_min", "sentiment_last", "sentiment_trend",
        "has_failures", "failure_count", "failure_types", "max_severity", "created_at", "updated_at"])
    msgs = Copy(args.db, "messages", ["conversation_id", "external_id", "dedup_key", "role", "content", "sent_at",
                                      "metadata", "latency_ms", "tokens", "sentiment_score", "received_at"])
    fails = Copy(args.db, "failures", ["conversation_id", "type", "severity", "confidence", "fingerprint", "explanation",
                                       "evidence", "source", "status", "status_changed_at", "status_changed_by",
                                       "detected_at", "last_seen_at"])
    owners = Copy(args.db, "conversation_owners", ["environment", "external_id", "api_key_id", "claimed_at"])
    fb = Copy(args.db, "feedback", ["environment", "conversation_external_id", "user_id", "kind", "value", "comment",
                                    "given_at", "source", "received_at", "updated_at"])
    members = Copy(args.db, "pattern_conversations", ["pattern_id", "conversation_id", "distance"])
    alerts = Copy(args.db, "alerts", ["dedupe_key", "kind", "conversation_id", "failure_type", "severity", "status",
                                      "attempts", "response_status", "created_at", "sent_at"])
    span = (now - start).total_seconds()
    for n in range(args.conversations):
        cid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        # traffic grows over the period (density ∝ 1 + u) and follows the day (busiest around 14:00 UTC)
        u = (math.sqrt(1 + 3 * rng.random()) - 1)
        t0 = start + timedelta(seconds=u * span)
        if rng.random() < 0.7:
            t0 = t0.replace(hour=pick(rng, HOUR_WEIGHTS))
        env = pick(rng, ENVIRONMENTS)
        intent = pick(rng, intent_weights)
        label, _, _, mean_health, fail_p, user_lines, bot_lines = INTENTS[intent]
        count = max(2, min(40, int(rng.lognormvariate(2.2, 0.55))))
        failing = rng.random() < fail_p * (1.6 if env == "load-test" else 1.0)
        health = max(0.0, min(100.0, rng.gauss(mean_health - (28 if failing else 0), 12)))
        order = f"#{rng.randint(10000, 99999)}"
        product = rng.choice(PRODUCTS)
        gaps = [0] + [rng.randint(2, 90) for _ in range(count - 1)]
        t0 = min(t0, now - timedelta(seconds=sum(gaps) + 60))  # nothing in the future
        t = t0
        sentiments = []
        for i in range(count):
            t += timedelta(seconds=gaps[i])
            role = "user" if i % 2 == 0 else "assistant"
            line = rng.choice(user_lines if role == "user" else bot_lines).format(o=order, p=product)
            s = round(max(-1.0, min(1.0, rng.gauss((health - 60) / 60, 0.3))), 3) if role == "user" else None
            if s is not None:
                sentiments.append(s)
            latency = rng.randint(300, 6000) if role == "assistant" else None
            msgs.row(cid, f"m{i}" if rng.random() < 0.5 else None, f"seed:{i}", role, line, ts(t), "{}", latency,
                     rng.randint(20, 400) if role == "assistant" else None, s, ts(t))
        last = t
        ended = last < now - timedelta(minutes=30) and rng.random() < 0.92
        types, sev_rank, max_sev = [], -1, None
        if failing:
            for ftype, sev in rng.sample(FAILURE_TYPES, k=rng.choice([1, 1, 1, 2, 2, 3])):
                status = pick(rng, STATUSES)
                changed = ts(last + timedelta(hours=rng.randint(1, 48))) if status != "open" else None
                fails.row(cid, ftype, sev, round(rng.uniform(0.55, 0.99), 3), f"{ftype}:seed",
                          f"{ftype.replace('_', ' ')} detected in message {rng.randint(1, count)}", "[]", "rules",
                          status, changed, "seed-admin" if changed else None, ts(last), ts(last))
                types.append(ftype)
                rank = ["low", "medium", "high", "critical"].index(sev)
                if rank > sev_rank:
                    sev_rank, max_sev = rank, sev
                if sev in ("high", "critical") and env == "production":
                    alerts.row(f"failure:{cid}:{ftype}", "failure", cid, ftype, sev, "sent", 1, 200, ts(last), ts(last))
        components = [{"name": name, "score": round(max(0, min(100, rng.gauss(health, 10))), 1), "weight": w,
                       "reason": f"{name.replace('_', ' ')} seeded"} for name, w in COMPONENTS]
        breakdown = json.dumps({"score": round(health, 1), "version": "health-v2", "components": components,
                                "summary": f"{label}: {'issues found' if failing else 'went well'}"},
                               separators=(",", ":"))
        s_avg = round(sum(sentiments) / len(sentiments), 3) if sentiments else None
        metadata = json.dumps({"model": rng.choice(MODELS), "agent_version": f"v1.{int(u * 6)}",
                               "channel": rng.choice(["web", "app", "email"])}, separators=(",", ":"))
        ext = f"seed-{n:08d}"
        conv.row(cid, ext, env, f"user-{rng.randint(1, 50_000)}", metadata, keys[n % len(keys)], count, ts(t0),
                 ts(last), ts(last), ended, ts(last + timedelta(minutes=30)) if ended else None,
                 ("client" if rng.random() < 0.4 else "inactivity") if ended else None, round(health, 1), breakdown,
                 "health-v2", ts(last), s_avg, min(sentiments) if sentiments else None,
                 sentiments[-1] if sentiments else None,
                 round(sentiments[-1] - sentiments[0], 3) if len(sentiments) > 1 else 0.0, failing, len(types),
                 "{" + ",".join(types) + "}", max_sev, ts(t0), ts(last))
        owners.row(env, ext, keys[n % len(keys)], ts(t0))
        if rng.random() < 0.06:
            value = rng.choice([-1, 1]) if health > 50 else -1
            fb.row(env, ext, "", "thumbs", value, "not what I asked" if value < 0 and rng.random() < 0.3 else None,
                   ts(last), "api", ts(last), ts(last))
        if last >= pattern_window:
            members.row(pattern_ids[intent], cid, round(rng.uniform(0.05, 0.6), 4))
            st = pattern_stats[intent]
            st[0] += 1
            st[1] += health
            st[2] += 1 if failing else 0
        if (n + 1) % 100_000 == 0:
            print(f"  {n + 1:,} conversations, {msgs.rows:,} messages ({time.monotonic() - started:.0f} s)", flush=True)
    counts = {c.table: c.close() for c in (conv, msgs, fails, owners, fb, members, alerts)}
    print(f"  rows written ({time.monotonic() - started:.0f} s); the last pattern run, then indexes and keys")

    # the latest pattern run, as the weekly job would have left it over the last 30 days
    finished = now - timedelta(hours=6)
    psql(args.db, f"""insert into pattern_runs (id, trigger, status, progress, stage, conversation_count, cluster_count,
        silhouette, created_at, started_at, finished_at) values ('{run_id}', 'scheduled', 'succeeded', 1, 'done',
        {sum(st[0] for st in pattern_stats)}, {len(INTENTS)}, 0.31, '{ts(finished)}', '{ts(finished)}', '{ts(finished)}')""")
    for (label, keywords, *_), pid, (size, health_sum, failing) in zip(INTENTS, pattern_ids, pattern_stats):
        avg = f"{health_sum / size:.2f}" if size else "null"
        growth = round(rng.uniform(-0.3, 0.6), 3)
        psql(args.db, f"""insert into usage_patterns (id, run_id, label, keywords, size, avg_health, failure_share,
            previous_size, growth, created_at) values ('{pid}', '{run_id}', '{label}',
            '{{{",".join(keywords)}}}', {size}, {avg}, {failing / size if size else 0:.4f},
            {int(size / (1 + growth))}, {growth}, '{ts(finished)}')""")
    for statement in restore:
        step = time.monotonic()
        psql(args.db, "set maintenance_work_mem = '512MB'; " + statement)
        print(f"  {statement[:90]}... {time.monotonic() - step:.0f} s", flush=True)
    psql(args.db, "vacuum analyze")
    size = psql(args.db, f"select pg_size_pretty(pg_database_size('{args.db}'))", capture=True).strip()
    print(f"seeded {args.db} in {time.monotonic() - started:.0f} s ({size}): " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"point a stack at it: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/{args.db}")


if __name__ == "__main__":
    main()
