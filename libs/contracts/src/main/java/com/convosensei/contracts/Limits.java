package com.convosensei.contracts;

/** Validation limits shared by the ingestion API, the SDK docs and the dashboard's paging. */
public final class Limits {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_MESSAGE_CONTENT_BYTES = 32 * 1024;
    public static final int MAX_MESSAGES_PER_REQUEST = 500;
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final int MAX_BATCH_CONVERSATIONS = 100;
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
