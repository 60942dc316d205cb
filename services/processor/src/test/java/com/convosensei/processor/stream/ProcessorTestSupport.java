package com.convosensei.processor.stream;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Shared helpers of the processor's stream tests: the test database, stream entries, waiting. */
public final class ProcessorTestSupport {

    public static final String DB = "sensei_test_processor";

    private ProcessorTestSupport() {
    }

    /**
     * Starts each test with an empty {@code sensei:ingest} (only these tests write it). Other tables and streams are
     * shared with the process/alerts tests of this module, so tests use unique conversation ids ({@link #uniqueId})
     * and filter what they assert on instead of truncating.
     */
    public static void resetIngestStream(RedisDataSource redis) {
        redis.key().del(Streams.INGEST);
    }

    public static String uniqueId(String label) {
        return label + "-" + java.util.UUID.randomUUID();
    }

    /** DLQ entries that came from this ingest entry id. */
    public static List<Map<String, String>> deadLetters(RedisDataSource redis, String originId) {
        List<Map<String, String>> out = new ArrayList<>();
        for (StreamMessage<String, String, String> m : entries(redis, Streams.DLQ)) {
            if (originId.equals(m.payload().get(Streams.FIELD_ORIGIN_ID))
                    && Streams.INGEST.equals(m.payload().get(Streams.FIELD_ORIGIN_STREAM))) {
                out.add(m.payload());
            }
        }
        return out;
    }

    /** XADDs an ingest entry with the given payload (and optional traceparent) the way the gateway does. */
    public static String xadd(RedisDataSource redis, String payload, String traceparent) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (payload != null) {
            fields.put(Streams.FIELD_PAYLOAD, payload);
        } else {
            fields.put("something_else", "x");
        }
        if (traceparent != null) {
            fields.put(Streams.FIELD_TRACEPARENT, traceparent);
        }
        return redis.stream(String.class).xadd(Streams.INGEST, fields);
    }

    /** An IngestEvent payload: messages as {role, content, timestamp[, id]} triples/quads. */
    public static String ingestPayload(String conversationId, String extraConversationJson, String... messages) {
        StringBuilder m = new StringBuilder();
        for (String message : messages) {
            if (m.length() > 0) {
                m.append(',');
            }
            m.append(message);
        }
        return "{\"conversation\":{\"conversation_id\":\"" + conversationId + "\",\"environment\":\"production\""
                + (extraConversationJson == null ? "" : "," + extraConversationJson)
                + ",\"messages\":[" + m + "],\"ended\":false},"
                + "\"api_key_id\":null,\"received_at\":\"" + Instant.now() + "\"}";
    }

    public static String message(String role, String content, String timestamp) {
        return "{\"role\":\"" + role + "\",\"content\":\"" + content + "\",\"timestamp\":\"" + timestamp + "\"}";
    }

    public static String message(String id, String role, String content, String timestamp) {
        return "{\"id\":\"" + id + "\",\"role\":\"" + role + "\",\"content\":\"" + content + "\",\"timestamp\":\""
                + timestamp + "\"}";
    }

    public static List<StreamMessage<String, String, String>> entries(RedisDataSource redis, String stream) {
        return redis.stream(String.class).xrange(stream, StreamRange.of("-", "+"));
    }

    /** Entries of the group not yet acknowledged (0 when the group does not exist). */
    public static long pending(RedisDataSource redis, String stream) {
        try {
            return redis.stream(String.class).xpending(stream, Streams.GROUP).getPendingCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** True when group {@code processor} has been handed every entry up to {@code lastId} and acknowledged all. */
    public static boolean drained(RedisDataSource redis, String stream, String lastId) {
        try {
            for (io.vertx.mutiny.redis.client.Response group : redis.execute("XINFO", "GROUPS", stream)) {
                if (Streams.GROUP.equals(group.get("name").toString())) {
                    String delivered = group.get("last-delivered-id").toString();
                    return group.get("pending").toLong() == 0 && compare(delivered, lastId) >= 0;
                }
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    public static void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(50);
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void sql(String statement) {
        try (Connection c = PostgresTestResource.connect(DB)) {
            c.createStatement().execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String query) {
        try (Connection c = PostgresTestResource.connect(DB); ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of a query as lists of strings (for compact assertions). */
    public static List<List<String>> rows(String query) {
        try (Connection c = PostgresTestResource.connect(DB); ResultSet rs = c.createStatement().executeQuery(query)) {
            List<List<String>> out = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
