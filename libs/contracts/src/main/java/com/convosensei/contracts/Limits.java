package com.convosensei.contracts;

/** Validation limits shared by the ingestion API, the SDK docs and the dashboard's paging. */
public final class Limits {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_MESSAGE_CONTENT_BYTES = 32 * 1024;
    public static final int MAX_MESSAGES_PER_REQUEST = 500;
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    /**
     * Deepest nesting of a metadata value, counting the metadata object itself as 1 ({@code {"a": {"b": 1}}} is 2).
     * Checked at intake so that what it accepts the processor can always decode; see {@link #INGEST_EVENT_MAX_DEPTH}.
     */
    public static final int MAX_METADATA_DEPTH = 32;
    /**
     * Containers around the deepest metadata in a {@code sensei:ingest} payload: the event object, its
     * {@code conversation}, the {@code messages} array and one message hold a message's metadata.
     */
    public static final int INGEST_EVENT_WRAPPER_DEPTH = 4;
    /**
     * Nesting depth a reader of {@code sensei:ingest} must allow (Jackson's {@code StreamReadConstraints}); the
     * processor sets its limit from this, so an accepted request never dead-letters as undecodable.
     */
    public static final int INGEST_EVENT_MAX_DEPTH = MAX_METADATA_DEPTH + INGEST_EVENT_WRAPPER_DEPTH;
    public static final int MAX_BATCH_CONVERSATIONS = 100;
    /** Items of one {@code POST /api/v1/feedback/batch}. */
    public static final int MAX_BATCH_FEEDBACK = 100;
    public static final int MAX_CONVERSATION_ID_LENGTH = 256;
    public static final int MAX_ENVIRONMENT_LENGTH = 64;
    public static final int MAX_USER_ID_LENGTH = 256;
    public static final int MAX_MESSAGE_ID_LENGTH = 256;
    /** How far in the future a message timestamp may lie (client clock skew), in seconds. */
    public static final long MAX_FUTURE_SKEW_SECONDS = 24 * 60 * 60;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;
    public static final String DEFAULT_ENVIRONMENT = "production";

    private Limits() {
    }
}
