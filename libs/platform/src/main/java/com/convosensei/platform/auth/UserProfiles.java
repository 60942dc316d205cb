package com.convosensei.platform.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code user_profiles}, the one place that reads and writes it for people (local login only adds its session
 * bookkeeping): who signed in and when, the role their token carried, and the role an admin gave them on the members
 * page. The pool is looked up lazily so services without a database (or without JWT users) never touch it.
 */
@ApplicationScoped
public class UserProfiles {

    /** One row of the members page, as stored. */
    public record Profile(String subject, String email, String storedRole, String claimedRole, OffsetDateTime lastSeenAt) {
    }

    /** What {@link #setRole} found: the row before the change, or none when the subject is unknown. */
    public record RoleChange(Profile before, Profile after) {
    }

    private final Instance<Pool> pool;

    public UserProfiles(Instance<Pool> pool) {
        this.pool = pool;
    }

    /**
     * Records that {@code subject} was seen now (email and token role as the token says) and returns the stored role.
     * One statement; called at most once per role-cache period per subject.
     */
    public Uni<Optional<String>> recordSeen(String subject, String email, String claimedRole) {
        return pool.get().preparedQuery("""
                        insert into user_profiles (subject, email, claimed_role, last_seen_at) values ($1, $2, $3, now())
                        on conflict (subject) do update
                            set email = coalesce(excluded.email, user_profiles.email),
                                claimed_role = excluded.claimed_role, last_seen_at = now()
                        returning role""")
                .execute(Tuple.of(subject, email, claimedRole))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.ofNullable(it.next().getString("role")) : Optional.<String>empty();
                });
    }

    /** Everyone who ever signed in, most recently seen first. */
    public Uni<List<Profile>> list() {
        return pool.get().query("""
                        select subject, email, role, claimed_role, last_seen_at from user_profiles
                        order by last_seen_at desc nulls last, subject""")
                .execute()
                .map(rows -> {
                    List<Profile> out = new ArrayList<>();
                    rows.forEach(row -> out.add(profile(row)));
                    return out;
                });
    }

    public Uni<Optional<Profile>> find(String subject) {
        return pool.get().preparedQuery("select subject, email, role, claimed_role, last_seen_at from user_profiles where subject = $1")
                .execute(Tuple.of(subject))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(profile(it.next())) : Optional.<Profile>empty();
                });
    }

    /**
     * Sets the stored role (null clears it) and records the change in {@code audit_events}, in one statement, but
     * only if the row still holds {@code expectedRole} (so two admins changing the same person cannot both pass the
     * last-admin check on stale data). Empty when the row is gone or changed meanwhile.
     */
    public Uni<Optional<Profile>> setRole(String subject, String expectedRole, String newRole, String actorSubject) {
        return pool.get().preparedQuery("""
                        with changed as (
                            update user_profiles set role = $3, updated_at = now()
                            where subject = $1 and role is not distinct from $2
                            returning subject, email, role, claimed_role, last_seen_at),
                        audit as (
                            insert into audit_events (actor, action, target_kind, target_ref, details)
                            select $4, 'member.role', 'member', subject, jsonb_build_object('from', $2::text, 'to', $3::text)
                            from changed)
                        select * from changed""")
                .execute(Tuple.of(subject, expectedRole, newRole, actorSubject))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? Optional.of(profile(it.next())) : Optional.<Profile>empty();
                });
    }

    private static Profile profile(Row row) {
        return new Profile(row.getString("subject"), row.getString("email"), row.getString("role"),
                row.getString("claimed_role"), row.getOffsetDateTime("last_seen_at"));
    }
}
