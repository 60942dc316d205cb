package com.convosensei.dashboard.service;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV lines as RFC 4180 has them (CRLF ends, a field with a comma, quote, CR or LF quoted, quotes doubled) that are
 * also safe to open in a spreadsheet: a text cell starting with {@code = + - @}, a tab or a CR is prefixed with
 * {@code '} so Excel / Sheets show it instead of evaluating it (OWASP "CSV injection"). Numbers and booleans the
 * service formats itself are written as they are, so a negative sentiment stays a number.
 */
public final class Csv {

    private Csv() {
    }

    public static String line(List<?> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(values.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Instant || value instanceof java.util.UUID) {
            return value.toString();
        }
        String text = value instanceof Collection<?> c
                ? c.stream().map(String::valueOf).collect(Collectors.joining(";"))
                : value.toString();
        return quoted(formulaSafe(text));
    }

    static String formulaSafe(String text) {
        if (text.isEmpty()) {
            return text;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + text : text;
    }

    static String quoted(String text) {
        boolean needs = false;
        for (int i = 0; i < text.length() && !needs; i++) {
            char ch = text.charAt(i);
            needs = ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
        }
        return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
