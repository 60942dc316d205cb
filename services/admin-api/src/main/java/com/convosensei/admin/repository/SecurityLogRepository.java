package com.convosensei.admin.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** {@code user_security_logs} (login attempts) and the profile/session rows a successful login writes. */
@ApplicationScoped
public class SecurityLogRepository {

    public static final String LOGIN_FAILED = "login_failed";
    public static final String LOGIN_SUCCEEDED = "login_succeeded";
    public static final String LOGIN_LOCKED = "login_locked";

    private final Pool pool;

    public SecurityLogRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Seconds until this email + address may try again, or 0 when not locked out. Locked = at least
     * {@code maxFailures} failures inside {@code window} since the last success; it lifts when the
     * {@code maxFailures}-th most recent of them leaves the window.
     */
    public Uni<Long> lockedForSeconds(String email, String ip, int maxFailures, Duration window) {
        return pool.preparedQuery("""
                        select ceil(extract(epoch from (f.created_at + $3 - now())))::bigint as wait
                        from user_security_logs f
                        where f.email = $1 and f.ip = $2 and f.event = 'login_failed'
                          and f.created_at > now() - $3
                          and f.created_at > coalesce((select max(s.created_at) from user_security_logs s
                                                       where s.email = $1 and s.ip = $2 and s.event = 'login_succeeded'),
                                                      '-infinity')
                        order by f.created_at desc
                        offset $4 limit 1""")
                .execute(Tuple.of(email, ip, interval(window), maxFailures - 1))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Math.max(1L, it.next().getLong("wait")) : 0L;
                });
    }

    /**
     * Seconds until this client address may try again, or 0 when not over its budget: at least {@code maxFailures}
     * failed logins from {@code ip} inside {@code window}, whatever the email (stops one address spraying many
     * emails). The address is the gateway-verified peer, so nobody can spend another address's budget.
     */
    public Uni<Long> addressLockedForSeconds(String ip, int maxFailures, Duration window) {
        return pool.preparedQuery("""
                        select ceil(extract(epoch from (f.created_at + $2 - now())))::bigint as wait
                        from user_security_logs f
                        where f.ip = $1 and f.event = 'login_failed' and f.created_at > now() - $2
                        order by f.created_at desc
                        offset $3 limit 1""")
                .execute(Tuple.of(ip, interval(window), maxFailures - 1))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Math.max(1L, it.next().getLong("wait")) : 0L;
                });
    }

    public Uni<Void> record(String subject, String email, String event, String ip, String detailJson) {
        return pool.preparedQuery("insert into user_security_logs (subject, email, event, ip, detail) values ($1, $2, $3, $4, $5::text::jsonb)")
                .execute(Tuple.of(subject, email, event, ip, detailJson))
                .replaceWithVoid();
    }

    /**
     * One statement (atomic): upsert the profile, open a session row, log the success. No stored role: the local
     * admin's tokens carry {@code app_metadata.sensei_role = admin} themselves.
     */
    public Uni<Void> recordLogin(String subject, String email, String ip, String userAgent, OffsetDateTime expiresAt) {
        return pool.preparedQuery("""
                        with profile as (
                            insert into user_profiles (subject, email) values ($1, $2)
                            on conflict (subject) do update set email = excluded.email, updated_at = now()
                            returning id),
                        session as (
                            insert into user_sessions (subject, expires_at, user_agent, ip) values ($1, $3, $4, $5)
                            returning id)
                        insert into user_security_logs (subject, email, event, ip, detail)
                        select $1, $2, 'login_succeeded', $5,
                               jsonb_build_object('session_id', session.id, 'profile_id', profile.id)
                        from profile, session""")
                .execute(Tuple.of(subject, email, expiresAt.withOffsetSameInstant(ZoneOffset.UTC), userAgent, ip))
                .replaceWithVoid();
    }

    private static io.vertx.pgclient.data.Interval interval(Duration d) {
        long seconds = d.toSeconds();
        return io.vertx.pgclient.data.Interval.of(0, 0, (int) (seconds / 86400), (int) (seconds % 86400 / 3600),
                (int) (seconds % 3600 / 60), (int) (seconds % 60));
    }
}
