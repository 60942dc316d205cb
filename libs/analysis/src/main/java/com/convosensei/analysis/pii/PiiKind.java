package com.convosensei.analysis.pii;

/** Kinds of personal or secret data the scanner recognises. */
public enum PiiKind {
    EMAIL("an email address"),
    PHONE("a phone number"),
    CARD("a card number"),
    IBAN("an IBAN"),
    SSN("a social security number"),
    DRIVER_LICENSE("a driving licence number"),
    ADDRESS("a street address"),
    IP_ADDRESS("an IP address"),
    SECRET("a secret (API key or password)");

    private final String label;

    PiiKind(String label) {
        this.label = label;
    }

    /** How an explanation names it ("a card number"). */
    public String label() {
        return label;
    }

    /** Sensitive financial/identity data and secrets, as opposed to contact and location details. */
    public boolean sensitive() {
        return this != EMAIL && this != PHONE && this != ADDRESS && this != IP_ADDRESS;
    }
}
