package com.convosensei.dashboard.repository;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * The dashboard's pool (the options Quarkus derived from the configuration, one pool over them) with a statement cache
 * that also keeps the analytics statements. Vert.x caches only statements up to 2,048 characters, and the summary's is
 * about 8,000: every request parsed it again (2.3 ms at 1M conversations). Quarkus exposes the cache switch
 * ({@code cache-prepared-statements}, on in application.properties, off behind a transaction pooler) but not this
 * limit. With the cache off the limit is never used.
 */
@Singleton
public class StatementCachePool implements PgPoolCreator {

    /** Longer than any statement the repositories build (a tag filter with every metadata key stays far below). */
    static final int STATEMENT_CACHE_SQL_LIMIT = 65_536;

    @Override
    @SuppressWarnings("deprecation") // Quarkus' PgPoolRecorder casts what a creator returns to PgPool
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT);
        }
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
