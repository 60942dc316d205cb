package com.convosensei.dashboard;

import com.convosensei.platform.testing.TestDatabase;
import java.time.Instant;
import java.util.UUID;

/** The dashboard tests' own database ({@link #DB}) and the rows they seed (the service under test only reads). */
final class TestDb {

    static final String NAME = "sensei_test_dashboard";
    static final TestDatabase DB = new TestDatabase(NAME);

    private TestDb() {
    }

    static void truncate() {
        // feedback is keyed by the client's ids (no foreign key to conversations), so it is truncated by name
        DB.exec("truncate conversations, pattern_runs, feedback cascade");
    }

    static ConversationSeed conversation(String externalId) {
        return new ConversationSeed(externalId);
    }

    /** One conversations row with just the columns a test cares about. */
    static final class ConversationSeed {
        private final String externalId;
        private String environment = "production";
        private Instant lastActivity = Instant.now();
        private Double health;
        private String[] types = new String[0];
        private String maxSeverity;
        private String metadata = "{\"plan\":\"pro\"}";

        ConversationSeed(String externalId) {
            this.externalId = externalId;
        }

        ConversationSeed env(String value) {
            environment = value;
            return this;
        }

        ConversationSeed activity(Instant value) {
            lastActivity = value;
            return this;
        }

        ConversationSeed health(Double value) {
            health = value;
            return this;
        }

        /** The conversation's metadata as JSON text (default {"plan":"pro"}). */
        ConversationSeed metadata(String json) {
            metadata = json;
            return this;
        }

        ConversationSeed failing(String... failureTypes) {
            types = failureTypes;
            maxSeverity = failureTypes.length == 0 ? null : "high";
            return this;
        }

        UUID insert() {
            return DB.uuid("""
                    insert into conversations (external_id, environment, last_activity_at, health_score, scored_at,
                        health_breakdown, has_failures, failure_count, failure_types, max_severity, metadata)
                    values (?, ?, ?, ?, case when ?::float8 is null then null else now() end, null, ?, ?, ?, ?,
                            ?::jsonb)
                    returning id""", externalId, environment, lastActivity, health, health,
                    types.length > 0, types.length, types, maxSeverity, metadata);
        }
    }

    static long message(UUID conversationId, String role, String content, Instant sentAt) {
        return Long.parseLong(DB.column("""
                insert into messages (conversation_id, dedup_key, role, content, sent_at, metadata)
                values (?, gen_random_uuid()::text, ?, ?, ?, '{"k":1}'::jsonb) returning id""",
                conversationId, role, content, sentAt).get(0));
    }

    static UUID failure(UUID conversationId, String type, String severity, String status, Instant detectedAt) {
        return DB.uuid("""
                insert into failures (conversation_id, type, severity, confidence, fingerprint, explanation, evidence,
                                      status, detected_at, last_seen_at)
                values (?, ?, ?, 0.9, gen_random_uuid()::text, 'because',
                        '[{"message_id":"m1","message_index":0,"excerpt":"this is useless"}]'::jsonb, ?, ?, ?)
                returning id""", conversationId, type, severity, status, detectedAt, detectedAt);
    }

    /**
     * One feedback row as the processor writes it (the table's owner; dashboard-api only reads). Null message or user
     * is stored as '' like the processor does.
     */
    static UUID feedback(String environment, String conversationExternalId, String messageId, String userId,
                         String kind, int value, String comment, Instant givenAt) {
        return DB.uuid("""
                insert into feedback (environment, conversation_external_id, message_external_id, user_id, kind, value,
                                      comment, given_at)
                values (?, ?, coalesce(?, ''), coalesce(?, ''), ?, ?, ?, ?) returning id""",
                environment, conversationExternalId, messageId, userId, kind, (short) value, comment, givenAt);
    }
}
