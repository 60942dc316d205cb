package com.convosensei.ingestion;

import com.convosensei.keys.ApiKeys;
import com.convosensei.keys.GeneratedKey;
import com.convosensei.platform.testing.PostgresTestResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Inserts API keys straight into the test database (as admin-api would) using libs/keys. */
public final class TestKeys {

    public static final String DB = "sensei_test_ingest";

    /** A stored key: the full secret key a client would send, and its row id. */
    public record Key(UUID id, String prefix, String fullKey) {
        public String bearer() {
            return "Bearer " + fullKey;
        }
    }

    private TestKeys() {
    }

    public static Key create(String name) {
        GeneratedKey generated = ApiKeys.generate();
        try (Connection c = PostgresTestResource.connect(DB);
             PreparedStatement ps = c.prepareStatement(
                     "insert into api_keys (name, prefix, secret_hash, created_by) values (?, ?, ?, 'tests') returning id")) {
            ps.setString(1, name);
            ps.setString(2, generated.prefix());
            ps.setString(3, generated.secretHash());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Key((UUID) rs.getObject(1), generated.prefix(), generated.fullKey());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void revokeInDatabase(Key key) {
        sql("update api_keys set revoked_at = now(), revoked_by = 'tests' where id = '" + key.id() + "'");
    }

    public static void sql(String statement) {
        try (Connection c = PostgresTestResource.connect(DB)) {
            c.createStatement().execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static java.sql.Timestamp lastUsedAt(Key key) {
        try (Connection c = PostgresTestResource.connect(DB);
             ResultSet rs = c.createStatement().executeQuery("select last_used_at from api_keys where id = '" + key.id() + "'")) {
            rs.next();
            return rs.getTimestamp(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
