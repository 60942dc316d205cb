package com.convosensei.contracts;

/** Path prefixes the gateway routes on; each service owns the paths listed for it. */
public final class ApiPaths {
    public static final String BASE = "/api/v1";
    public static final String TRACK = BASE + "/conversations/track";
    public static final String TRACK_BATCH = BASE + "/conversations/track/batch";
    /** Explicit user feedback (thumbs / rating), single and batch; served by ingestion-gateway. */
    public static final String FEEDBACK = BASE + "/feedback";
    public static final String FEEDBACK_BATCH = FEEDBACK + "/batch";
    /** OTLP/HTTP trace export (GenAI spans become conversations); the gateway also routes {@link #OTLP_TRACES_PUBLIC}. */
    public static final String OTLP_TRACES = "/v1/traces";
    public static final String OTLP_TRACES_PUBLIC = "/api/public/otel/v1/traces";

    private ApiPaths() {
    }
}
