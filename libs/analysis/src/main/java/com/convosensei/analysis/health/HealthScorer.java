package com.convosensei.analysis.health;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.SentimentStats;
import com.convosensei.analysis.detect.LatencySpikeDetector;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.Text;
import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.conversation.HealthComponent;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import com.convosensei.analysis.text.PhrasePattern;

/**
 * Health 0-100 as a weighted sum of five components (each 0-100 with a reason), then capped by the worst failure
 * (a critical failure caps the score at {@code criticalCap}, a high one at {@code highCap}) and by their number
 * ({@code compoundCap} when several serious failures pile up).
 *
 * <p>Invariant: every component only ever goes down when a finding is added (findings subtract penalties or impose
 * caps, never add), so adding a failure can never raise the score.
 */
public final class HealthScorer {

    public static final String VERSION = "health-v1";

    private static final PhrasePattern RESOLVED = PhrasePattern.compile(
            "\\b(?:that fixed it|fixed it|that worked|it worked|works now|working now|it works|problem solved"
                    + "|all (?:set|sorted|good)|that did it|did the trick|that helps|that helped|that answers"
                    + "|thanks|thank you|thx|cheers|appreciate|perfect|great|awesome|got it|makes sense"
                    + "|resolved|sorted|solved)\\b");
    private static final PhrasePattern UNRESOLVED = PhrasePattern.compile(
            "\\bstill (?:doesn't|does not|isn't|not|can't|cannot|no|broken|waiting|getting|the same)\\b"
                    + "|\\b(?:didn't|did not|doesn't) (?:work|help|fix)\\b|\\bnot (?:resolved|fixed|solved)\\b");

    private HealthScorer() {
    }

    public static HealthBreakdown score(Conversation c, double[] sentiment, SentimentStats stats,
                                        List<Finding> findings, AnalysisConfig config) {
        AnalysisConfig.Health h = config.health();
        List<HealthComponent> parts = List.of(
                sentimentComponent(stats, findings, h.sentimentWeight()),
                failuresComponent(findings, h.failuresWeight()),
                resolutionComponent(c, sentiment, findings, h.resolutionWeight()),
                efficiencyComponent(c, findings, h),
                responsivenessComponent(c, findings, h));
        double total = 0;
        for (HealthComponent p : parts) {
            total += p.score() * p.weight();
        }
        Severity worst = worst(findings);
        if (worst == Severity.CRITICAL) {
            total = Math.min(total, h.criticalCap());
        } else if (worst == Severity.HIGH) {
            total = Math.min(total, h.highCap());
        }
        long serious = findings.stream().filter(f -> f.severity().atLeast(Severity.MEDIUM)).count();
        if (serious >= 3 || (serious >= 2 && worst != null && worst.atLeast(Severity.HIGH))) {
            total = Math.min(total, h.compoundCap());
        }
        total = round1(Math.max(0, Math.min(100, total)));
        return new HealthBreakdown(total, VERSION, parts, summary(total, findings, parts));
    }

    static HealthComponent sentimentComponent(SentimentStats s, List<Finding> findings, double weight) {
        double blend = 0.4 * s.avg() + 0.4 * s.last() + 0.2 * Math.max(-1, Math.min(1, s.trend() / 2));
        // neutral conversations are fine (75); positive ones reach 100 at +0.5, negative ones fall to 0 at -1
        double score = blend >= 0 ? 75 + 25 * Math.min(1, blend / 0.5) : 75 + 75 * Math.max(-1, blend);
        String reason = String.format(Locale.ROOT, "User sentiment averaged %+.2f and ended at %+.2f (%s).",
                s.avg(), s.last(), s.trend() > 0.15 ? "improving" : s.trend() < -0.15 ? "worsening" : "steady");
        Finding frustration = strongest(findings, FailureType.USER_FRUSTRATION);
        if (frustration != null) {
            double cap = switch (frustration.severity()) {
                case LOW -> 70;
                case MEDIUM -> 55;
                case HIGH -> 40;
                case CRITICAL -> 25;
            };
            if (cap < score) {
                score = cap;
            }
            reason = reason.substring(0, reason.length() - 1) + "; the user was frustrated.";
        }
        return new HealthComponent("sentiment_trajectory", round1(score), weight, reason);
    }

    static HealthComponent failuresComponent(List<Finding> findings, double weight) {
        if (findings.isEmpty()) {
            return new HealthComponent("failures", 100, weight, "No failures detected.");
        }
        double penalty = 0;
        for (Finding f : findings) {
            double base = switch (f.severity()) {
                case LOW -> 8;
                case MEDIUM -> 22;
                case HIGH -> 40;
                case CRITICAL -> 70;
            };
            penalty += base * (0.5 + 0.5 * f.confidence());
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::severity).reversed());
        List<String> names = sorted.stream().limit(3)
                .map(f -> f.severity().wire() + " " + f.type().wire().replace('_', ' ')).toList();
        String reason = findings.size() + (findings.size() == 1 ? " failure: " : " failures: ")
                + String.join(", ", names) + (findings.size() > 3 ? " and " + (findings.size() - 3) + " more" : "") + ".";
        return new HealthComponent("failures", round1(Math.max(0, 100 - penalty)), weight, reason);
    }

    static HealthComponent resolutionComponent(Conversation c, double[] sentiment, List<Finding> findings,
                                               double weight) {
        List<Message> ms = c.messages();
        int firstUser = -1;
        int lastUser = -1;
        int lastAssistant = -1;
        boolean resolved = false;
        for (int i = 0; i < ms.size(); i++) {
            Message m = ms.get(i);
            if (m.isUser()) {
                if (firstUser < 0) {
                    firstUser = i;
                } else if (sentiment[i] > 0.2 && RESOLVED.find(Text.normalize(m.content())) != null) {
                    resolved = true;
                }
                lastUser = i;
            } else if (m.isAssistant()) {
                lastAssistant = i;
            }
        }
        double score;
        String reason;
        String lastUserText = lastUser >= 0 ? Text.normalize(ms.get(lastUser).content()) : "";
        boolean unresolved = lastUser > firstUser && firstUser >= 0
                && (sentiment[lastUser] <= -0.3 || UNRESOLVED.find(lastUserText) != null);
        if (unresolved) {
            score = 30;
            reason = "The user's last message says the problem is not solved.";
        } else if (resolved) {
            score = 100;
            reason = "The user confirmed the problem was solved.";
        } else if (lastUser > lastAssistant) {
            score = 55;
            reason = "The user's last message has no reply yet.";
        } else if (c.ended()) {
            score = 75;
            reason = "Ended with an answer, without explicit confirmation.";
        } else {
            score = 75;
            reason = "Answered; no explicit confirmation from the user.";
        }
        double cap = 100;
        String capReason = null;
        for (Finding f : findings) {
            double fc = switch (f.type()) {
                case ABANDONMENT -> 15;
                case NEGATIVE_FEEDBACK -> 35;
                case ESCALATION_REQUEST -> 50;
                case AGENT_REFUSAL -> f.severity().atLeast(Severity.MEDIUM) ? 55 : 70;
                default -> 100;
            };
            if (fc < cap) {
                cap = fc;
                capReason = switch (f.type()) {
                    case ABANDONMENT -> "The user left without a resolution.";
                    case NEGATIVE_FEEDBACK -> "The user rated the conversation negatively.";
                    case ESCALATION_REQUEST -> "The user wanted a human instead.";
                    default -> "The assistant declined the request.";
                };
            }
        }
        if (cap < score) {
            score = cap;
            reason = capReason;
        }
        return new HealthComponent("resolution", round1(score), weight, reason);
    }

    static HealthComponent efficiencyComponent(Conversation c, List<Finding> findings, AnalysisConfig.Health h) {
        int userTurns = (int) c.messages().stream().filter(Message::isUser).count();
        int extra = Math.max(0, userTurns - h.typicalUserTurns());
        double score = Math.max(40, 100 - 8.0 * extra);
        String reason = userTurns + " user turns" + (extra == 0 ? " (typical is up to " + h.typicalUserTurns() + ")."
                : ", " + extra + " more than the typical " + h.typicalUserTurns() + ".");
        Finding loop = strongest(findings, FailureType.REPETITION_LOOP);
        if (loop != null) {
            double cap = loop.severity().atLeast(Severity.HIGH) ? 25 : 45;
            score = Math.min(score, cap);
            reason = reason.substring(0, reason.length() - 1) + "; the conversation went in circles.";
        }
        return new HealthComponent("efficiency", round1(score), h.efficiencyWeight(), reason);
    }

    static HealthComponent responsivenessComponent(Conversation c, List<Finding> findings, AnalysisConfig.Health h) {
        long[] times = Arrays.stream(LatencySpikeDetector.replyTimes(c.messages())).filter(t -> t >= 0).sorted()
                .toArray();
        double score;
        String reason;
        if (times.length == 0) {
            score = 100;
            reason = "No reply timings reported.";
        } else {
            double sum = 0;
            double min = 100;
            for (long t : times) {
                double s = t <= h.goodLatencyMs() ? 100 : t >= h.badLatencyMs() ? 0
                        : 100.0 * (h.badLatencyMs() - t) / (h.badLatencyMs() - h.goodLatencyMs());
                sum += s;
                min = Math.min(min, s);
            }
            score = 0.6 * (sum / times.length) + 0.4 * min;
            int n = times.length;
            double median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2.0;
            reason = String.format(Locale.ROOT, "Median reply %.1f s, slowest %.1f s.", median / 1000.0,
                    times[n - 1] / 1000.0);
        }
        Finding spike = strongest(findings, FailureType.LATENCY_SPIKE);
        if (spike != null) {
            double cap = switch (spike.severity()) {
                case LOW -> 80;
                case MEDIUM -> 60;
                default -> 35;
            };
            score = Math.min(score, cap);
        }
        return new HealthComponent("responsiveness", round1(score), h.responsivenessWeight(), reason);
    }

    private static String summary(double total, List<Finding> findings, List<HealthComponent> parts) {
        String label = total >= 85 ? "Healthy" : total >= 70 ? "Fair" : total >= 50 ? "Needs attention" : "Poor";
        StringBuilder b = new StringBuilder(label).append(String.format(Locale.ROOT, " (%.0f/100)", total));
        if (findings.isEmpty()) {
            HealthComponent resolution = parts.get(2);
            return b.append(": no failures detected. ").append(resolution.reason()).toString();
        }
        Finding worst = findings.stream().max(Comparator.comparing(Finding::severity)
                .thenComparing(Finding::confidence)).orElseThrow();
        b.append(": ").append(findings.size()).append(findings.size() == 1 ? " failure" : " failures")
                .append(", worst ").append(worst.severity().wire()).append(' ')
                .append(worst.type().wire().replace('_', ' ')).append(". ").append(worst.explanation());
        return b.toString();
    }

    private static Finding strongest(List<Finding> findings, FailureType type) {
        Finding best = null;
        for (Finding f : findings) {
            if (f.type() == type && (best == null || f.severity().compareTo(best.severity()) > 0)) {
                best = f;
            }
        }
        return best;
    }

    private static Severity worst(List<Finding> findings) {
        Severity w = null;
        for (Finding f : findings) {
            if (w == null || f.severity().compareTo(w) > 0) {
                w = f.severity();
            }
        }
        return w;
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
