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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Personal data or secrets in the conversation. The policy (severity by who wrote it and what it is):
 * <table>
 *   <tr><th></th><th>user wrote it</th><th>assistant/tool wrote it</th></tr>
 *   <tr><td>secret (API key, password, private key)</td><td>high</td><td>critical</td></tr>
 *   <tr><td>card, IBAN, SSN</td><td>medium</td><td>critical; high if only repeating the user's own value</td></tr>
 *   <tr><td>email, phone</td><td>not a finding (support needs contact details), unless
 *       {@code flagUserContactInfo} (then low)</td><td>high if the user never gave it (someone else's data);
 *       NOT a finding when the assistant repeats the user's own email/phone, or gives out a role address
 *       (support@...) or toll-free number</td></tr>
 * </table>
 * Evidence excerpts are masked.
 */
public final class PiiExposureDetector implements FailureDetector {

    private record Hit(Message message, PiiMatch match, Severity severity, boolean byAssistant) {
    }

    @Override
    public FailureType type() {
        return FailureType.PII_EXPOSURE;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Pii cfg = ctx.config().pii();
        Set<String> userValues = new HashSet<>();
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
            for (PiiMatch p : found) {
                Severity s;
                if (user) {
                    userValues.add(p.kind() + ":" + p.key());
                    s = switch (p.kind()) {
                        case SECRET -> Severity.HIGH;
                        case CARD, IBAN, SSN -> Severity.MEDIUM;
                        case EMAIL, PHONE -> cfg.flagUserContactInfo() ? Severity.LOW : null;
                    };
                } else {
                    boolean echo = userValues.contains(p.kind() + ":" + p.key());
                    s = switch (p.kind()) {
                        case SECRET -> Severity.CRITICAL;
                        case CARD, IBAN, SSN -> echo ? Severity.HIGH : Severity.CRITICAL;
                        case EMAIL -> echo || allowedEmail(p.value(), cfg) ? null : Severity.HIGH;
                        case PHONE -> echo || allowedPhone(p.key(), p.value(), cfg) ? null : Severity.HIGH;
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
        for (Hit h : hits) {
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

    private static boolean allowedEmail(String email, AnalysisConfig.Pii cfg) {
        String local = email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
        return cfg.allowedEmailLocalParts().contains(local);
    }

    private static boolean allowedPhone(String key, String raw, AnalysisConfig.Pii cfg) {
        String digits = PiiScanner.digitsOf(raw);
        for (String prefix : cfg.allowedPhonePrefixes()) {
            if (digits.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
