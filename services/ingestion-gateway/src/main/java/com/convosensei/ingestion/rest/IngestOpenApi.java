package com.convosensei.ingestion.rest;

/**
 * Names of the intake's two ways to present an API key (ApiKeyService), as OpenAPI security schemes; either one suffices
 * (the resources list them as alternatives; TrackResource declares the schemes, SmallRye reads them from resource
 * classes). {@code x-sensei-api-key} is accepted too, as {@code X-API-Key}.
 */
public final class IngestOpenApi {

    public static final String BEARER = "ApiKeyBearer";
    public static final String HEADER = "ApiKeyHeader";

    private IngestOpenApi() {
    }
}
