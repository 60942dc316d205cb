package com.convosensei.analysis.pii;

/** Kinds of personal or secret data the scanner recognises. */
public enum PiiKind {
    EMAIL("an email address", "email"),
    PHONE("a phone number", "phone"),
    CARD("a card number", "card"),
    IBAN("an IBAN", "iban"),
    SSN("a social security number", "national_id"),
    DRIVER_LICENSE("a driving licence number", "driver_license"),
    ADDRESS("a street address", "address"),
    IP_ADDRESS("an IP address", "ip"),
    SECRET("a secret (API key or password)", "secret");

    private final String label;
    private final String tokenName;

    PiiKind(String label, String tokenName) {
        this.label = label;
        this.tokenName = tokenName;
    }

    /** The name in configuration ({@code SENSEI_REDACT=card,iban}) and in redaction tokens ({@code [card:3f9a1c2e]}). */
    public String tokenName() {
        return tokenName;
    }

    /** The kind a token or configuration name stands for, or null. */
    public static PiiKind fromTokenName(String name) {
        for (PiiKind k : values()) {
            if (k.tokenName.equals(name)) {
                return k;
            }
        }
        return null;
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
