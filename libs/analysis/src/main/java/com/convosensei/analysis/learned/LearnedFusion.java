package com.convosensei.analysis.learned;

import com.convosensei.analysis.Finding;
import com.convosensei.analysis.detect.Excerpts;
import com.convosensei.analysis.detect.Explain;
import com.convosensei.analysis.detect.Fingerprints;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Merges a rule detector's findings with the model's per-message probability into one calibrated probability per
 * message ({@link Calibration}); the conversation has the failure when its highest probability reaches the
 * threshold. A rule hit the calibration does not confirm is dropped when the message is long enough for the model
 * to judge; a message the model flags without a rule hit
 * becomes a finding of its own, with the model's probability in the reason. Messages that are not English keep
 * only what the rule found, at lower confidence, since the model cannot read them.
 */
public final class LearnedFusion {

    /** Per type: which message role the head reads, and how the model-only reason reads. */
    public enum Head {
        AGENT_REFUSAL(FailureType.AGENT_REFUSAL, "the assistant's reply reads like a refusal"),
        ERROR_RESPONSE(FailureType.ERROR_RESPONSE, "the reply reads like a failure to do what was asked"),
        PROMPT_INJECTION(FailureType.PROMPT_INJECTION, "the message reads like an attempt to override the assistant's instructions"),
        ESCALATION_REQUEST(FailureType.ESCALATION_REQUEST, "the user asks to be passed to a person");

        final FailureType type;
        final String reason;

        Head(FailureType type, String reason) {
            this.type = type;
            this.reason = reason;
        }

        public static Head of(FailureType type) {
            for (Head h : values()) {
                if (h.type == type) {
                    return h;
                }
            }
            return null;
        }

        double probability(MessageSignals s) {
            return switch (this) {
                case AGENT_REFUSAL -> s.refusal();
                case ERROR_RESPONSE -> s.error();
                case PROMPT_INJECTION -> s.injection();
                case ESCALATION_REQUEST -> s.escalation();
            };
        }
    }

    /**
     * The heads learned mostly from long answers (xstest's are paragraphs); on a message shorter than this the rule's
     * exact phrase is the better evidence either way.
     */
    static final int MIN_TOKENS_TO_OVERRULE = StaticEmbedder.PREFIX_TOKENS;

    /** How much of a rule finding's confidence is kept for a message the model cannot read. */
    static final double NOT_ENGLISH_FACTOR = 0.7;

    private LearnedFusion() {
    }

    /**
     * What a message's calibrated probability counts for at {@code threshold}. On a short message the rule decides
     * and the model only sets the confidence ("I'm sorry." alone is nothing to go on); on a longer one a rule hit
     * counts as calibrated, and without a rule hit the model must reach {@link #MODEL_ONLY_MIN}.
     */
    public static double decisionScore(double p, boolean ruleHit, boolean shortMessage, double threshold) {
        if (ruleHit) {
            return shortMessage ? Math.max(p, threshold) : p;
        }
        return p >= MODEL_ONLY_MIN && !shortMessage ? p : 0;
    }

    private static boolean explainedBefore(Head head, Message m, List<Finding> prior) {
        return head == Head.ERROR_RESPONSE
                && prior.stream().anyMatch(f -> f.type() == FailureType.AGENT_REFUSAL && f.mentions(m.id()));
    }

    private static Set<Integer> ruleHits(List<Finding> ruleFindings) {
        Set<Integer> hits = new HashSet<>();
        for (Finding f : ruleFindings) {
            for (Evidence e : f.evidence()) {
                if (e.messageIndex() != null) {
                    hits.add(e.messageIndex());
                }
            }
        }
        return hits;
    }

    /** "Asked twice (messages 3, 5)." + note = "Asked twice (messages 3, 5; model agrees, 0.91)." */
    static String withNote(String explanation, String note) {
        String e = explanation.strip();
        if (e.endsWith(").")) {
            return e.substring(0, e.length() - 2) + "; " + note + ").";
        }
        return (e.endsWith(".") ? e.substring(0, e.length() - 1) : e) + " (" + note + ").";
    }

    /**
     * What fusion decided for one type: the findings, and the highest calibrated probability over the messages the
     * head reads (0 when none), before the decision rules: how close a conversation without a finding came.
     */
    public record Fused(List<Finding> findings, double highest) {
    }

    /**
     * Without a rule hit the model alone must be at least this sure: the rules hold the exceptions (identity
     * questions, empathy, quoted text) that a bag of words cannot see.
     */
    static final double MODEL_ONLY_MIN = 0.5;

    /**
     * @param prior findings of detectors that ran before; a message already explained by a refusal is not also
     *              made an error by the model alone ("Sorry, I can't help with that" reads like both)
     */
    public static Fused fuse(Head head, Calibration cal, List<Message> ms, MessageSignals[] signals,
                             List<Finding> ruleFindings, List<Finding> prior) {
        Set<Integer> ruleHits = ruleHits(ruleFindings);
        // per message: what its calibrated probability counts for (decisionScore); NaN where the head does not apply
        double[] p = new double[ms.size()];
        double highest = 0;
        for (int i = 0; i < ms.size(); i++) {
            double pm = signals[i] == null ? Double.NaN : head.probability(signals[i]);
            boolean hit = ruleHits.contains(ms.get(i).index());
            if (Double.isNaN(pm)) {
                p[i] = Double.NaN;
                continue;
            }
            double calibrated = cal.probability(pm, hit);
            highest = Math.max(highest, calibrated);
            p[i] = decisionScore(calibrated, hit, signals[i].tokens() < MIN_TOKENS_TO_OVERRULE, cal.threshold());
        }
        double best = 0;
        int bestAt = -1;
        List<Message> flagged = new ArrayList<>();
        boolean unreadRuleHit = false;
        for (int i = 0; i < ms.size(); i++) {
            if (Double.isNaN(p[i])) {
                unreadRuleHit |= ruleHits.contains(ms.get(i).index()) && signals[i] != null && !signals[i].english();
                continue;
            }
            if (!ruleHits.contains(ms.get(i).index()) && explainedBefore(head, ms.get(i), prior)) {
                continue;
            }
            if (p[i] >= cal.threshold()) {
                flagged.add(ms.get(i));
            }
            if (p[i] > best) {
                best = p[i];
                bestAt = i;
            }
        }
        if (flagged.isEmpty()) {
            if (unreadRuleHit && !ruleFindings.isEmpty()) {
                return new Fused(ruleFindings.stream().map(f -> new Finding(f.type(), f.severity(),
                        f.confidence() * NOT_ENGLISH_FACTOR, f.evidence(),
                        f.explanation() + " The message is not in English, so only the wording rule checked it.",
                        f.fingerprint())).toList(), highest);
            }
            return new Fused(List.of(), highest);
        }
        double confidence = best;
        String bestId = ms.get(bestAt).id();
        String score = String.format(Locale.ROOT, "model %.2f", best);
        // on a short message the rule decides, and the model may have disagreed: say which
        boolean modelAgreed = p[bestAt] > cal.threshold() || signals[bestAt].tokens() >= MIN_TOKENS_TO_OVERRULE;
        String note = modelAgreed ? String.format(Locale.ROOT, "model agrees, %.2f", best)
                : "the wording decides on a short message";
        if (ruleFindings.stream().anyMatch(f -> f.mentions(bestId))) {
            return new Fused(ruleFindings.stream().map(f -> new Finding(f.type(), f.severity(), confidence,
                    f.evidence(), withNote(f.explanation(), note), f.fingerprint())).toList(), highest);
        }
        List<Evidence> evidence = flagged.stream().limit(5).map(Excerpts::of).toList();
        Severity severity = head == Head.PROMPT_INJECTION ? Severity.HIGH : Severity.MEDIUM;
        String explanation = score + ": " + head.reason + " (" + Explain.messages(flagged.stream().limit(5).toList()) + ").";
        return new Fused(List.of(new Finding(head.type, severity, best, evidence, explanation,
                Fingerprints.of(head.type, flagged.get(0).id()))), highest);
    }
}
