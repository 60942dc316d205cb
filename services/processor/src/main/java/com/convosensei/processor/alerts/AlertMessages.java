package com.convosensei.processor.alerts;

import com.convosensei.analysis.pii.PiiScanner;
import com.convosensei.platform.slack.SlackMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the Slack messages (fallback text + Block Kit blocks) for failure, health and digest alerts. Slack is outside
 * Sensei, so alerts never carry raw personal data: the user is named by the last characters of their id (an email's
 * domain stays readable, its local part does not), and conversation ids, explanations and excerpts go through the
 * analysis library's masking ({@code j***@example.com}, {@code +44 **** ***123}).
 */
@ApplicationScoped
public class AlertMessages {

    private static final int MAX_EXCERPT = 500;

    private final String publicUrl;

    public AlertMessages(@ConfigProperty(name = "sensei.public-url") String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** Where the dashboard shows the conversation. */
    public String conversationLink(UUID conversationId) {
        return publicUrl + "/conversations/" + conversationId;
    }

    public SlackMessage failure(AlertEvent e, AlertRepository.ConversationInfo c) {
        String type = label(e.failureType());
        String who = conversationName(e, c);
        SlackMessage m = SlackMessage.text("Sensei: " + type + " (" + e.severity() + ") in conversation " + who)
                .header(":rotating_light: " + type + " detected")
                .section(SlackMessage.escape(e.explanation() == null ? type : PiiScanner.mask(e.explanation())))
                .fields("*Type*\n" + type,
                        "*Severity*\n" + e.severity(),
                        "*Health*\n" + health(e.healthScore() != null ? e.healthScore() : c == null ? null : c.healthScore()),
                        "*Confidence*\n" + (e.confidence() == null ? "n/a" : Math.round(e.confidence() * 100) + "%"));
        if (e.excerpt() != null && !e.excerpt().isBlank()) {
            m.section(">" + SlackMessage.escape(cut(PiiScanner.mask(e.excerpt()))).replace("\n", "\n>"));
        }
        return m.context(context(who, c))
                .button("Open conversation", conversationLink(e.conversationId()));
    }

    public SlackMessage health(AlertEvent e, AlertRepository.ConversationInfo c) {
        String who = conversationName(e, c);
        String score = health(e.healthScore());
        SlackMessage m = SlackMessage.text("Sensei: conversation " + who + " health dropped to " + score
                        + " (below " + Math.round(e.healthThreshold()) + ")")
                .header(":chart_with_downwards_trend: Conversation health " + score)
                .fields("*Health*\n" + score,
                        "*Threshold*\n" + Math.round(e.healthThreshold()),
                        "*Before*\n" + (e.previousHealthScore() == null ? "not scored" : health(e.previousHealthScore())));
        if (e.explanation() != null && !e.explanation().isBlank()) {
            m.section(SlackMessage.escape(PiiScanner.mask(e.explanation())));
        }
        return m.context(context(who, c))
                .button("Open conversation", conversationLink(e.conversationId()));
    }

    public SlackMessage digest(List<AlertRepository.Digested> alerts, int sampleSize) {
        Map<String, Integer> byType = new TreeMap<>();
        for (AlertRepository.Digested a : alerts) {
            byType.merge(AlertEvent.KIND_HEALTH.equals(a.kind()) ? "low health" : label(a.failureType()), 1, Integer::sum);
        }
        StringBuilder counts = new StringBuilder();
        byType.forEach((type, n) -> counts.append("\u2022 ").append(type).append(": ").append(n).append('\n'));
        StringBuilder links = new StringBuilder();
        alerts.stream().limit(sampleSize).forEach(a -> links.append("\u2022 <").append(conversationLink(a.conversationId()))
                .append('|').append(SlackMessage.escape(a.conversationExternalId() == null
                        ? a.conversationId().toString() : PiiScanner.mask(a.conversationExternalId())))
                .append("> ").append(a.severity() == null ? "low health" : label(a.failureType()) + " (" + a.severity() + ")")
                .append('\n'));
        if (alerts.size() > sampleSize) {
            links.append("\u2026 and ").append(alerts.size() - sampleSize).append(" more");
        }
        return SlackMessage.text("Sensei digest: " + alerts.size() + " more alert" + (alerts.size() == 1 ? "" : "s")
                        + " over the per-minute limit")
                .header(":bell: " + alerts.size() + " more alert" + (alerts.size() == 1 ? "" : "s"))
                .section("Alerts arrived faster than the per-minute limit; these were grouped:\n" + counts)
                .section(links.toString())
                .button("Open failures", publicUrl + "/failures");
    }

    static String label(String wireType) {
        if (wireType == null || wireType.isEmpty()) {
            return "Failure";
        }
        String words = wireType.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The client's conversation id, masked where it holds personal data ("order-j***@example.com"). */
    private static String conversationName(AlertEvent e, AlertRepository.ConversationInfo c) {
        return c == null || c.externalId() == null ? e.conversationId().toString() : PiiScanner.mask(c.externalId());
    }

    private static String context(String who, AlertRepository.ConversationInfo c) {
        String env = c == null || c.environment() == null ? "" : " \u00b7 " + SlackMessage.escape(c.environment());
        String user = c == null || c.userId() == null ? "" : " \u00b7 user " + SlackMessage.escape(userLabel(c.userId()));
        return "Conversation `" + SlackMessage.escape(who) + "`" + env + user;
    }

    /**
     * A user id as Slack may see it: enough to tell users apart in a channel, not enough to identify one.
     * "jane.doe@example.com" → "j***@example.com"; "+44 7700 900123" → "+44 **** ***123"; "u-829341" → "…9341".
     */
    static String userLabel(String userId) {
        String masked = PiiScanner.mask(userId);
        if (!masked.equals(userId)) {
            return masked;
        }
        int n = userId.codePointCount(0, userId.length());
        return n <= 4 ? "\u2026" : "\u2026" + userId.substring(userId.offsetByCodePoints(0, n - 4));
    }

    private static String health(Double score) {
        return score == null ? "not scored" : Math.round(score) + "/100";
    }

    private static String cut(String s) {
        return s.length() <= MAX_EXCERPT ? s : s.substring(0, MAX_EXCERPT - 1) + "\u2026";
    }
}
