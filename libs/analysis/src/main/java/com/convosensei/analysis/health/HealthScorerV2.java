package com.convosensei.analysis.health;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.SentimentStats;
import com.convosensei.analysis.learned.LearnedModel;
import com.convosensei.analysis.learned.MessageSignals;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Feedback;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.conversation.HealthComponent;
import com.convosensei.contracts.failure.FailureType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * health-v2: a weighted sum of five readable components, each 0-100, without caps, so that it ranks conversations
 * instead of collapsing on the first weak finding:
 * <ul>
 *   <li>failures: {@code 100 x prod(1 - weight(type) x probability)} over the findings, so a confident serious
 *       failure costs much and an uncertain minor one little;</li>
 *   <li>response_quality: the share of replies a reviewer would call off-track (the breakdown head over each reply
 *       and the user turn it answers);</li>
 *   <li>sentiment_trajectory, resolution, responsiveness: as in health-v1, on the learned sentiment.</li>
 * </ul>
 * Adding a finding never raises the score.
 *
 * <p>Explicit user feedback (the feedback API, {@link Conversation#feedback()}), when there is any, is a sixth
 * component, {@code user_feedback} ({@value #FEEDBACK_WEIGHT} of the weight; the five above keep their proportions in
 * the rest): the mean of the ratings on 0-100 (thumbs up 100, down 0; a rating r of 5 is 25 x (r - 1)). It is what
 * the user actually said, so it outranks every inference: when negative feedback is at least as common as positive,
 * the score is capped at {@value #NEGATIVE_FEEDBACK_CAP} (Poor) whatever the rest says — besides the negative_feedback
 * finding it raises. Positive feedback raises confidence in a good score but cannot hide a detected failure: while
 * there are findings it lifts the score by at most {@value #POSITIVE_LIFT_WITH_FAILURES} points over the score without
 * it. A conversation without explicit feedback scores exactly as before.
 */
public final class HealthScorerV2 {

    public static final String VERSION = "health-v2";

    // The breakdown head estimates directly what reviewers judge, so it weighs most; resolution (did the user
    // say thanks) and responsiveness are weak signals of satisfaction and weigh least.
    static final double FAILURES_WEIGHT = 0.25;
    static final double QUALITY_WEIGHT = 0.45;
    static final double SENTIMENT_WEIGHT = 0.20;
    static final double RESOLUTION_WEIGHT = 0.05;
    static final double RESPONSIVENESS_WEIGHT = 0.05;

    static final double FEEDBACK_WEIGHT = 0.25;
    static final double NEGATIVE_FEEDBACK_CAP = 40;
    static final double POSITIVE_LIFT_WITH_FAILURES = 5;

    /** How much of the failures component one certain finding of each type takes away. */
    static final Map<FailureType, Double> TYPE_WEIGHT = new EnumMap<>(FailureType.class);

    static {
        TYPE_WEIGHT.put(FailureType.NEGATIVE_FEEDBACK, 0.7);
        TYPE_WEIGHT.put(FailureType.USER_FRUSTRATION, 0.55);
        TYPE_WEIGHT.put(FailureType.ABANDONMENT, 0.5);
        TYPE_WEIGHT.put(FailureType.ERROR_RESPONSE, 0.45);
        TYPE_WEIGHT.put(FailureType.ESCALATION_REQUEST, 0.45);
        TYPE_WEIGHT.put(FailureType.REPETITION_LOOP, 0.4);
        TYPE_WEIGHT.put(FailureType.AGENT_REFUSAL, 0.35);
        TYPE_WEIGHT.put(FailureType.LATENCY_SPIKE, 0.25);
        TYPE_WEIGHT.put(FailureType.PII_EXPOSURE, 0.2);
        TYPE_WEIGHT.put(FailureType.PROMPT_INJECTION, 0.15); // the user attacked; declining is the bot doing its job
    }

    private HealthScorerV2() {
    }

    /** A finding's weight: its type's, but at least what its severity says (a leaked card is critical, not minor). */
    static double weight(Finding f) {
        double bySeverity = switch (f.severity()) {
            case CRITICAL -> 0.6;
            case HIGH -> 0.4;
            default -> 0;
        };
        return Math.max(TYPE_WEIGHT.getOrDefault(f.type(), 0.3), bySeverity);
    }

    public static HealthBreakdown score(Conversation c, double[] sentiment, SentimentStats stats,
                                        List<Finding> findings, MessageSignals[] signals, LearnedModel model,
                                        AnalysisConfig config) {
        List<HealthComponent> parts = List.of(
                failures(findings),
                responseQuality(c.messages(), signals, model),
                HealthScorer.sentimentComponent(stats, List.of(), SENTIMENT_WEIGHT),
                HealthScorer.resolutionComponent(c, sentiment, findings, RESOLUTION_WEIGHT),
                reweighted(HealthScorer.responsivenessComponent(c, findings, config.health()), RESPONSIVENESS_WEIGHT));
        double total = 0;
        for (HealthComponent p : parts) {
            total += p.score() * p.weight();
        }
        total = round1(Math.max(0, Math.min(100, total)));
        if (c.feedback().isEmpty()) {
            return new HealthBreakdown(total, VERSION, parts, summary(total, findings, parts));
        }
        return withFeedback(total, parts, findings, c.feedback());
    }

    /** The breakdown with the user_feedback component, the negative cap and the bounded positive lift (class comment). */
    static HealthBreakdown withFeedback(double withoutFeedback, List<HealthComponent> parts, List<Finding> findings,
                                        List<Feedback> feedback) {
        List<HealthComponent> all = new ArrayList<>(parts.size() + 1);
        double total = 0;
        for (HealthComponent p : parts) {
            // rounded so the stored breakdown reads 0.1875, not 0.15000000000000002
            HealthComponent scaled = reweighted(p, Math.round(p.weight() * (1 - FEEDBACK_WEIGHT) * 1e6) / 1e6);
            all.add(scaled);
            total += scaled.score() * scaled.weight();
        }
        HealthComponent userFeedback = feedbackComponent(feedback);
        all.add(userFeedback);
        total += userFeedback.score() * userFeedback.weight();
        total = round1(Math.max(0, Math.min(100, total)));
        long negative = feedback.stream().filter(Feedback::negative).count();
        long positive = feedback.stream().filter(Feedback::positive).count();
        String note = null;
        if (negative > 0 && negative >= positive && total > NEGATIVE_FEEDBACK_CAP) {
            total = NEGATIVE_FEEDBACK_CAP;
            note = String.format(Locale.ROOT, "Capped at %.0f: the user's own feedback was negative.",
                    NEGATIVE_FEEDBACK_CAP);
        } else if (!findings.isEmpty() && total > withoutFeedback + POSITIVE_LIFT_WITH_FAILURES) {
            total = round1(withoutFeedback + POSITIVE_LIFT_WITH_FAILURES);
            note = String.format(Locale.ROOT, "Positive feedback lifts it by at most %.0f points while failures are"
                    + " detected.", POSITIVE_LIFT_WITH_FAILURES);
        }
        String summary = summary(total, findings, all);
        return new HealthBreakdown(total, VERSION, all, note == null ? summary : summary + " " + note);
    }

    static HealthComponent feedbackComponent(List<Feedback> feedback) {
        double sum = 0;
        int positive = 0;
        int negative = 0;
        for (Feedback f : feedback) {
            sum += "thumbs".equals(f.kind()) ? (f.value() > 0 ? 100 : 0) : 25.0 * (f.value() - 1);
            positive += f.positive() ? 1 : 0;
            negative += f.negative() ? 1 : 0;
        }
        int neutral = feedback.size() - positive - negative;
        List<String> counts = new ArrayList<>();
        if (positive > 0) {
            counts.add(positive + " positive");
        }
        if (negative > 0) {
            counts.add(negative + " negative");
        }
        if (neutral > 0) {
            counts.add(neutral + " neutral");
        }
        Feedback latest = feedback.get(feedback.size() - 1);
        String reason = "Explicit user feedback: " + String.join(", ", counts) + " (latest: " + latest.describe() + ")"
                + (negative == 0 && positive > 0 ? "; raises confidence in the score." : ".");
        return new HealthComponent("user_feedback", round1(sum / feedback.size()), FEEDBACK_WEIGHT, reason);
    }

    static HealthComponent failures(List<Finding> findings) {
        if (findings.isEmpty()) {
            return new HealthComponent("failures", 100, FAILURES_WEIGHT, "No failures detected.");
        }
        double keep = 1;
        for (Finding f : findings) {
            keep *= 1 - weight(f) * f.confidence();
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing((Finding f) -> weight(f) * f.confidence())
                .reversed());
        List<String> names = sorted.stream().limit(3).map(f -> String.format(Locale.ROOT, "%s (%.0f %% sure)",
                f.type().wire().replace('_', ' '), 100 * f.confidence())).toList();
        String reason = findings.size() + (findings.size() == 1 ? " failure: " : " failures: ")
                + String.join(", ", names) + (findings.size() > 3 ? " and " + (findings.size() - 3) + " more" : "") + ".";
        return new HealthComponent("failures", round1(100 * keep), FAILURES_WEIGHT, reason);
    }

    static HealthComponent responseQuality(List<Message> ms, MessageSignals[] signals, LearnedModel model) {
        double sum = 0;
        int n = 0;
        MessageSignals context = null;
        for (int i = 0; i < ms.size(); i++) {
            Message m = ms.get(i);
            if (m.isUser()) {
                context = signals[i];
            } else if (m.isAssistant() && signals[i] != null) {
                double p = model.breakdown(signals[i], context);
                if (!Double.isNaN(p)) {
                    sum += p;
                    n++;
                }
            }
        }
        if (n == 0) {
            return new HealthComponent("response_quality", 100, QUALITY_WEIGHT, "No English replies to judge.");
        }
        double share = sum / n;
        String reason = String.format(Locale.ROOT, "About %.0f %% of the %d %s would read as off-track to a reviewer.",
                100 * share, n, n == 1 ? "reply" : "replies");
        return new HealthComponent("response_quality", round1(100 * (1 - share)), QUALITY_WEIGHT, reason);
    }

    private static HealthComponent reweighted(HealthComponent c, double weight) {
        return new HealthComponent(c.name(), c.score(), weight, c.reason());
    }

    private static String summary(double total, List<Finding> findings, List<HealthComponent> parts) {
        String label = total >= 85 ? "Healthy" : total >= 70 ? "Fair" : total >= 50 ? "Needs attention" : "Poor";
        StringBuilder b = new StringBuilder(label).append(String.format(Locale.ROOT, " (%.0f/100)", total));
        HealthComponent weakest = parts.stream()
                .min(Comparator.comparingDouble(p -> p.weight() * (p.score() - 100))).orElseThrow();
        if (findings.isEmpty()) {
            b.append(": no failures detected.");
        } else {
            Finding worst = findings.stream().max(Comparator.comparingDouble(
                    (Finding f) -> weight(f) * f.confidence())).orElseThrow();
            b.append(": ").append(findings.size()).append(findings.size() == 1 ? " failure" : " failures")
                    .append(", mainly ").append(worst.type().wire().replace('_', ' ')).append(". ")
                    .append(worst.explanation());
        }
        if (weakest.score() < 100 && !weakest.name().equals("failures")) {
            b.append(' ').append(weakest.reason());
        }
        return b.toString();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
