package com.convosensei.ingestion.rest;

import com.convosensei.contracts.error.ApiError;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.convosensei.platform.openapi.ContractSchemaFilter;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One conversation's outcome in a batch: {@code status} 202 with {@code event_id}, or 400/503 with {@code error}
 * (the usual envelope, field paths prefixed with {@code conversations[i].}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// nulls are left out: the OpenAPI filter (platform ContractSchemaFilter) leaves the nullable properties optional
@Schema(extensions = @Extension(name = ContractSchemaFilter.OMITS_NULLS, value = "true"))
public record BatchItemResult(
        int index,
        @Schema(nullable = true) String conversationId,
        int status,
        @Schema(nullable = true, description = "set when status is 202") String eventId,
        @Schema(nullable = true, description = "set when status is not 202") ApiError error) {
}
