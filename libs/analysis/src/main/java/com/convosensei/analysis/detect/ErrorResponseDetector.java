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
 * {@code status: "error"}, {@code tool_error}, {@code is_error}), or a task bot politely reporting that what it
 * tried did not work ("Sorry, I couldn't complete the booking", "the payment didn't go through", "that slot is no
 * longer available"). Only assistant and tool messages count: a user pasting their own stack trace is asking for
 * help. Explanations ("if you see a 500 error, ...") and restating the user's problem ("I'm sorry to hear your
 * payment failed") do not count, nor present-tense "I can't change that" (a refusal, see AgentRefusalDetector).
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

    /** What a bot tries to do for the user, in any service: the generic verbs of a transaction. */
    private static final String TASK = "(?:book|rebook|make|reserve|complete|purchase|buy|get|schedule|reschedule|confirm"
            + "|process|secure|set(?: up)?|place|submit|finali[sz]e|transfer|send|add|create|cancel|update|change|modify"
            + "|rent|pay|play|cast|save|share|retrieve|load|access|apply|register|arrange|execute|perform|finish|issue"
            + "|move|start|launch|open|download|upload|generate|deliver|fulfil|fulfill|activate|enable|delete|remove"
            + "|reset|verify|call|fetch|obtain|renew|extend|hold|sell|sign (?:you )?up|log (?:you )?in|connect|reach"
            + "|look up|pull up|do (?:that|this|it|what)|order|request|lock|unlock|stream|print|install|run|restore"
            + "|trigger|meet|find (?:any|anything|another|other|more|a|an|the|that|those|something|one|what)|locate)";

    /** Taking a booking or an order: "I can't book that" is a failure, where "I can't change that" is a refusal. */
    private static final String BOOK = "(?:book|reserve|purchase|buy|schedule|confirm|secure|complete|place|get (?:that|the"
            + "|a|an|your|you|those|these|them|it)|make (?:a|an|the|that|this|your) (?:reservation|booking|appointment"
            + "|purchase|payment|transfer))";

    /** The bot reporting that it could not do it: "I couldn't book", "I was unable to reserve", "I failed to". */
    private static final String COULD_NOT = "(?:couldn't|could not|could n't|coudln't|wasn't ?able to|was not able to"
            + "|was no able to|was unable to|were unable to|weren't able to|were not able to|(?:have|'ve) been unable to"
            + "|(?:have|'ve) not been able to|haven't been able to|(?:have |'ve )?failed to|fail to|failed in|did not manage"
            + " to|didn't manage to|was not successful in|wasn't successful in|couldn't manage to|still can't|just can't"
            + "|can't seem to|cannot seem to)";

    /** Polite failures of task bots, in the bot's words (normalized text). */
    private static final PhrasePattern POLITE_FAILURE = PhrasePattern.compile(
            "\\b(?:i|we)(?: (?:just|still|actually|really|unfortunately|also|again|simply|sadly))? " + COULD_NOT
                    + " (?:(?:successfully|quite|actually|yet|even) )?" + TASK + "\\b"
                    // present tense ("I can't", "I'm unable to") is mostly a refusal; only taking a booking is a failure
                    + "|\\b(?:i|we)(?:'m| am|'re| are)? (?:can't|cannot|can not|unable to|not able to) " + BOOK + "\\b"
                    + "|\\b(?:sorry|unfortunately|apologies|oops)[,.!]*(?: but)? (?:i |we )?(?:couldn't|could not|failed to"
                    + "|was unable to|wasn't able to|was not able to) " + TASK + "\\b"
                    + "|\\b(?:sorry|unfortunately|apologies|oops)[,.!]*(?: but)? (?:i'm |i am |we're |we are )?(?:not able to"
                    + "|unable to|can't|cannot) " + BOOK + "\\b"
                    + "|\\b(?:i|we)(?:'m| am|'re| are)? (?:can't|cannot|can not|unable to|not able to) find any(?:thing)?"
                    + " (?:other|more|else)\\b"
                    + "|\\b(?:could not|couldn't|could n't) be (?:\\w+ed|made|done|set|set up|found|bought|sent|paid|held"
                    + "|complete)\\b"
                    + "|\\b(?:not|isn't|wasn't) possible to " + BOOK + "\\b"
                    + "|\\bfailed to (?:purchase|book|complete|process|go through|reserve|confirm|schedule|load|send|be \\w+)\\b"
                    + "|\\b(?:can't|cannot|can not) be (?:booked|made|completed|processed|reserved|confirmed|scheduled|placed"
                    + "|purchased)(?: right now| at (?:this|the moment|that time)| for that time| then| today)"
                    + "|\\b(?:was|were|is|are|has been|have been) (?:not |un)successful\\b"
                    + "|\\b(?:was not|were not|is not|wasn't|weren't|isn't|has not been|have not been|hasn't been|haven't been)"
                    + " (?:made|booked|completed|processed|purchased|confirmed|placed|scheduled|reserved|set up|sent"
                    + "|transferred|bought|secured|delivered)\\b"
                    + "|\\b(?:was|were|has been|have been|got) (?:declined|rejected|denied)\\b"
                    + "|\\b(?:tried|attempted)(?: to \\w+(?: \\w+)?)?,? but (?:i |it |that )?(?:couldn't|could not|was unable"
                    + "|wasn't able|failed|didn't work|did not work|didn't go through)"
                    + "|\\bbut (?:it|that|this) (?:failed|didn't work|did not work|didn't go through|did not go through)\\b"
                    + "|\\b(?:it|they|the system|the server|the service|the app|the site) " + COULD_NOT + " " + TASK + "\\b"
                    + "|(?:^|[.!] )(?:sorry,? )?(?:unable to|could not|couldn't|failed to) " + TASK + "\\b"
                    + "|\\bno \\w+s? (?:are|is|were|was) (?:left|available)\\b"
                    + "|\\b(?:i|we|it|system|server) (?:ran into|encountered|hit|had) (?:a|an|some) (?:problem|issue|snag|hiccup"
                    + "|glitch|error)"
                    + "|\\b(?:unable|not able) to (?:respond|answer|reply|help)(?: you)? (?:right now|at the moment|at this time)"
                    + "|\\bdue to (?:high|heavy|unusually high) (?:demand|traffic|volume|load)\\b"
                    + "|\\bthere (?:seems|appears) to be (?:a|an) (?:problem|issue|error|glitch)\\b"
                    + "|\\bthere (?:are|were) no (?:other|more|further) \\w+s\\b"
                    + "|\\b(?:is|are|was|were)(?: also)? (?:not available|unavailable|booked|busy|fully booked|full)(?: at| on| for)?"
                    + " (?:that time|then|that day|that date|the time you|your prefer\\w* time|\\d)"
                    + "|\\b(?:don't|doesn't|do not|does not|didn't|did not) have (?:any )?(?:openings|availability|vacancies"
                    + "|free slots|open slots|slots|seats|tables|spots)\\b|\\bno longer available\\b"
                    + "|\\b(?:didn't|did not|does not|doesn't|won't|will not) (?:go through|succeed|get through)\\b"
                    + "|\\b(?:that|it|this)(?: \\w+)?(?: also| still)? (?:didn't|did not) work(?! out)\\b"
                    + "|\\b(?:has|have|had) failed\\b|\\b(?:was|is|it's) a failure\\b"
                    + "|\\b(?:attempt|request|operation|action|process|booking|reservation|transaction|payment|purchase|transfer"
                    + "|order|appointment|call|registration|submission|update|change|cancellation)s? failed\\b"
                    + "|\\bsomething (?:did not|didn't|does not|doesn't) work\\b"
                    + "|\\bsomething (?:seems to have|appears to have|must have|has|may have|might have) gone wrong\\b"
                    + "|\\bthere (?:was|has been|seems to have been|appears to have been) (?:an error|a problem|an issue|a glitch"
                    + "|a technical (?:problem|issue|error))\\b(?! (?:in|with|on) (?:your|what you|the (?:address|form|input|date|number|email|postcode|information|details"
                    + "|spelling|card)))"
                    + "|\\b(?:system|server|site|website|app|service|computer) (?:crashed|went down|is down|was down|might be down"
                    + "|may be down|seems to be down)\\b"
                    // a slot, seat or ticket that is gone when the bot tries to take it
                    + "|\\b(?:times?|time ?slots?|slots?|appointments?|reservations?|tables?|seats?|tickets?|rooms?|bookings?"
                    + "|dates?|hours?)(?: you (?:requested|wanted|asked for|chose|selected))? (?:is|was|are|were|seems|appears)"
                    + "(?: to be)?(?: also| still| now)? (?:not available|unavailable|no longer available|already taken|taken"
                    + "|fully booked|sold out|booked up|all booked|full|all full)\\b"
                    + "|\\b(?:they|it|they're|it's|that's|that is|this is)(?: are| is| were| was)?(?: all| fully| completely)?"
                    + " (?:booked up|sold out"
                    + "|fully booked)\\b"
                    + "|\\b(?:has|have|had) no (?:availability|openings|vacancies|available \\w+)\\b|\\bno availab\\w+ (?:is|was)"
                    + " found\\b|\\bthere (?:is|was) no availability\\b"
                    + "|\\bthere (?:are|were|is|was) no (?:more |other |further )?(?:available )?\\w+s (?:available|left|remaining"
                    + "|at that time|at the time|then)\\b"
                    + "|\\bthere(?: are|'s| is| were| was)(?:n't| not| no)(?: any| an?)? (?:available )?\\w+ (?:available|matching"
                    + "|that match(?:es)?)\\b"
                    + "|\\bthere (?:aren't|are not|isn't|is not|wasn't|weren't) any (?:other|more|further|available) \\w+"
                    + "|\\bno (?:more |other )?\\w+ (?:match|matches|matching|matched) (?:to )?(?:what you|your)\\b"
                    + "|\\b(?:that|this|those|these|it)(?: is|'s| are| was| were) (?:the|my) only (?:\\w+ )?(?:one's"
                    + "|option|options|showtime|showtimes|time|times|listing|listings|result|results|match|matches|choice|choices"
                    + "|event|events)\\b"
                    + "|\\b(?:is|are|was|were) (?:all|completely) (?:full|booked(?: up)?|sold out|taken)\\b"
                    + "|\\bthere (?:isn't|is not|wasn't|was not) anything else\\b"
                    + "|\\b(?:but|sorry|unfortunately),? (?:there are |there's )?no \\w+s? (?:available|left)\\b"
                    // alternatives exhausted after the user asked for more
                    + "|\\b(?:sorry|unfortunately|afraid|apologies|apologi[sz]e|regret)[,.!]*(?: but| that)? (?:i |we )?(?:\\w+ )?"
                    + "(?:there (?:are|is|were|was) no (?:other|more|further|alternative)|there's nothing else|(?:they|it) (?:don't|doesn't|do not|does not) have anything"
                    + "|no (?:other|more) \\w+ (?:are|is) available|no alternatives|(?:that|it|this)(?:'s| is| was)? (?:not available"
                    + "|unavailable|isn't available|wasn't available|all booked|fully booked|full|all full"
                    + "|not working|failed))\\b"
                    + "|\\b(?:i|we) (?:don't|do not|didn't|did not) (?:find|see|have) any(?:thing)? (?:else|other|more)\\b");

    /** "I'm sorry to hear your payment failed": the bot restating the user's problem, not failing itself. */
    private static final Pattern EMPATHY = Pattern.compile(
            "\\b(?:sorry to hear|sad to hear|sorry that you|sorry you|sounds like|it seems (?:like )?(?:your|you)"
                    + "|you (?:said|say|mentioned|told me|report|reported|noticed)|understand (?:that )?(?:your|you)"
                    + "|frustrating (?:that|when)|know (?:that )?(?:your|you)|see (?:that )?(?:your|you)|unless|whether"
                    + "|in case|what if|why)\\b[^.!?]{0,60}$");

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
                if (s == null && assistant) {
                    for (MatchResult polite : POLITE_FAILURE.findAll(t.lower())) {
                        if (!explaining(t.lower(), polite.start(), polite.end()) && !empathy(t.lower(), polite.start())
                                && !question(t.lower(), polite.end())) {
                            s = Severity.MEDIUM;
                            c = 0.75;
                            why = "a failed request (\"" + polite.group() + "\")";
                            ev = Excerpts.of(m, polite.start(), polite.end());
                            break;
                        }
                    }
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

    private static boolean empathy(String text, int start) {
        return EMPATHY.matcher(text.substring(Math.max(0, start - 70), start)).find();
    }

    /** "... wasn't successful?" asks the user; the bot is not reporting its own failure. */
    private static boolean question(String text, int end) {
        int stop = end;
        while (stop < text.length() && ".!?,".indexOf(text.charAt(stop)) < 0) {
            stop++;
        }
        return stop < text.length() && text.charAt(stop) == '?' && stop - end < 25;
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
