package com.convosensei.admin.service;

import java.time.Instant;
import java.util.List;

/**
 * The waitlist export as CSV (RFC 4180: comma-separated, CRLF line ends, a field holding a comma, quote, CR or LF
 * is quoted with its quotes doubled). Safe to open in a spreadsheet: a cell starting with {@code = + - @}, a tab or a
 * CR would be read as a formula (OWASP "CSV Injection"), so it gets a leading single quote. Emails may legally
 * start with {@code =}, {@code +} or {@code -}, and names are free text, so this is not hypothetical.
 */
public final class WaitlistCsv {

    public static final String HEADER = row(List.of("id", "email", "name", "company", "status", "source",
            "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "referrer", "created_at",
            "confirmation_sent_at", "confirmed_at"));

    private WaitlistCsv() {
    }

    public static String row(WaitlistEntry e) {
        return row(java.util.Arrays.asList(e.id().toString(), e.email(), e.name(), e.company(), e.status(),
                e.source(), e.utmSource(), e.utmMedium(), e.utmCampaign(), e.utmTerm(), e.utmContent(),
                e.referrer(), time(e.createdAt()), time(e.confirmationSentAt()), time(e.confirmedAt())));
    }

    static String row(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    /** One field: formula-defused, then quoted when RFC 4180 needs it. Null is the empty field. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
