package com.convosensei.admin.service;

import java.net.IDN;
import java.util.Locale;

/**
 * Checks and normalises an email address for the waitlist: the RFC 5321/5322 "dot-atom" form people actually type
 * ({@code local@domain}), no quoted local parts, comments or IP-literal domains. Each refusal names the rule that
 * failed, so the sign-up form can say what is wrong. Normal form: trimmed, domain lower-cased (and an international
 * domain in its ASCII {@code xn--} form); the local part keeps its case (the list's uniqueness ignores case).
 */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_LABEL_LENGTH = 63;
    /** RFC 5322 atext besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private EmailAddresses() {
    }

    /** A checked address: {@code normalised} when {@code reason} is null, else why it was refused. */
    public record Result(String normalised, String reason) {
        public boolean valid() {
            return reason == null;
        }

        static Result refused(String reason) {
            return new Result(null, reason);
        }
    }

    public static Result check(String raw) {
        if (raw == null || raw.isBlank()) {
            return Result.refused("is required");
        }
        String email = raw.strip();
        if (email.codePointCount(0, email.length()) > MAX_LENGTH) {
            return Result.refused("must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return Result.refused("must not contain spaces");
            }
            if (Character.isISOControl(c)) {
                return Result.refused("must not contain control characters");
            }
        }
        int at = email.indexOf('@');
        if (at < 0) {
            return Result.refused("must contain an @ between the name and the domain");
        }
        if (email.indexOf('@', at + 1) >= 0) {
            return Result.refused("must contain exactly one @");
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (local.isEmpty()) {
            return Result.refused("the part before the @ is empty");
        }
        if (domain.isEmpty()) {
            return Result.refused("the domain after the @ is empty");
        }
        if (local.length() > MAX_LOCAL_LENGTH) {
            return Result.refused("the part before the @ must be at most " + MAX_LOCAL_LENGTH + " characters");
        }
        if (email.contains("..")) {
            return Result.refused("must not contain consecutive dots");
        }
        if (local.startsWith(".") || local.endsWith(".")) {
            return Result.refused("the part before the @ must not start or end with a dot");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c >= 128) {
                // not echoed: the answer must stay valid JSON whatever was sent (a lone surrogate, say)
                return Result.refused("the part before the @ must be plain ASCII (letters, digits and "
                        + ATEXT_SPECIALS + ".)");
            }
            if (!(Character.isLetterOrDigit(c) || c == '.' || ATEXT_SPECIALS.indexOf(c) >= 0)) {
                return Result.refused("the part before the @ must not contain '" + c + "'");
            }
        }
        Result checkedDomain = checkDomain(domain);
        return checkedDomain.valid() ? new Result(local + "@" + checkedDomain.normalised(), null) : checkedDomain;
    }

    private static Result checkDomain(String domain) {
        if (domain.startsWith(".") || domain.endsWith(".")) {
            return Result.refused("the domain must not start or end with a dot");
        }
        String ascii = domain.toLowerCase(Locale.ROOT);
        if (!domain.chars().allMatch(c -> c < 128)) {
            try {
                ascii = IDN.toASCII(domain, 0).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return Result.refused("the domain is not a valid international domain name");
            }
        }
        if (ascii.length() > 253) {
            return Result.refused("the domain must be at most 253 characters");
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Result.refused("the domain needs a top-level domain (like example.com)");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                return Result.refused("each part of the domain must be 1-" + MAX_LABEL_LENGTH + " characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Result.refused("a part of the domain must not start or end with a hyphen");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return Result.refused("the domain may contain only letters, digits, hyphens and dots, not '"
                            + c + "'");
                }
            }
        }
        String tld = labels[labels.length - 1];
        if (!(tld.matches("[a-z]{2,63}") || tld.matches("xn--[a-z0-9-]{1,59}"))) {
            return Result.refused("the top-level domain must be at least two letters (like .com)");
        }
        return new Result(ascii, null);
    }
}
