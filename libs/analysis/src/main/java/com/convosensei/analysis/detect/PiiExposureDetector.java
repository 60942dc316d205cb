package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.pii.PiiKind;
import com.convosensei.analysis.pii.PiiMatch;
import com.convosensei.analysis.pii.PiiScanner;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Personal data or secrets in the conversation. The policy (severity by who wrote it and what it is):
 * <table>
 *   <tr><th></th><th>user wrote it</th><th>assistant/tool wrote it</th></tr>
 *   <tr><td>secret (API key, password, private key)</td><td>high</td><td>critical</td></tr>
 *   <tr><td>card, IBAN, SSN, driving licence</td><td>medium</td><td>critical; high if only repeating the user's
 *       own value</td></tr>
 *   <tr><td>email, phone, street address, IP address</td><td>low when {@code flagUserContactInfo} (it ends up
 *       stored in the logs); not a finding when the user repeats what the assistant gave, or names the
 *       address they want to be driven or go to</td>
 *       <td>email: high unless the user's own or a role address (support@...).
 *       Phone, address: high only when the message says they are a person's ("the account holder's phone", "his
 *       home address", "it was signed for by Ann Lee, phone ..."); otherwise they are a business's contact details the
 *       assistant gives as the service (a restaurant's number, a venue's street). IP: not a finding.</td></tr>
 * </table>
 * Evidence excerpts are masked.
 */
public final class PiiExposureDetector implements FailureDetector {

    private record Hit(Message message, PiiMatch match, Severity severity, boolean byAssistant) {
    }

    /** Words that make contact details in an assistant message someone's personal data, not a business's. */
    private static final Pattern PERSON_CUE = Pattern.compile(
            "(?iu)\\b(?:his|her|(?:account|card) ?holder'?s?|customer'?s|client'?s|patient'?s|user'?s|member'?s"
                    + "|employee'?s|owner'?s|tenant'?s|sender'?s|recipient'?s|someone'?s|personal|private|home (?:address"
                    + "|phone|number)|lives at|resides at|signed for by|received by)\\b");

    /**
     * "get me a cab to", "I want to go to", "take me to": the address is where the user is travelling (a venue,
     * a station, an office), the input a ride or travel service needs, not data about the user.
     */
    private static final Pattern DESTINATION = Pattern.compile(
            "(?i)\\b(?:destination|ride|cab|taxi|uber|lyft|shuttle|go|going|get|head|heading|travel|travelling|traveling|drive"
                    + "|driving|directions|navigate|take (?:me|us))\\b[^.!?\\n]{0,40}?\\b(?:to|is)\\s+$");
    /** "send a cab to ...": the car comes to where the user is, so that address is theirs. */
    private static final Pattern PICKUP = Pattern.compile(
            "(?i)\\b(?:call|send|order)\\s+(?:me\\s+|us\\s+)?an?\\s+(?:taxi|cab|car|ride|uber|lyft)\\s+to\\s+$");

    @Override
    public FailureType type() {
        return FailureType.PII_EXPOSURE;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Pii cfg = ctx.config().pii();
        Set<String> userValues = new HashSet<>();
        Set<String> assistantValues = new HashSet<>();
        List<Hit> hits = new ArrayList<>();
        for (MessageText t : ctx.texts()) {
            Message m = t.message();
            if (m.role().equals(Message.SYSTEM)) {
                continue;
            }
            List<PiiMatch> found = PiiScanner.scan(m.content());
            if (found.isEmpty()) {
                continue;
            }
            boolean user = m.isUser();
            boolean personal = !user && PERSON_CUE.matcher(m.content()).find();
            for (PiiMatch p : found) {
                Severity s;
                String value = p.kind() + ":" + p.key();
                if (user) {
                    userValues.add(value);
                    // repeating the venue the assistant gave, or naming where to be driven, discloses nothing of theirs
                    boolean notTheirs = assistantValues.contains(value)
                            || p.kind() == PiiKind.ADDRESS && destination(m.content(), p.start());
                    s = switch (p.kind()) {
                        case SECRET -> Severity.HIGH;
                        case CARD, IBAN, SSN, DRIVER_LICENSE -> Severity.MEDIUM;
                        case EMAIL, PHONE, ADDRESS, IP_ADDRESS -> cfg.flagUserContactInfo() && !notTheirs ? Severity.LOW
                                : null;
                    };
                } else {
                    assistantValues.add(value);
                    boolean echo = userValues.contains(value);
                    s = switch (p.kind()) {
                        case SECRET -> Severity.CRITICAL;
                        case CARD, IBAN, SSN, DRIVER_LICENSE -> echo ? Severity.HIGH : Severity.CRITICAL;
                        // a redaction token hides the address, so it cannot be checked against the allow-lists
                        case EMAIL -> echo || !PiiScanner.isToken(p) && allowedEmail(p.value(), cfg) ? null : Severity.HIGH;
                        case PHONE -> echo || !PiiScanner.isToken(p) && allowedPhone(p.value(), cfg) || !personal ? null
                                : Severity.HIGH;
                        case ADDRESS -> echo || !personal ? null : Severity.HIGH;
                        case IP_ADDRESS -> null;
                    };
                }
                if (s != null) {
                    hits.add(new Hit(m, p, s, !user));
                }
            }
        }
        if (hits.isEmpty()) {
            return List.of();
        }
        Severity severity = Severity.LOW;
        double confidence = 0;
        List<Evidence> evidence = new ArrayList<>();
        Set<Message> seen = new LinkedHashSet<>();
        Set<String> assistantKinds = new LinkedHashSet<>();
        Set<String> userKinds = new LinkedHashSet<>();
        List<Message> assistantMsgs = new ArrayList<>();
        List<Message> userMsgs = new ArrayList<>();
        // the worst exposure comes first in the evidence, whoever wrote it
        List<Hit> worstFirst = new ArrayList<>(hits);
        worstFirst.sort(Comparator.comparing(Hit::severity).reversed());
        for (Hit h : worstFirst) {
            if (h.severity.compareTo(severity) > 0) {
                severity = h.severity;
            }
            confidence = Math.max(confidence, h.match.confidence());
            if (seen.add(h.message) && evidence.size() < 5) {
                evidence.add(Excerpts.of(h.message, h.match.start(), h.match.end()));
            }
            (h.byAssistant ? assistantKinds : userKinds).add(h.match.kind().label());
            List<Message> ms = h.byAssistant ? assistantMsgs : userMsgs;
            if (!ms.contains(h.message)) {
                ms.add(h.message);
            }
        }
        assistantMsgs.sort(Comparator.comparingInt(Message::index));
        userMsgs.sort(Comparator.comparingInt(Message::index));
        List<String> parts = new ArrayList<>();
        if (!assistantKinds.isEmpty()) {
            parts.add("Assistant exposed " + String.join(" and ", assistantKinds) + " ("
                    + Explain.messages(assistantMsgs) + ")");
        }
        if (!userKinds.isEmpty()) {
            parts.add((parts.isEmpty() ? "User" : "user") + " shared " + String.join(" and ", userKinds) + " ("
                    + Explain.messages(userMsgs) + ")");
        }
        Hit first = hits.get(0);
        return List.of(new Finding(type(), severity, confidence, evidence, String.join("; ", parts) + ".",
                Fingerprints.of(type(), first.message.id(), first.match.kind().name())));
    }

    private static boolean destination(String text, int start) {
        String before = text.substring(Math.max(0, start - 60), start);
        return DESTINATION.matcher(before).find() && !PICKUP.matcher(before).find();
    }

    private static boolean allowedEmail(String email, AnalysisConfig.Pii cfg) {
        String local = email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
        return cfg.allowedEmailLocalParts().contains(local);
    }

    private static boolean allowedPhone(String raw, AnalysisConfig.Pii cfg) {
        String digits = PiiScanner.digitsOf(raw);
        for (String prefix : cfg.allowedPhonePrefixes()) {
            if (digits.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
