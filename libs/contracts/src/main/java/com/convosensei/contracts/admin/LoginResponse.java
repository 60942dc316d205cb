package com.convosensei.contracts.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A bearer token shaped like Supabase's ({@code token_type} "bearer", {@code expires_in} seconds) and who it is for. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoginResponse(String accessToken, String tokenType, long expiresIn, User user) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record User(
            String id,
            @Schema(nullable = true) String email) {
    }
}
