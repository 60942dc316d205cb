package com.convosensei.dashboard.service;

import com.convosensei.analysis.pii.PiiScanner;
import com.convosensei.contracts.conversation.FeedbackView;
import com.convosensei.contracts.conversation.MessageView;
import com.convosensei.platform.json.JsonStrings;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the dashboard shows of stored text by default: personal data intake did not redact (emails, phones,
 * addresses... — cards, IBANs and national ids are tokens already) masked by the analysis library's scanner
 * ({@code j***@example.com}, {@code +44 **** ***123}). Admins can ask for the clear transcript ({@code reveal=true}),
 * which is audited.
 */
public final class TranscriptMasking {

    private TranscriptMasking() {
    }

    public static MessageView mask(MessageView m) {
        String content = m.content() == null ? null : PiiScanner.mask(m.content());
        JsonNode metadata = mask(m.metadata());
        if (content == m.content() && metadata == m.metadata()) {
            return m;
        }
        return new MessageView(m.id(), m.externalId(), m.role(), content, m.timestamp(), metadata, m.latencyMs(),
                m.tokens(), m.sentimentScore());
    }

    /** A feedback comment is customer text: masked like a message. */
    public static FeedbackView mask(FeedbackView f) {
        String comment = mask(f.comment());
        return comment == f.comment() ? f : new FeedbackView(f.id(), f.kind(), f.value(), f.polarity(), comment,
                f.messageId(), f.userId(), f.givenAt(), f.source());
    }

    public static String mask(String text) {
        return text == null ? null : PiiScanner.mask(text);
    }

    /** Metadata string values masked (a copy when any changed). */
    static JsonNode mask(JsonNode node) {
        return JsonStrings.mapStrings(node, PiiScanner::mask);
    }
}
