package com.convosensei.dashboard.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgPool;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;

@Path("/api/v1/ping")
@Authenticated
public class PingResource {
    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @GET
    public Uni<Map<String, Object>> ping() {
        return pool.query("select count(*) from app_settings").execute()
                .map(rows -> Map.of("settings_rows", rows.iterator().next().getLong(0)));
    }
}
