package com.convosensei.admin.repository;

import com.convosensei.platform.db.Columns;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/** Small helpers shared by the repositories (row reading, PostgreSQL error checks). */
public final class Sql {

    public static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    public static Instant instant(Row row, String column) {
        return Columns.instant(row, column);
    }

    /** True when {@code error} is a unique violation, of {@code constraint} when given. */
    public static boolean isUniqueViolation(Throwable error, String constraint) {
        return error instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && (constraint == null || constraint.equals(pg.getConstraint()));
    }
}
