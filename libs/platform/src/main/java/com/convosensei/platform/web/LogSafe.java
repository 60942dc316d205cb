package com.convosensei.platform.web;

/**
 * Makes a client-supplied value safe to put in a log line: control characters (CR, LF, tab, ESC...) and the Unicode
 * line/paragraph separators become {@code \\uXXXX} escapes, so a value cannot end the line and forge the next one,
 * and the value is cut at {@value #MAX} characters so it cannot flood the log.
 */
public final class LogSafe {

    static final int MAX = 200;

    private LogSafe() {
    }

    public static String of(Object value) {
        if (value == null) {
            return "-";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}
