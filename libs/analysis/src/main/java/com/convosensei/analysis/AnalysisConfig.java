package com.convosensei.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every threshold of the analysis in one place. {@link #defaults()} is what Sensei ships; the processor maps its
 * configuration onto these records. {@code now} is the clock used for the inactivity rule of abandonment: it is
 * passed in (never read from the system) so the same input always gives the same result. {@code now == null}
 * means "only trust the ended flag".
 */
public record AnalysisConfig(
        Instant now,
        double minConfidence,
        Frustration frustration,
        Refusal refusal,
        Escalation escalation,
        Repetition repetition,
        ErrorResponse errorResponse,
        Latency latency,
        Abandonment abandonment,
        Pii pii,
        Feedback feedback,
        Injection injection,
        Health health) {

    /** Findings below this confidence are dropped; for types the learned layer fuses, see ConversationAnalyzer. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    public static AnalysisConfig defaults() {
        return new AnalysisConfig(null, DEFAULT_MIN_CONFIDENCE, Frustration.defaults(), Refusal.defaults(), Escalation.defaults(),
                Repetition.defaults(), ErrorResponse.defaults(), Latency.defaults(), Abandonment.defaults(),
                Pii.defaults(), Feedback.defaults(), Injection.defaults(), Health.defaults());
    }

    public AnalysisConfig withNow(Instant newNow) {
        return new AnalysisConfig(newNow, minConfidence, frustration, refusal, escalation, repetition, errorResponse,
                latency, abandonment, pii, feedback, injection, health);
    }

    /**
     * Sentiment never makes a frustration finding (negative words are often about the topic); these only raise the
     * severity of a finding that phrases aimed at the assistant made.
     *
     * @param negativeThreshold   a flagged user message at or below this sentiment counts as negative
     * @param strongNegative      one flagged user message this negative raises severity
     * @param minNegativeMessages this many negative flagged user messages raise severity
     * @param dropThreshold       fall of user sentiment from first to last (flagged) user message that raises severity
     * @param minShoutingWords    ALL-CAPS words (3+ letters) in a message with a complaint that count as shouting
     */
    public record Frustration(double negativeThreshold, double strongNegative, int minNegativeMessages,
                              double dropThreshold, int minShoutingWords) {
        public static Frustration defaults() {
            return new Frustration(-0.4, -0.65, 2, 0.9, 2);
        }
    }

    /** @param highSeverityCount refusals in one conversation that make the finding high severity */
    public record Refusal(int highSeverityCount) {
        public static Refusal defaults() {
            return new Refusal(2);
        }
    }

    /** @param highSeverityCount requests for a human that make the finding high severity */
    public record Escalation(int highSeverityCount) {
        public static Escalation defaults() {
            return new Escalation(2);
        }
    }

    /**
     * @param assistantSimilarity   similarity (max of word-shingle and content-word Jaccard) at which two
     *                              assistant replies are "the same answer"
     * @param minAssistantRepeats   how many times the same answer must be given again to be a loop (1 = said twice)
     * @param minAssistantTokens    shorter assistant replies ("I don't know.") only count as a loop from their
     *                              third time, and only whole sentences this long count as repeated
     * @param userSimilarity        similarity at which two user messages ask "the same question"
     * @param minUserRephrasings    size of a group of same-question user messages that is a loop
     * @param minUserTokens         shorter user messages are ignored
     * @param shingleSize           word shingle length for the Jaccard part
     */
    public record Repetition(double assistantSimilarity, int minAssistantRepeats, int minAssistantTokens,
                             double userSimilarity, int minUserRephrasings, int minUserTokens, int shingleSize) {
        public static Repetition defaults() {
            return new Repetition(0.65, 1, 4, 0.45, 3, 3, 2);
        }
    }

    /** @param toolErrorsCount whether failing tool messages (role tool) count, not only assistant replies */
    public record ErrorResponse(boolean toolErrorsCount) {
        public static ErrorResponse defaults() {
            return new ErrorResponse(true);
        }
    }

    /**
     * @param absoluteMs       a reply slower than this is a spike
     * @param highMs           a reply slower than this is a high-severity spike
     * @param medianMultiplier a reply this many times the conversation's median reply time ...
     * @param minRelativeMs    ... and slower than this is a spike
     * @param minSamplesForMedian replies needed before the relative rule applies
     */
    public record Latency(long absoluteMs, long highMs, double medianMultiplier, long minRelativeMs,
                          int minSamplesForMedian) {
        public static Latency defaults() {
            return new Latency(10_000, 30_000, 3.0, 3_000, 3);
        }
    }

    /** @param inactivity a conversation without activity for this long counts as ended */
    public record Abandonment(Duration inactivity) {
        public static Abandonment defaults() {
            return new Abandonment(Duration.ofMinutes(30));
        }
    }

    /**
     * @param flagUserContactInfo     whether a user typing their own email, phone, street address or IP is a (low)
     *                                finding; default yes: the transcript stores it like any other personal data
     * @param allowedEmailLocalParts  role addresses an assistant may give out (support@..., billing@...)
     * @param allowedPhonePrefixes    digit prefixes of numbers an assistant may give out (toll-free hotlines)
     */
    public record Pii(boolean flagUserContactInfo, List<String> allowedEmailLocalParts,
                      List<String> allowedPhonePrefixes) {
        public static Pii defaults() {
            return new Pii(true,
                    List.of("support", "help", "helpdesk", "info", "billing", "sales", "noreply", "no-reply",
                            "contact", "hello", "team", "privacy", "security", "service", "care", "returns",
                            "orders", "customerservice", "customer-service", "feedback", "accounts", "admin"),
                    List.of("1800", "1888", "1877", "1866", "1855", "1844", "1833", "800", "888", "877", "866",
                            "855", "844", "833", "0800", "0808", "44800", "44808"));
        }
    }

    /**
     * @param maxNegativeRating a rating at or below this (on {@code ratingScale}) is negative
     * @param ratingScale       the scale ratings are assumed to use when the metadata does not say
     * @param maxDetractorNps   an NPS answer at or below this is negative
     */
    public record Feedback(double maxNegativeRating, double ratingScale, double maxDetractorNps) {
        public static Feedback defaults() {
            return new Feedback(2, 5, 6);
        }
    }

    /** @param scanToolMessages whether tool outputs (indirect injection) are scanned too */
    public record Injection(boolean scanToolMessages) {
        public static Injection defaults() {
            return new Injection(true);
        }
    }

    /**
     * Weights (sum 1) and knobs of the health score.
     *
     * @param typicalUserTurns user turns a conversation may take before efficiency drops
     * @param goodLatencyMs    replies at or under this are perfect for responsiveness
     * @param badLatencyMs     replies at or over this score zero for responsiveness
     * @param criticalCap      the overall score can be at most this with a critical failure
     * @param highCap          ... and at most this with a high-severity failure
     * @param compoundCap      ... and at most this with two medium-or-worse failures one of which is high, or
     *                         three medium-or-worse failures: several things going wrong at once is poor
     */
    public record Health(double sentimentWeight, double failuresWeight, double resolutionWeight,
                         double efficiencyWeight, double responsivenessWeight, int typicalUserTurns,
                         long goodLatencyMs, long badLatencyMs, double criticalCap, double highCap,
                         double compoundCap) {
        public static Health defaults() {
            return new Health(0.25, 0.30, 0.20, 0.10, 0.15, 6, 3_000, 30_000, 45, 70, 45);
        }

        public Health {
            double sum = sentimentWeight + failuresWeight + resolutionWeight + efficiencyWeight + responsivenessWeight;
            if (Math.abs(sum - 1.0) > 1e-6) {
                throw new IllegalArgumentException("health weights must sum to 1, got " + sum);
            }
        }
    }
}
