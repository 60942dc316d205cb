package com.convosensei.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void supabaseStyleUrl__givesReactiveJdbcAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://postgres.abc:p%40ss@db.example.supabase.co:6543/postgres?sslmode=require");
        assertThat(url.reactiveUrl()).isEqualTo("postgresql://db.example.supabase.co:6543/postgres");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.supabase.co:6543/postgres?sslmode=require");
        assertThat(url.quarkusProperties())
                .containsEntry("quarkus.datasource.username", "postgres.abc")
                .containsEntry("quarkus.datasource.password", "p@ss")
                .containsEntry("quarkus.datasource.reactive.postgresql.ssl-mode", "require")
                .containsEntry("quarkus.datasource.reactive.trust-all", "true");
    }

    @Test
    void localUrlWithoutPortOrSsl__defaultsPort5432() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1/sensei");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.database()).isEqualTo("sensei");
        assertThat(url.password()).isNull();
        assertThat(url.quarkusProperties()).doesNotContainKey("quarkus.datasource.reactive.postgresql.ssl-mode");
    }

    @Test
    void otherScheme__isRefused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y")).isInstanceOf(IllegalArgumentException.class);
    }
}
