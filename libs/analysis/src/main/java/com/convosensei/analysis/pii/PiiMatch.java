package com.convosensei.analysis.pii;

/**
 * One recognised value in a text: {@code [start, end)} in the original text, the raw value, and a normalized key
 * (lowercase email, digits only...) used to tell whether an assistant merely repeats what the user gave.
 */
public record PiiMatch(PiiKind kind, int start, int end, String value, String key, double confidence) {

    public boolean overlaps(int s, int e) {
        return start < e && s < end;
    }
}
