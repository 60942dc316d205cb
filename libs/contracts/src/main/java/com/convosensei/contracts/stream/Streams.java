package com.convosensei.contracts.stream;

/** Redis stream names, the consumer group, and the field names used inside entries. */
public final class Streams {
    public static final String INGEST = "sensei:ingest";
    public static final String PROCESS = "sensei:process";
    /** Explicit user feedback ({@link FeedbackEvent}); the processor stores it and re-scores the conversation. */
    public static final String FEEDBACK = "sensei:feedback";
    public static final String EMBED = "sensei:embed";
    public static final String ALERTS = "sensei:alerts";
    public static final String DLQ = "sensei:dlq";
    public static final String GROUP = "processor";

    /** Every entry carries its JSON payload in this field (plus trace context fields below). */
    public static final String FIELD_PAYLOAD = "payload";
    public static final String FIELD_TRACEPARENT = "traceparent";
    public static final String FIELD_TRACESTATE = "tracestate";

    /** DLQ entry fields. */
    public static final String FIELD_ORIGIN_STREAM = "origin_stream";
    public static final String FIELD_ORIGIN_ID = "origin_id";
    public static final String FIELD_ERROR = "error";
    public static final String FIELD_DELIVERIES = "deliveries";
    public static final String FIELD_FAILED_AT = "failed_at";

    /** Pub/sub channel on which admin-api announces revoked API key prefixes (ingestion drops them from its cache). */
    public static final String CHANNEL_KEY_REVOKED = "sensei:api-key-revoked";

    private Streams() {
    }
}
