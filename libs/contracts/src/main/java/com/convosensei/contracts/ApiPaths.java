package com.convosensei.contracts;

/** Path prefixes the gateway routes on; each service owns the paths listed for it. */
public final class ApiPaths {
    public static final String BASE = "/api/v1";
    public static final String TRACK = BASE + "/conversations/track";
    public static final String TRACK_BATCH = BASE + "/conversations/track/batch";

    private ApiPaths() {
    }
}
