package com.convosensei.admin.repository;

import com.convosensei.admin.service.WaitlistEntry;
import com.convosensei.admin.service.WaitlistSignup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code waitlist} and {@code waitlist_rate_limits} (V15), and the waitlist's rows of {@code email_outbox} (kind
 * {@code waitlist_confirm}). A sign-up and its confirmation email are written in one transaction, so a stored
 * pending row always has its email queued and a refused one has neither.
 */
@ApplicationScoped
public class WaitlistRepository {

    public static final String OUTBOX_KIND = "waitlist_confirm";

    private static final String COLUMNS = """
            id, email, name, company, source, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer,
            status, created_at, confirmation_sent_at, confirmed_at, confirmations_sent""";

    /**
     * Counts one attempt of a client address in its minute and day windows (and deletes windows older than two
     * days, so the table holds only live counters). Answers both counts with the seconds left in each window.
     */
    private static final String COUNT_ATTEMPT = """
            with purge as (delete from waitlist_rate_limits where window_start < now() - interval '2 days')
            insert into waitlist_rate_limits (ip_hash, window_kind, window_start, hits)
            values ($1, 'minute', date_trunc('minute', now()), 1), ($1, 'day', date_trunc('day', now()), 1)
            on conflict (ip_hash, window_kind, window_start) do update set hits = waitlist_rate_limits.hits + 1
            returning window_kind, hits, greatest(1, ceil(extract(epoch from window_start - now()
                + case window_kind when 'minute' then interval '1 minute' else interval '1 day' end)))::int as seconds_left
            """;

    /** A new address: pending with a token (or spam without one). An address already listed changes nothing here. */
    private static final String INSERT = """
            insert into waitlist (email, name, company, source, utm_source, utm_medium, utm_campaign, utm_term,
                utm_content, referrer, ip_hash, user_agent, status, confirm_token_hash, confirm_expires_at,
                confirmation_sent_at, confirmations_sent)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                case when $14::text is null then null else now() + $15::bigint * interval '1 second' end,
                case when $14::text is null then null else now() end,
                case when $14::text is null then 0 else 1 end)
            on conflict ((lower(email))) do nothing
            returning id, email, confirmations_sent""";

    private static final String FIND_FOR_UPDATE = """
            select id, email, status,
                confirmation_sent_at is null or confirmation_sent_at <= now() - $2::bigint * interval '1 second' as resend_due
            from waitlist where lower(email) = lower($1) for update""";

    /** A pending address asking again after the resend interval: a new link (the previous one stops working). */
    private static final String RENEW_TOKEN = """
            update waitlist set confirm_token_hash = $2, confirm_expires_at = now() + $3::bigint * interval '1 second',
                confirmation_sent_at = now(), confirmations_sent = confirmations_sent + 1
            where id = $1 returning id, email, confirmations_sent""";

    /**
     * A person signing up with an address a honeypot-filling bot had used first: the row becomes theirs (their
     * details, pending, emailed), so a bot cannot keep someone off the list.
     */
    private static final String RESCUE_SPAM = """
            update waitlist set name = $2, company = $3, source = $4, utm_source = $5, utm_medium = $6,
                utm_campaign = $7, utm_term = $8, utm_content = $9, referrer = $10, ip_hash = $11, user_agent = $12,
                status = 'pending', confirm_token_hash = $13, confirm_expires_at = now() + $14::bigint * interval '1 second',
                confirmation_sent_at = now(), confirmations_sent = confirmations_sent + 1
            where id = $1 returning id, email, confirmations_sent""";

    private static final String ENQUEUE = """
            insert into email_outbox (kind, recipient, dedupe_key, payload)
            values ('waitlist_confirm', $1, $2, $3::text::jsonb) on conflict (dedupe_key) do nothing""";

    /** Confirms a live pending token; answers nothing for an unknown token, else its state before this call. */
    private static final String CONFIRM = """
            with hit as (
                select id, status, confirm_expires_at > now() as live from waitlist where confirm_token_hash = $1
                for update),
            done as (
                update waitlist w set status = 'confirmed', confirmed_at = now() from hit
                where w.id = hit.id and hit.status = 'pending' and hit.live returning w.id)
            select hit.status, hit.live, exists (select 1 from done) as confirmed_now from hit""";

    private static final String FILTER = " where ($1::text is null or status = $1)"
            + " and ($2::text is null or lower(email) like $2 escape '\\')";

    private static final String LIST = "select " + COLUMNS + " from waitlist" + FILTER
            + " order by created_at desc, id desc limit $3 offset $4";

    private static final String COUNT = "select count(*) as total from waitlist" + FILTER;

    /** Export pages: keyset on (created_at, id), newest first, so a large list streams in bounded batches. */
    private static final String EXPORT_PAGE = "select " + COLUMNS + " from waitlist" + FILTER
            + " and ($3::timestamptz is null or (created_at, id) < ($3, $4)) order by created_at desc, id desc limit $5";

    /** Deletes a row and its queued or sent confirmation emails (they hold the address too). */
    private static final String DELETE_BY_ID = """
            with gone as (delete from waitlist where id = $1 returning id),
            mail as (delete from email_outbox o using gone where o.kind = 'waitlist_confirm'
                and o.dedupe_key like 'waitlist_confirm:' || gone.id::text || ':%' returning o.id)
            select (select count(*) from gone) as deleted, (select count(*) from mail) as emails,
                (select id::text from gone) as ref""";

    private static final String DELETE_BY_EMAIL = """
            with gone as (delete from waitlist where lower(email) = lower($1) returning id),
            mail as (delete from email_outbox o using gone where o.kind = 'waitlist_confirm'
                and o.dedupe_key like 'waitlist_confirm:' || gone.id::text || ':%' returning o.id)
            select (select count(*) from gone) as deleted, (select count(*) from mail) as emails,
                (select id::text from gone) as ref""";

    private static final String AUDIT = """
            insert into audit_events (actor, action, target_kind, target_ref, details)
            values ($1, $2, 'waitlist_entry', $3, $4::text::jsonb)""";

    private final Pool pool;

    public WaitlistRepository(Pool pool) {
        this.pool = pool;
    }

    /** Attempts so far in the current windows of one client address, and seconds until each window ends. */
    public record Attempts(int minuteHits, int minuteSecondsLeft, int dayHits, int daySecondsLeft) {
    }

    /** What a sign-up did: {@code outcome} for logs and tests; the caller answers the same whatever it is. */
    public enum Outcome { ADDED, ADDED_SPAM, RESENT, RESCUED_FROM_SPAM, ALREADY_CONFIRMED, ALREADY_PENDING, IGNORED_SPAM }

    /** Confirmation of a token: unknown, expired, already confirmed, or confirmed by this call. */
    public enum Confirmation { UNKNOWN, EXPIRED, ALREADY_CONFIRMED, CONFIRMED }

    public record Deleted(long deleted, long emails, String ref) {
    }

    public Uni<Attempts> countAttempt(String ipHash) {
        return pool.preparedQuery(COUNT_ATTEMPT).execute(Tuple.of(ipHash)).map(rows -> {
            int minuteHits = 0;
            int minuteLeft = 60;
            int dayHits = 0;
            int dayLeft = 86_400;
            for (Row r : rows) {
                if ("minute".equals(r.getString("window_kind"))) {
                    minuteHits = r.getInteger("hits");
                    minuteLeft = r.getInteger("seconds_left");
                } else {
                    dayHits = r.getInteger("hits");
                    dayLeft = r.getInteger("seconds_left");
                }
            }
            return new Attempts(minuteHits, minuteLeft, dayHits, dayLeft);
        });
    }

    /**
     * Adds the address or finds it, in one transaction with its confirmation email when one is due.
     * {@code tokenHash} null stores a spam row (no token, no email). {@code payload} is the outbox payload.
     */
    public Uni<Outcome> signUp(WaitlistSignup s, String tokenHash, Duration confirmTtl, Duration resendAfter,
            JsonObject payload) {
        boolean spam = tokenHash == null;
        Tuple insert = Tuple.tuple(Arrays.asList(s.email(), s.name(), s.company(), s.source(),
                s.utmSource(), s.utmMedium(), s.utmCampaign(), s.utmTerm(),
                s.utmContent(), s.referrer(), s.ipHash(), s.userAgent(),
                spam ? WaitlistEntry.SPAM : WaitlistEntry.PENDING, tokenHash, confirmTtl.toSeconds()));
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).execute(insert).flatMap(inserted -> {
            Row row = first(inserted);
            if (row != null) {
                return spam ? Uni.createFrom().item(Outcome.ADDED_SPAM)
                        : enqueue(conn, row, payload).replaceWith(Outcome.ADDED);
            }
            return conn.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(s.email(), resendAfter.toSeconds()))
                    .flatMap(found -> existing(conn, first(found), s, tokenHash, confirmTtl, payload));
        }));
    }

    private Uni<Outcome> existing(SqlConnection conn, Row row, WaitlistSignup s, String tokenHash, Duration ttl,
            JsonObject payload) {
        if (row == null) {
            // deleted between the insert's conflict and this read (an admin erasing it): nothing to add to
            return Uni.createFrom().item(Outcome.ALREADY_PENDING);
        }
        String status = row.getString("status");
        UUID id = row.getUUID("id");
        if (tokenHash == null) {
            return Uni.createFrom().item(Outcome.IGNORED_SPAM); // a bot never changes a listed address
        }
        if (WaitlistEntry.CONFIRMED.equals(status)) {
            return Uni.createFrom().item(Outcome.ALREADY_CONFIRMED);
        }
        if (WaitlistEntry.SPAM.equals(status)) {
            Tuple rescue = Tuple.tuple(Arrays.asList(id, s.name(), s.company(), s.source(),
                    s.utmSource(), s.utmMedium(), s.utmCampaign(),
                    s.utmTerm(), s.utmContent(), s.referrer(), s.ipHash(),
                    s.userAgent(), tokenHash, ttl.toSeconds()));
            return conn.preparedQuery(RESCUE_SPAM).execute(rescue)
                    .flatMap(rows -> enqueue(conn, first(rows), payload)).replaceWith(Outcome.RESCUED_FROM_SPAM);
        }
        if (!row.getBoolean("resend_due")) {
            return Uni.createFrom().item(Outcome.ALREADY_PENDING);
        }
        return conn.preparedQuery(RENEW_TOKEN).execute(Tuple.of(id, tokenHash, ttl.toSeconds()))
                .flatMap(rows -> enqueue(conn, first(rows), payload)).replaceWith(Outcome.RESENT);
    }

    private static Uni<Void> enqueue(SqlConnection conn, Row row, JsonObject payload) {
        String dedupeKey = OUTBOX_KIND + ":" + row.getUUID("id") + ":" + row.getInteger("confirmations_sent");
        return conn.preparedQuery(ENQUEUE).execute(Tuple.of(row.getString("email"), dedupeKey, payload.encode()))
                .replaceWithVoid();
    }

    public Uni<Confirmation> confirm(String tokenHash) {
        return pool.preparedQuery(CONFIRM).execute(Tuple.of(tokenHash)).map(rows -> {
            Row row = first(rows);
            if (row == null) {
                return Confirmation.UNKNOWN;
            }
            if (row.getBoolean("confirmed_now")) {
                return Confirmation.CONFIRMED;
            }
            if (WaitlistEntry.CONFIRMED.equals(row.getString("status"))) {
                return Confirmation.ALREADY_CONFIRMED;
            }
            return Confirmation.EXPIRED;
        });
    }

    public Uni<List<WaitlistEntry>> list(String status, String emailPrefix, int limit, int offset) {
        return pool.preparedQuery(LIST).execute(Tuple.of(status, likePrefix(emailPrefix), limit, offset))
                .map(WaitlistRepository::entries);
    }

    public Uni<Long> count(String status, String emailPrefix) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(status, likePrefix(emailPrefix)))
                .map(rows -> first(rows).getLong("total"));
    }

    /** The export page after {@code after} (null: the first), newest first. */
    public Uni<List<WaitlistEntry>> exportPage(String status, String emailPrefix, WaitlistEntry after, int size) {
        Tuple params = Tuple.tuple(Arrays.asList(status, likePrefix(emailPrefix),
                after == null ? null : after.createdAt().atOffset(ZoneOffset.UTC),
                after == null ? null : after.id(), size));
        return pool.preparedQuery(EXPORT_PAGE).execute(params).map(WaitlistRepository::entries);
    }

    /** Deletes by id and writes the audit event in the same transaction. */
    public Uni<Deleted> deleteById(UUID id, String actor) {
        return delete(DELETE_BY_ID, id, "waitlist.delete", actor);
    }

    /** Deletes by address (any case) and writes the audit event (without the address) in the same transaction. */
    public Uni<Deleted> deleteByEmail(String email, String actor) {
        return delete(DELETE_BY_EMAIL, email, "waitlist.erase", actor);
    }

    private Uni<Deleted> delete(String sql, Object key, String action, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery(sql).execute(Tuple.of(key)).flatMap(rows -> {
            Row row = first(rows);
            Deleted deleted = new Deleted(row.getLong("deleted"), row.getLong("emails"), row.getString("ref"));
            JsonObject details = new JsonObject().put("deleted", deleted.deleted()).put("emails_deleted", deleted.emails());
            return conn.preparedQuery(AUDIT).execute(Tuple.of(actor, action, deleted.ref(), details.encode()))
                    .replaceWith(deleted);
        }));
    }

    public Uni<Void> audit(String actor, String action, JsonObject details) {
        return pool.preparedQuery(AUDIT).execute(Tuple.of(actor, action, null, details.encode())).replaceWithVoid();
    }

    /** "ann" → "ann%" with LIKE's own characters escaped, lower-cased like the index. */
    static String likePrefix(String prefix) {
        if (prefix == null) {
            return null;
        }
        return prefix.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Row first(RowSet<Row> rows) {
        RowIterator<Row> it = rows.iterator();
        return it.hasNext() ? it.next() : null;
    }

    private static List<WaitlistEntry> entries(RowSet<Row> rows) {
        List<WaitlistEntry> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(entry(r));
        }
        return out;
    }

    private static WaitlistEntry entry(Row r) {
        return new WaitlistEntry(r.getUUID("id"), r.getString("email"), r.getString("name"), r.getString("company"),
                r.getString("source"), r.getString("utm_source"), r.getString("utm_medium"),
                r.getString("utm_campaign"), r.getString("utm_term"), r.getString("utm_content"),
                r.getString("referrer"), r.getString("status"), instant(r, "created_at"),
                instant(r, "confirmation_sent_at"), instant(r, "confirmed_at"), r.getInteger("confirmations_sent"));
    }

    private static Instant instant(Row r, String column) {
        return Sql.instant(r, column);
    }
}
