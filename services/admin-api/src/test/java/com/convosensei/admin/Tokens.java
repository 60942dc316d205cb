package com.convosensei.admin;

import com.convosensei.platform.testing.TestTokens;
import java.time.Instant;

/** Bearer headers for tests: the shared test user, or another subject (owner isolation); both are admins. */
public final class Tokens {

    public static final String TEST_EMAIL = "test-user@example.com";
    public static final String TEST_SUBJECT = "00000000-0000-0000-0000-00000000test";

    private Tokens() {
    }

    public static String bearer() {
        return TestTokens.bearer();
    }

    public static String bearerFor(String subject, String email) {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"iss\":\"sensei-local\",\"sub\":\"" + subject + "\",\"email\":\"" + email
                + "\",\"aud\":\"authenticated\",\"role\":\"authenticated\",\"app_metadata\":{\"sensei_role\":\"admin\"},\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        return "Bearer " + TestTokens.sign(TestTokens.SECRET, claims);
    }
}
