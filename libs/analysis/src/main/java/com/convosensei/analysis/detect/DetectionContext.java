package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What detectors see: the conversation, its per-message sentiment, the shared text forms, the configuration and
 * the findings of detectors that ran earlier (abandonment looks at refusals/errors/loops).
 */
public final class DetectionContext {
    private final Conversation conversation;
    private final AnalysisConfig config;
    private final double[] sentiment;
    private final List<MessageText> texts;
    private final List<Finding> prior = new ArrayList<>();

    public DetectionContext(Conversation conversation, AnalysisConfig config, double[] sentiment) {
        this.conversation = conversation;
        this.config = config;
        this.sentiment = sentiment;
        List<Message> ms = conversation.messages();
        List<MessageText> t = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            t.add(new MessageText(ms.get(i), i));
        }
        this.texts = Collections.unmodifiableList(t);
    }

    public Conversation conversation() {
        return conversation;
    }

    public AnalysisConfig config() {
        return config;
    }

    public List<MessageText> texts() {
        return texts;
    }

    public double sentiment(int position) {
        return sentiment[position];
    }

    /** Findings of detectors that ran before the current one. */
    public List<Finding> priorFindings() {
        return Collections.unmodifiableList(prior);
    }

    /** Called by the analyzer after each detector. */
    public void addFindings(List<Finding> findings) {
        prior.addAll(findings);
    }

    /** The {@code n}th user message's position (0-based among user messages), or -1. */
    public int firstUserPosition() {
        for (MessageText t : texts) {
            if (t.message().isUser()) {
                return t.position();
            }
        }
        return -1;
    }
}
