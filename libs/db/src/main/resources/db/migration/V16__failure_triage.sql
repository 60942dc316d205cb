-- Triage at scale (issue 13): a stored "false positive" verdict and notes on failures.
--
-- false_positive is a status beside open/ack/resolved rather than a separate column, so a failure has exactly one triage
-- state and every status filter, index and bulk action covers it. The processor's upsert on (conversation, type,
-- fingerprint) never touches status and prunes only 'open' rows, so a re-scored conversation that finds the same
-- fingerprint again keeps the verdict (and, for false positives, keeps the severity/evidence the person judged).
alter table failures drop constraint failures_status_check;
alter table failures add constraint failures_status_check
    check (status in ('open', 'ack', 'resolved', 'false_positive'));

-- Notes people leave on a failure. Owned by admin-api (FailureNoteRepository writes); dashboard-api only reads them.
-- author is the caller's label (email or subject) as status_changed_by stores it.
create table failure_notes (
    id          uuid primary key default gen_random_uuid(),
    failure_id  uuid        not null references failures (id) on delete cascade,
    author      text        not null check (length(author) between 1 and 320),
    body        text        not null check (length(btrim(body)) between 1 and 2000),
    created_at  timestamptz not null default now()
);
create index failure_notes_failure_idx on failure_notes (failure_id, created_at, id);

-- What the analysis can learn from: every detection a person marked false positive, with what the detector saw.
-- `psql -c "copy (select row_to_json(v) from failure_verdicts v) to stdout"` exports it as JSONL (docs/triage.md).
create view failure_verdicts as
select f.id as failure_id, f.type, f.source, f.fingerprint, f.severity, f.confidence, f.explanation, f.evidence,
       f.status_changed_at as judged_at, f.status_changed_by as judged_by, c.external_id as conversation_external_id,
       c.id as conversation_id
from failures f
join conversations c on c.id = f.conversation_id
where f.status = 'false_positive';
