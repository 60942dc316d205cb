package com.convosensei.analysis;

import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test builder: {@code Convs.of().user("hi").bot("hello").ended()}; message ids are "m0", "m1", ...
 * {@code analyze()} runs the learned layer (health-v2), {@code analyzeRulesOnly()} the rules alone (health-v1).
 */
public final class Convs {
    private final List<Message> messages = new ArrayList<>();
    private boolean ended;
    private Instant lastActivity;
    private Map<String, Object> metadata = Map.of();
    private final List<com.convosensei.analysis.model.Feedback> feedback = new ArrayList<>();
    private Instant clock = Instant.parse("2025-03-03T10:00:00Z");

    public static Convs of() {
        return new Convs();
    }

    public Convs user(String text) {
        return add(Message.USER, text, null, Map.of());
    }

    public Convs user(String text, Map<String, Object> md) {
        return add(Message.USER, text, null, md);
    }

    public Convs bot(String text) {
        return add(Message.ASSISTANT, text, 1200, Map.of());
    }

    public Convs bot(String text, Integer latencyMs) {
        return add(Message.ASSISTANT, text, latencyMs, Map.of());
    }

    public Convs bot(String text, Map<String, Object> md) {
        return add(Message.ASSISTANT, text, 1200, md);
    }

    public Convs tool(String text, Map<String, Object> md) {
        return add(Message.TOOL, text, null, md);
    }

    public Convs add(String role, String text, Integer latencyMs, Map<String, Object> md) {
        clock = clock.plusSeconds(20);
        messages.add(new Message("m" + messages.size(), messages.size(), role, text, clock, latencyMs, md));
        return this;
    }

    public Convs ended() {
        this.ended = true;
        return this;
    }

    public Convs lastActivity(Instant at) {
        this.lastActivity = at;
        return this;
    }

    public Convs metadata(Map<String, Object> md) {
        this.metadata = md;
        return this;
    }

    /** Explicit API feedback: thumbs (-1/1) on a message id (null: the conversation). */
    public Convs thumbs(String messageId, int value, String comment) {
        feedback.add(new com.convosensei.analysis.model.Feedback(messageId, value, "thumbs", value, comment,
                clock.plusSeconds(5)));
        return this;
    }

    /** Explicit API feedback: a 1-5 rating (polarity as the feedback table computes it). */
    public Convs rating(String messageId, int value, String comment) {
        feedback.add(new com.convosensei.analysis.model.Feedback(messageId, value <= 2 ? -1 : value >= 4 ? 1 : 0,
                "rating", value, comment, clock.plusSeconds(5)));
        return this;
    }

    public Instant clock() {
        return clock;
    }

    public Conversation build() {
        return new Conversation("c1", ended, lastActivity != null ? lastActivity : clock, messages, metadata, feedback);
    }

    public AnalysisResult analyze() {
        return ConversationAnalyzer.analyze(build(), AnalysisConfig.defaults());
    }

    public AnalysisResult analyze(AnalysisConfig cfg) {
        return ConversationAnalyzer.analyze(build(), cfg);
    }

    /** The rules-only analysis (no learned layer, health-v1). */
    public AnalysisResult analyzeRulesOnly() {
        return analyzeRulesOnly(AnalysisConfig.defaults());
    }

    public AnalysisResult analyzeRulesOnly(AnalysisConfig cfg) {
        return ConversationAnalyzer.analyze(build(), cfg, null);
    }
}
