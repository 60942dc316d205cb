package com.convosensei.analysis.detect;

import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.PhrasePattern;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot itself failed: an empty reply, a stack trace or raw error in a reply ("Traceback", "500 Internal Server
 * Error", "something went wrong"), or an error flag in message metadata ({@code error: true},
 * {@code status: "error"}, {@code tool_error}, {@code is_error}). Only assistant and tool messages count: a user
 * pasting their own stack trace is asking for help. Explanations ("if you see a 500 error, ...") do not count.
 */
public final class ErrorResponseDetector implements FailureDetector {

    /** Machine output that no healthy reply contains (matched on the raw text, case-sensitive). */
    private static final Pattern STRONG = Pattern.compile(
            "Traceback \\(most recent call last\\)"
                    + "|\\bException in thread\\b"
                    + "|\\n\\s*at [\\w$.]+\\([\\w$]+\\.(?:java|kt|scala|groovy):\\d+\\)"
                    + "|\\bat [\\w$.]+\\((?:[\\w$]+\\.(?:java|kt|scala):\\d+|Native Method|Unknown Source)\\)"
                    + "|File \"[^\"]+\", line \\d+"
                    + "|\\b(?:[a-z]\\w*\\.){2,}[A-Z]\\w*(?:Exception|Error)\\b"
                    + "|\\b[A-Z][A-Za-z]*(?:Error|Exception): "
                    + "|^\\s*(?:ERROR|Error|FATAL|Fatal error|Exception|Unhandled exception|Internal error)\\b[:\\s]"
                    + "|\\[object Object\\]|\\bundefined is not (?:a function|an object)\\b"
                    + "|\\{\\s*\"(?:error|errors|error_code|errorMessage)\"\\s*:"
                    + "|\\b(?:ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENOTFOUND|EPIPE|SIGSEGV)\\b"
                    + "|\\bSegmentation fault\\b|\\bstack overflow error\\b"
                    + "|<title>\\s*(?:500|502|503|504)\\b",
            Pattern.MULTILINE);

    /** HTTP server errors and canned failure messages (matched on the normalized text). */
    private static final PhrasePattern WEAK = PhrasePattern.compile(
            "\\b(?:500 internal server error|internal server error|502 bad gateway|bad gateway|503 service"
                    + "(?: temporarily)? unavailable|504 gateway time-?out|gateway time-?out|http 5\\d\\d|status(?: code)?"
                    + ":? 5\\d\\d|error 5\\d\\d|rate limit exceeded|429 too many requests|too many requests"
                    + "|request timed out|the request timed out|upstream (?:connect )?error|service unavailable"
                    + "|an (?:unexpected |internal |unknown )?error (?:has )?occurred|an unexpected error"
                    + "|unexpected error|unknown error|something broke on my end"
                    + "|something (?:went|has gone|'s gone|is) wrong(?! (?:with|during|when|while|in|on) (?:your|the|you|their|my))"
                    + "|i (?:encountered|ran into|hit|experienced|got) an? (?:error|internal error|unexpected (?:error|issue|problem)"
                    + "|technical (?:issue|problem|error))"
                    + "|(?:error|problem) (?:while )?(?:processing|generating|retrieving|fetching|loading|handling)"
                    + " (?:your|the|this) (?:request|response|message|answer|data|information)"
                    + "|failed to (?:generate|fetch|load|retrieve|process|connect|complete|get|parse|call|execute)"
                    + " (?:a |the |your |this )?(?:response|request|answer|data|results?|information|tool|function"
                    + "|api|service|server|backend|message)"
                    + "|(?:could not|couldn't|unable to) (?:process|complete|handle|generate a response for) (?:your|the|this)"
                    + " request|(?:could not|couldn't|unable to) (?:reach|connect to) (?:the |our )?(?:server|service|backend"
                    + "|database|api|system)"
                    + "|system error|technical (?:error|difficulties)|experiencing (?:technical )?(?:difficulties|issues"
                    + "|an outage)|my (?:tools?|systems?) (?:are|is) (?:down|not responding|unavailable)"
                    + "|(?:having|have|had) (?:some )?(?:trouble|problems|issues|difficulty) (?:connecting|reaching|accessing"
                    + "|loading|retrieving|looking up|getting)|(?:order|booking|payment|account|inventory) system is"
                    + " (?:down|unavailable|not responding)"
                    + "|(?:tool|function|api) call failed|request failed with status|error code:? [a-z_]*\\d+"
                    + "|(?:couldn't|could not|wasn't able to|was unable to) (?:load|retrieve|fetch|pull up|reach|connect to"
                    + "|look up|access|complete) (?:your |the |that |this )?(?:order|account|data|details|information|records"
                    + "|booking|request|action|system|service|server)"
                    + "|temporarily unavailable|(?:system|technical|internal|server|backend) (?:issue|problem|error|glitch"
                    + "|outage|failure)|(?:network|connection|timeout|server) error"
                    + "|(?:assistant|bot|service|system|chat|chatbot) is (?:currently |temporarily )?(?:unavailable|down"
                    + "|offline|not available)"
                    + "|error: [a-z_]+)");

    /** What a failing tool returns: it starts with an error word, or reports a timeout / refused connection. */
    private static final Pattern TOOL_FAILURE = Pattern.compile(
            "^\\s*(?:error|errors|timeout|timed out|failed|failure|exception|fatal|denied|unauthorized|forbidden)\\b"
                    + "|\\btimeout (?:calling|contacting|connecting|while|after|from|reaching)|\\btimed out\\b"
                    + "|\\bhttp [45]\\d\\d\\b|\\bconnection (?:refused|reset|closed)\\b|\\bservice unavailable\\b");

    /** "... 500 Internal Server Error means the server ...": naming an error to explain it. */
    private static final Pattern EXPLAINED_AFTER = Pattern.compile(
            "^\\W{0,3}(?:\\w+ ){0,2}?(?:means|meaning|indicates|usually|typically|normally|happens|occurs|is caused"
                    + "|is returned|is shown|shows up|appears|message means|error means)\\b");

    /** "if you see 'something went wrong'": the assistant describes an error instead of having one. */
    private static final Pattern EXPLAINING = Pattern.compile(
            "\\b(?:if|when|whenever|in case|might|may|sometimes|usually|means|meaning|typically|says|shows|showing"
                    + "|displays|seeing|see|e\\.g\\.|such as|get|getting|you got)\\b[^.!?]{0,40}$");

    @Override
    public FailureType type() {
        return FailureType.ERROR_RESPONSE;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        boolean toolsCount = ctx.config().errorResponse().toolErrorsCount();
        List<Message> hits = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Severity severity = null;
        double confidence = 0;
        for (MessageText t : ctx.texts()) {
            Message m = t.message();
            boolean assistant = m.isAssistant();
            if (!assistant && !(toolsCount && m.isTool())) {
                continue;
            }
            Severity s = null;
            double c = 0;
            String why = null;
            Evidence ev = null;
            String flag = metadataFlag(m.metadata());
            String bare = t.lower().strip();
            if (assistant && (bare.equals("undefined") || bare.equals("null") || bare.equals("none") || bare.equals("nan")
                    || bare.equals("{}") || bare.equals("[]") || bare.equals("error"))) {
                s = Severity.HIGH;
                c = 0.9;
                why = "a placeholder instead of an answer (\"" + bare + "\")";
                ev = Excerpts.of(m);
            } else if (assistant && m.content().isBlank() && !hasToolCall(m.metadata())) {
                s = Severity.HIGH;
                c = 0.9;
                why = "an empty reply";
                ev = Excerpts.evidence(m, "(empty reply)");
            } else {
                Matcher strong = STRONG.matcher(m.content());
                while (mayHoldMachineError(m.content()) && strong.find()) {
                    if (!explaining(m.content(), strong.start(), strong.end())) {
                        s = assistant ? Severity.HIGH : Severity.LOW;
                        c = 0.95;
                        why = "raw error output";
                        ev = Excerpts.of(m, strong.start(), strong.end());
                        break;
                    }
                }
                if (s == null && !assistant && TOOL_FAILURE.matcher(t.lower()).find()) {
                    s = Severity.LOW;
                    c = 0.8;
                    why = "a failed call";
                    ev = Excerpts.of(m);
                }
                if (s == null) {
                    for (MatchResult weak : WEAK.findAll(t.lower())) {
                        if (!explaining(t.lower(), weak.start(), weak.end())) {
                            s = assistant ? Severity.MEDIUM : Severity.LOW;
                            c = 0.8;
                            why = "an error message (\"" + weak.group() + "\")";
                            ev = Excerpts.of(m, weak.start(), weak.end());
                            break;
                        }
                    }
                }
            }
            if (flag != null) {
                Severity fs = assistant ? Severity.MEDIUM : Severity.LOW;
                if (s == null || fs.compareTo(s) > 0) {
                    s = fs;
                }
                c = Math.max(c, 0.9);
                why = why == null ? "an error flag (" + flag + ")" : why + " and an error flag (" + flag + ")";
                if (ev == null) {
                    ev = Excerpts.evidence(m, m.content().isBlank() ? "(" + flag + ")" : Excerpts.around(m.content(), 0, 0));
                }
            }
            if (s == null) {
                continue;
            }
            hits.add(m);
            evidence.add(ev);
            what.add((assistant ? "" : "tool ") + why);
            severity = severity == null || s.compareTo(severity) > 0 ? s : severity;
            confidence = Math.max(confidence, c);
        }
        if (hits.isEmpty()) {
            return List.of();
        }
        if (hits.size() >= 3 && severity.compareTo(Severity.HIGH) < 0) {
            severity = Severity.values()[severity.ordinal() + 1];
        }
        String explanation = (hits.size() == 1 ? "The bot failed in " : "The bot failed " + hits.size() + " times ("
                ) + (hits.size() == 1 ? Explain.messages(hits) + ": " : Explain.messages(hits) + "): ")
                + String.join("; ", what.stream().distinct().limit(3).toList()) + ".";
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(), explanation,
                Fingerprints.of(type(), hits.get(0).id())));
    }

    /** Cheap gate for {@link #STRONG}: every alternative contains one of these fragments. */
    private static boolean mayHoldMachineError(String raw) {
        return raw.contains("rror") || raw.contains("xception") || raw.contains("Traceback") || raw.contains("File \"")
                || raw.contains("{") || raw.contains("[object") || raw.contains("undefined") || raw.contains("ECONN")
                || raw.contains("ETIMEDOUT") || raw.contains("ENOTFOUND") || raw.contains("EPIPE")
                || raw.contains("SIGSEGV") || raw.contains("egmentation") || raw.contains("<title>")
                || raw.contains("FATAL") || raw.contains("Fatal") || raw.contains(".java:") || raw.contains("(Native")
                || raw.contains("Unknown Source") || raw.contains("ERROR") || raw.contains(".kt:") || raw.contains(".scala:")
                || raw.contains(".groovy:");
    }

    private static boolean explaining(String text, int start, int end) {
        String before = text.substring(Math.max(0, start - 45), start).toLowerCase(Locale.ROOT);
        String after = text.substring(end, Math.min(text.length(), end + 40)).toLowerCase(Locale.ROOT);
        return EXPLAINING.matcher(before).find() || EXPLAINED_AFTER.matcher(after).find();
    }

    /** The first error flag in metadata, described, or null: error / is_error / tool_error / status / finish_reason. */
    static String metadataFlag(Map<String, Object> md) {
        if (md.isEmpty()) {
            return null;
        }
        for (String key : new String[] {"error", "is_error", "isError", "tool_error", "toolError", "failed"}) {
            Object v = md.get(key);
            if (truthy(v)) {
                return key + (v instanceof String s ? ": " + clip(s) : "");
            }
        }
        for (String key : new String[] {"status", "tool_status", "finish_reason", "outcome"}) {
            Object v = md.get(key);
            if (v instanceof String s) {
                String l = s.toLowerCase(Locale.ROOT);
                if (l.equals("error") || l.equals("failed") || l.equals("failure") || l.equals("exception")
                        || l.equals("timeout") || l.equals("errored")) {
                    return key + ": " + l;
                }
            } else if (v instanceof Number n && n.intValue() >= 500 && n.intValue() < 600) {
                return key + ": " + n.intValue();
            }
        }
        return null;
    }

    private static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            String l = s.strip().toLowerCase(Locale.ROOT);
            return !l.isEmpty() && !l.equals("false") && !l.equals("0") && !l.equals("none") && !l.equals("null")
                    && !l.equals("no");
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return v instanceof List<?> l && !l.isEmpty();
    }

    private static boolean hasToolCall(Map<String, Object> md) {
        return md.containsKey("tool_calls") || md.containsKey("function_call") || md.containsKey("tool_call");
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 59) + "\u2026" : s;
    }
}
