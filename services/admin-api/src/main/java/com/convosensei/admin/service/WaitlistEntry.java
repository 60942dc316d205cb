package com.convosensei.admin.service;

import java.time.Instant;
import java.util.UUID;

/**
 * One waitlist row as admins see it (list page, CSV export). The client-address hash, user agent and token hash stay
 * in the database: they serve abuse checks, not the people reading the list.
 */
public record WaitlistEntry(UUID id, String email, String name, String company, String source, String utmSource,
        String utmMedium, String utmCampaign, String utmTerm, String utmContent, String referrer, String status,
        Instant createdAt, Instant confirmationSentAt, Instant confirmedAt, int confirmationsSent) {

    public static final String PENDING = "pending";
    public static final String CONFIRMED = "confirmed";
    public static final String SPAM = "spam";
}
