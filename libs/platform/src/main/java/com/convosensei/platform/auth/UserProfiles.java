package com.convosensei.platform.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

    /** What {@link #recordSeen} found: the stored role, and whether this was the subject's first sighting ever. */
    public record Seen(Optional<String> storedRole, boolean first) {
    }

    /**
     * Records that {@code subject} was seen now (email and token role as the token says) and returns the stored role,
     * and whether the subject had never been seen before (no row, or a row local login wrote but no request has come
     * through yet). One statement; called at most once per role-cache period per subject.
     */
    public Uni<Seen> recordSeen(String subject, String email, String claimedRole) {
        return pool.get().preparedQuery("""
                        with before as (select last_seen_at from user_profiles where subject = $1)
                        insert into user_profiles (subject, email, claimed_role, last_seen_at) values ($1, $2, $3, now())
                        on conflict (subject) do update
                            set email = coalesce(excluded.email, user_profiles.email),
                                claimed_role = excluded.claimed_role, last_seen_at = now()
                        returning role, (select last_seen_at from before) is null as first""")
                .execute(Tuple.of(subject, email, claimedRole))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return new Seen(Optional.empty(), false);
                    }
                    Row row = it.next();
                    return new Seen(Optional.ofNullable(row.getString("role")), row.getBoolean("first"));
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

    /**
     * A user's own preferences ({@code GET/PATCH /api/v1/me/preferences}): {@code productAnalytics} is the inverse of
     * the stored opt-out; {@code tourStepsSeen} is the first-run tour's seen steps, in the order they were sent.
     */
    public record Preferences(boolean weeklySummary, boolean productAnalytics, boolean tourDismissed,
            List<String> tourStepsSeen) {
        public static final Preferences DEFAULTS = new Preferences(false, true, false, List.of());
    }

    /** A partial change of {@link Preferences}: null leaves the field as it is. */
    public record PreferencesPatch(Boolean weeklySummary, Boolean productAnalytics, Boolean tourDismissed,
            List<String> tourStepsSeen) {
    }

    /** The subject's preferences; the defaults when the subject has no row yet. */
    public Uni<Preferences> preferences(String subject) {
        return pool.get().preparedQuery("""
                        select weekly_summary_opt_in, product_analytics_opt_out, onboarding from user_profiles
                        where subject = $1""")
                .execute(Tuple.of(subject))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? preferences(it.next()) : Preferences.DEFAULTS;
                });
    }

    /**
     * Applies {@code patch} in one statement (creating the row when the subject has none yet: the role lookup
     * normally wrote it already) and returns the result. Onboarding keys are replaced one by one (jsonb {@code ||}),
     * so a client that only dismisses the tour leaves the seen steps alone.
     */
    public Uni<Preferences> updatePreferences(String subject, String email, PreferencesPatch patch) {
        JsonObject onboarding = new JsonObject();
        if (patch.tourDismissed() != null) {
            onboarding.put("tour_dismissed", patch.tourDismissed());
        }
        if (patch.tourStepsSeen() != null) {
            onboarding.put("tour_steps_seen", new JsonArray(new ArrayList<>(patch.tourStepsSeen())));
        }
        Boolean optOut = patch.productAnalytics() == null ? null : !patch.productAnalytics();
        return pool.get().preparedQuery("""
                        insert into user_profiles (subject, email, weekly_summary_opt_in, product_analytics_opt_out, onboarding)
                        values ($1, $2, coalesce($3, false), coalesce($4, false), $5)
                        on conflict (subject) do update
                            set weekly_summary_opt_in = coalesce($3, user_profiles.weekly_summary_opt_in),
                                product_analytics_opt_out = coalesce($4, user_profiles.product_analytics_opt_out),
                                onboarding = user_profiles.onboarding || $5,
                                updated_at = now()
                        returning weekly_summary_opt_in, product_analytics_opt_out, onboarding""")
                .execute(Tuple.of(subject, email, patch.weeklySummary(), optOut, onboarding))
                .map(rows -> preferences(rows.iterator().next()));
    }

    /**
     * Turns the weekly summary off for {@code subject} (the email's unsubscribe link). True when the subject exists;
     * repeating it is harmless.
     */
    public Uni<Boolean> unsubscribeWeeklySummary(String subject) {
        return pool.get().preparedQuery("""
                        update user_profiles set weekly_summary_opt_in = false, updated_at = now() where subject = $1""")
                .execute(Tuple.of(subject))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Preferences preferences(Row row) {
        Object raw = row.getValue("onboarding");
        JsonObject onboarding = raw instanceof JsonObject o ? o : new JsonObject();
        List<String> seen = new ArrayList<>();
        if (onboarding.getValue("tour_steps_seen") instanceof JsonArray steps) {
            steps.forEach(step -> {
                if (step instanceof String s) {
                    seen.add(s);
                }
            });
        }
        return new Preferences(row.getBoolean("weekly_summary_opt_in"), !row.getBoolean("product_analytics_opt_out"),
                Boolean.TRUE.equals(onboarding.getValue("tour_dismissed")), List.copyOf(seen));
    }

    private static Profile profile(Row row) {
        return new Profile(row.getString("subject"), row.getString("email"), row.getString("role"),
                row.getString("claimed_role"), row.getOffsetDateTime("last_seen_at"));
    }
}
