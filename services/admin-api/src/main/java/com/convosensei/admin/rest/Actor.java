package com.convosensei.admin.rest;

import com.convosensei.platform.error.ApiException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: {@code subject} owns saved views; {@code label} (email, else
 * subject) is what "changed by" columns record.
 */
public record Actor(String subject, String email) {

    public static Actor of(JsonWebToken jwt) {
        String subject = jwt == null ? null : jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            // smallrye-jwt accepts a token without "sub"; Sensei cannot attribute anything to it
            throw ApiException.unauthorized("the bearer token has no subject (sub)");
        }
        String email = jwt.getClaim("email");
        return new Actor(subject, email == null || email.isBlank() ? null : email);
    }

    public String label() {
        return email != null ? email : subject;
    }
}
