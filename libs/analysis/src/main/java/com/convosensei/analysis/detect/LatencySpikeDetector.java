package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.Text;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Slow replies: an assistant reply slower than an absolute limit, or much slower than the conversation's own median.
 * A reply's time is its {@code latency_ms}; without one, the gap since the user message it answers.
 */
public final class LatencySpikeDetector implements FailureDetector {

    @Override
    public FailureType type() {
        return FailureType.LATENCY_SPIKE;
    }

    /** Reply time per message position (assistant replies only), or -1 when unknown. */
    public static long[] replyTimes(List<Message> messages) {
        long[] out = new long[messages.size()];
        Arrays.fill(out, -1);
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (!m.isAssistant()) {
                continue;
            }
            if (m.latencyMs() != null && m.latencyMs() >= 0) {
                out[i] = m.latencyMs();
            } else if (i > 0 && messages.get(i - 1).isUser() && m.timestamp() != null
                    && messages.get(i - 1).timestamp() != null) {
                long gap = Duration.between(messages.get(i - 1).timestamp(), m.timestamp()).toMillis();
                if (gap >= 0) {
                    out[i] = gap;
                }
            }
        }
        return out;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Latency cfg = ctx.config().latency();
        long[] times = replyTimes(ctx.conversation().messages());
        long[] known = Arrays.stream(times).filter(t -> t >= 0).sorted().toArray();
        if (known.length == 0) {
            return List.of();
        }
        double median = known.length % 2 == 1 ? known[known.length / 2]
                : (known[known.length / 2 - 1] + known[known.length / 2]) / 2.0;
        boolean relativeApplies = known.length >= cfg.minSamplesForMedian();
        List<Message> slow = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        long worst = 0;
        boolean absolute = false;
        for (int i = 0; i < times.length; i++) {
            long t = times[i];
            if (t < 0) {
                continue;
            }
            boolean abs = t > cfg.absoluteMs();
            boolean rel = relativeApplies && t > cfg.minRelativeMs() && t > cfg.medianMultiplier() * median;
            if (!abs && !rel) {
                continue;
            }
            absolute |= abs;
            Message m = ctx.texts().get(i).message();
            slow.add(m);
            worst = Math.max(worst, t);
            String prefix = "Reply took " + seconds(t) + " s" + (rel ? " (median " + seconds((long) median) + " s)" : "");
            evidence.add(Excerpts.evidence(m, Text.clip(prefix + ": " + Excerpts.around(m.content(), 0, 0),
                    Excerpts.MAX)));
        }
        if (slow.isEmpty()) {
            return List.of();
        }
        Severity severity = worst >= cfg.highMs() || slow.size() >= 3 ? Severity.HIGH
                : absolute ? Severity.MEDIUM : Severity.LOW;
        double confidence = absolute ? 0.95 : 0.75;
        String explanation = (slow.size() == 1 ? "A reply" : slow.size() + " replies") + " took up to "
                + seconds(worst) + " s (" + Explain.messages(slow) + "); the conversation's median is "
                + seconds((long) median) + " s.";
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(), explanation,
                Fingerprints.of(type(), slow.get(0).id())));
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }
}
