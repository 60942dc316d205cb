package com.convosensei.db.migration;

import java.util.Locale;

/**
 * Who migrates the schema ({@code SENSEI_DB_MIGRATE} / {@code sensei.db.migrate}): {@code at-start} — this service runs
 * Flyway when it starts (local {@code make run} and the tests); {@code validate} — it never migrates, and refuses to
 * start unless the database is exactly at the newest migration this build packages (production, where only the
 * migration Job migrates: deploy/k8s/base/migrate-job.yaml).
 */
public enum MigrateMode {
    AT_START("at-start"), VALIDATE("validate");

    public static final String PROPERTY = "sensei.db.migrate";
    /** {@code SENSEI_DB_MIGRATE_ONLY=true}: migrate, then exit 0 (the Job's command). */
    public static final String ONLY_PROPERTY = "sensei.db.migrate-only";

    private final String value;

    MigrateMode(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Unset means {@link #AT_START}; anything but the two values is refused, so a typo cannot skip migrating. */
    public static MigrateMode parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return AT_START;
        }
        String v = configured.trim().toLowerCase(Locale.ROOT);
        for (MigrateMode mode : values()) {
            if (mode.value.equals(v)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("SENSEI_DB_MIGRATE must be at-start or validate, not '" + configured + "'");
    }

    /** {@code SENSEI_DB_MIGRATE_ONLY}: true or false (unset: false); anything else is refused. */
    public static boolean parseOnly(String configured) {
        if (configured == null || configured.isBlank()) {
            return false;
        }
        String v = configured.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new IllegalArgumentException("SENSEI_DB_MIGRATE_ONLY must be true or false, not '" + configured + "'");
    }
}
