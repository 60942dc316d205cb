package com.convosensei.admin.service;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One waitlist row as admins see it (list page, CSV export). The client-address hash, user agent and token hash stay
 * in the database: they serve abuse checks, not the people reading the list.
 */
public record WaitlistEntry(UUID id, String email, @Schema(nullable = true) String name,
        @Schema(nullable = true) String company, @Schema(nullable = true) String source,
        @Schema(nullable = true) String utmSource, @Schema(nullable = true) String utmMedium,
        @Schema(nullable = true) String utmCampaign, @Schema(nullable = true) String utmTerm,
        @Schema(nullable = true) String utmContent, @Schema(nullable = true) String referrer,
        @Schema(enumeration = {PENDING, CONFIRMED, SPAM}) String status, Instant createdAt,
        @Schema(nullable = true) Instant confirmationSentAt, @Schema(nullable = true) Instant confirmedAt,
        int confirmationsSent) {

    public static final String PENDING = "pending";
    public static final String CONFIRMED = "confirmed";
    public static final String SPAM = "spam";
}
