package com.convosensei.admin.service;

/**
 * One checked sign-up, ready to store: {@code email} normalised ({@link EmailAddresses}), optional fields trimmed
 * and null when absent, {@code ipHash} the keyed hash of the client address, {@code userAgent} truncated.
 */
public record WaitlistSignup(String email, String name, String company, String source, String utmSource,
        String utmMedium, String utmCampaign, String utmTerm, String utmContent, String referrer, String ipHash,
        String userAgent) {
}
