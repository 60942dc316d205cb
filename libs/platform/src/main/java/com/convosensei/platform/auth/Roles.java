package com.convosensei.platform.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sensei's two roles and who holds them, decided from a verified token's claims. {@link #ADMIN} may do everything;
 * {@link #VIEWER} may read (no keys, settings, DLQ, status changes, erasure, members, reveal). Everyone else is
 * refused (403).
 * <p>
 * Only claims a user cannot set for themselves count: {@code app_metadata} (Supabase lets only the service role write
 * it; local login writes it into the tokens it signs) and the verified {@code email} against an allowlist. Never
 * {@code user_metadata}, which any Supabase user can change.
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";
    /** The claim inside {@code app_metadata} that names the role: {@code {"app_metadata": {"sensei_role": "admin"}}}. */
    public static final String APP_METADATA_ROLE = "sensei_role";

    private Roles() {
    }

    /**
     * @param appMetadataRole {@code app_metadata.sensei_role}, if present
     * @param email the token's email claim, if present
     * @param adminEmails the allowlist ({@code SENSEI_ADMIN_EMAILS}), lower-case
     * @param storedRole the role an admin gave this subject on the members page, if any
     * @param defaultRole {@code SENSEI_DEFAULT_ROLE}: {@code viewer}, or empty for "refuse everyone else"
     */
    public static Optional<String> resolve(Optional<String> appMetadataRole, Optional<String> email, Set<String> adminEmails,
            Optional<String> storedRole, Optional<String> defaultRole) {
        return decide(appMetadataRole, email, adminEmails, storedRole, defaultRole).map(Decision::role);
    }

    /** Where a role came from; the members page can change only {@link #STORED} and {@link #DEFAULT} ones. */
    public enum Source {
        /** {@code app_metadata.sensei_role} in the token */
        CLAIM,
        /** {@code SENSEI_ADMIN_EMAILS} */
        ALLOWLIST,
        /** {@code user_profiles.role}, set on the members page */
        STORED,
        /** {@code SENSEI_DEFAULT_ROLE} */
        DEFAULT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Decision(String role, Source source) {
    }

    /** {@link #resolve} plus where the role came from. */
    public static Optional<Decision> decide(Optional<String> appMetadataRole, Optional<String> email, Set<String> adminEmails,
            Optional<String> storedRole, Optional<String> defaultRole) {
        Optional<String> claimed = appMetadataRole.flatMap(Roles::known);
        if (claimed.isPresent()) {
            return Optional.of(new Decision(claimed.get(), Source.CLAIM));
        }
        if (email.map(e -> adminEmails.contains(e.trim().toLowerCase(Locale.ROOT))).orElse(false)) {
            return Optional.of(new Decision(ADMIN, Source.ALLOWLIST));
        }
        Optional<String> stored = storedRole.flatMap(Roles::known);
        if (stored.isPresent()) {
            return Optional.of(new Decision(stored.get(), Source.STORED));
        }
        return defaultRole.flatMap(Roles::known).filter(VIEWER::equals).map(r -> new Decision(r, Source.DEFAULT));
    }

    /** {@code admin} or {@code viewer}; anything else is not a Sensei role. */
    public static Optional<String> known(String role) {
        if (role == null) {
            return Optional.empty();
        }
        String r = role.trim().toLowerCase(Locale.ROOT);
        return r.equals(ADMIN) || r.equals(VIEWER) ? Optional.of(r) : Optional.empty();
    }

    /** {@code app_metadata.sensei_role} from the claim's JSON object form (smallrye gives a JsonObject or a Map). */
    public static Optional<String> appMetadataRole(Object appMetadata) {
        if (appMetadata instanceof jakarta.json.JsonObject json) {
            return json.containsKey(APP_METADATA_ROLE) && json.get(APP_METADATA_ROLE) instanceof jakarta.json.JsonString s
                    ? Optional.of(s.getString()) : Optional.empty();
        }
        if (appMetadata instanceof Map<?, ?> map && map.get(APP_METADATA_ROLE) instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }
}
