package com.convosensei.analysis;

import com.convosensei.analysis.detect.AbandonmentDetector;
import com.convosensei.analysis.detect.AgentRefusalDetector;
import com.convosensei.analysis.detect.DetectionContext;
import com.convosensei.analysis.detect.ErrorResponseDetector;
import com.convosensei.analysis.detect.EscalationRequestDetector;
import com.convosensei.analysis.detect.FailureDetector;
import com.convosensei.analysis.detect.LatencySpikeDetector;
import com.convosensei.analysis.detect.NegativeFeedbackDetector;
import com.convosensei.analysis.detect.PiiExposureDetector;
import com.convosensei.analysis.detect.PromptInjectionDetector;
import com.convosensei.analysis.detect.RepetitionLoopDetector;
import com.convosensei.analysis.detect.UserFrustrationDetector;
import com.convosensei.analysis.health.HealthScorer;
import com.convosensei.analysis.health.HealthScorerV2;
import com.convosensei.analysis.learned.Calibration;
import com.convosensei.analysis.learned.LearnedFusion;
import com.convosensei.analysis.learned.LearnedModel;
import com.convosensei.analysis.learned.MessageSignals;
import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.sentiment.SentimentAnalyzer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one entry point: sentiment per message, failure findings, health. Pure, deterministic, thread-safe.
 * Detectors run in a fixed order; abandonment runs last because it reads the others' findings.
 */
public final class ConversationAnalyzer {

    private static final List<FailureDetector> DETECTORS = List.of(
            new UserFrustrationDetector(),
            new PromptInjectionDetector(), // before refusals: declining an injection attempt is not a failure
            new AgentRefusalDetector(),
            new EscalationRequestDetector(),
            new RepetitionLoopDetector(),
            new ErrorResponseDetector(),
            new LatencySpikeDetector(),
            new PiiExposureDetector(),
            new NegativeFeedbackDetector(),
            new AbandonmentDetector());

    private ConversationAnalyzer() {
    }

    public static List<FailureDetector> detectors() {
        return DETECTORS;
    }

    /** Analysis with the learned layer (health-v2). */
    public static AnalysisResult analyze(Conversation conversation, AnalysisConfig config) {
        return analyze(conversation, config, LearnedModel.shared());
    }

    /**
     * {@code model == null} is the rules-only analysis of health-v1 (lexicon sentiment, rule findings, capped
     * health); with a model, sentiment and the text detectors' findings come from the calibrated rule + model
     * probability, and health is health-v2.
     */
    public static AnalysisResult analyze(Conversation conversation, AnalysisConfig config, LearnedModel model) {
        List<Message> ms = conversation.messages();
        MessageSignals[] signals = new MessageSignals[ms.size()];
        double[] sentiment = new double[ms.size()];
        List<Double> perMessage = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            Message m = ms.get(i);
            signals[i] = signalsOf(m, model);
            sentiment[i] = sentiment(m, signals[i]);
            perMessage.add(sentiment[i]);
        }
        SentimentStats stats = stats(ms, sentiment);

        DetectionContext ctx = new DetectionContext(conversation, config, sentiment);
        List<Finding> findings = new ArrayList<>();
        List<FailureType> uncertain = new ArrayList<>();
        for (FailureDetector d : DETECTORS) {
            List<Finding> found = d.detect(ctx);
            LearnedFusion.Head head = LearnedFusion.Head.of(d.type());
            Calibration cal = model == null || head == null ? null : model.calibration(d.type());
            // a fused type's calibrated threshold stands for the default minimum; a stricter setting shifts it
            double min = config.minConfidence();
            if (cal != null) {
                LearnedFusion.Fused fused = LearnedFusion.fuse(head, cal, ms, signals, found, ctx.priorFindings());
                found = fused.findings();
                if (found.isEmpty() && fused.highest() >= cal.uncertainLow()) {
                    uncertain.add(d.type());
                }
                min = cal.threshold() + Math.max(0, config.minConfidence() - AnalysisConfig.DEFAULT_MIN_CONFIDENCE);
            }
            List<Finding> kept = new ArrayList<>(found.size());
            for (Finding f : found) {
                if (f.confidence() >= min) {
                    kept.add(f);
                }
            }
            ctx.addFindings(kept);
            findings.addAll(kept);
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(f -> f.type().ordinal()));
        HealthBreakdown health = model == null
                ? HealthScorer.score(conversation, sentiment, stats, findings, config)
                : HealthScorerV2.score(conversation, sentiment, stats, findings, signals, model, config);
        return new AnalysisResult(perMessage, stats, findings, health, uncertain);
    }

    /**
     * The sentiment {@link #analyze(Conversation, AnalysisConfig)} gives one message, which depends on that message
     * alone (its role and text): the processor stores it with the message at ingest, so scoring finds it already
     * written. -1..1, three decimals; 0 for system and tool messages.
     */
    public static double messageSentiment(Message m) {
        return sentiment(m, signalsOf(m, LearnedModel.shared()));
    }

    /** The learned layer's signals of a user, assistant or tool message; null without a model or for system ones. */
    private static MessageSignals signalsOf(Message m, LearnedModel model) {
        return model != null && (m.isUser() || m.isAssistant() || m.isTool()) ? model.signals(m) : null;
    }

    private static double sentiment(Message m, MessageSignals signals) {
        if (signals != null) {
            return round3(m.isTool() ? 0 : signals.sentiment());
        }
        return round3(m.isUser() || m.isAssistant() ? SentimentAnalyzer.shared().score(m.content()) : 0);
    }

    /** Stats over user messages (all scored messages if the user said nothing). */
    static SentimentStats stats(List<Message> ms, double[] sentiment) {
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).isUser()) {
                xs.add(sentiment[i]);
            }
        }
        if (xs.isEmpty()) {
            for (int i = 0; i < ms.size(); i++) {
                if (ms.get(i).isAssistant()) {
                    xs.add(sentiment[i]);
                }
            }
        }
        if (xs.isEmpty()) {
            return SentimentStats.EMPTY;
        }
        int n = xs.size();
        double sum = 0;
        double min = Double.MAX_VALUE;
        for (double x : xs) {
            sum += x;
            min = Math.min(min, x);
        }
        double avg = sum / n;
        double trend = 0;
        if (n >= 2) {
            double mx = (n - 1) / 2.0;
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++) {
                num += (i - mx) * (xs.get(i) - avg);
                den += (i - mx) * (i - mx);
            }
            trend = Math.max(-2, Math.min(2, num / den * (n - 1)));
        }
        return new SentimentStats(round3(avg), round3(min), round3(xs.get(n - 1)), round3(trend));
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
