package com.convosensei.ingestion.redaction;

import com.convosensei.analysis.pii.PiiKind;
import com.convosensei.analysis.pii.PiiTokens;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.platform.json.JsonStrings;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Redaction at intake: the configured kinds of personal data in message content, in metadata string values and in
 * feedback comments are
 * replaced by stable keyed tokens ({@code [card:3f9a1c2e]}, see {@link PiiTokens}) before the event is streamed, so
 * the clear value is never in Redis, PostgreSQL, search or alerts. Detection is the analysis library's
 * ({@code PiiScanner}: Luhn, mod-97, SSN ranges), the same that scores the pii_exposure failure, which still fires on
 * tokens. Ids (conversation, user, message) are not rewritten: they are keys, not text.
 */
@ApplicationScoped
public class Redaction {

    /** Used when no secret is configured: fine for a laptop, brute-forceable anywhere else. */
    static final String DEVELOPMENT_SECRET = "sensei-development-redaction-secret";

    private final Set<PiiKind> kinds;
    private final PiiTokens tokens;

    public Redaction(RedactionConfig config) {
        this.kinds = parseKinds(config.kinds());
        String secret = config.secret().filter(s -> !s.isBlank()).orElse(null);
        if (secret == null) {
            if (!kinds.isEmpty()) {
                Log.warn("SENSEI_PRIVACY_SECRET is not set: redaction tokens use a built-in development secret; set"
                        + " the same secret on every ingestion replica in production");
            }
            secret = DEVELOPMENT_SECRET;
        }
        this.tokens = new PiiTokens(secret);
        Log.infof("redaction at intake: %s", kinds.isEmpty() ? "off"
                : kinds.stream().map(PiiKind::tokenName).collect(Collectors.joining(",")));
    }

    /** {@code card,iban,national_id}, {@code none}; an unknown name stops the start with the list of valid ones. */
    public static Set<PiiKind> parseKinds(String value) {
        Set<PiiKind> out = EnumSet.noneOf(PiiKind.class);
        for (String part : value.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) {
                continue;
            }
            PiiKind kind = PiiKind.fromTokenName(name);
            if (kind == null) {
                throw new IllegalArgumentException("SENSEI_REDACT: unknown kind '" + name + "'; use none or any of "
                        + java.util.Arrays.stream(PiiKind.values()).map(PiiKind::tokenName).collect(Collectors.joining(",")));
            }
            out.add(kind);
        }
        return out;
    }

    public Set<PiiKind> kinds() {
        return kinds;
    }

    /** The request with its content and metadata strings redacted; the same instance when nothing matched. */
    public TrackRequest apply(TrackRequest r) {
        if (kinds.isEmpty()) {
            return r;
        }
        boolean changed = false;
        List<TrackMessage> messages = new ArrayList<>(r.messages().size());
        for (TrackMessage m : r.messages()) {
            String content = tokens.redact(m.content(), kinds);
            JsonNode metadata = redact(m.metadata());
            if (content != m.content() || metadata != m.metadata()) {
                changed = true;
                m = new TrackMessage(m.id(), m.role(), content, m.timestamp(), metadata, m.latencyMs(), m.tokens());
            }
            messages.add(m);
        }
        JsonNode metadata = redact(r.metadata());
        if (!changed && metadata == r.metadata()) {
            return r;
        }
        return new TrackRequest(r.conversationId(), r.environment(), r.userId(), metadata, List.copyOf(messages),
                r.ended());
    }

    /** The feedback with its comment redacted (a comment is user text like a message); the same instance when clean. */
    public FeedbackRequest apply(FeedbackRequest f) {
        if (kinds.isEmpty() || f.comment() == null) {
            return f;
        }
        String comment = tokens.redact(f.comment(), kinds);
        return comment == f.comment() ? f : new FeedbackRequest(f.conversationId(), f.environment(), f.messageId(),
                f.userId(), f.kind(), f.value(), comment, f.timestamp());
    }

    /** A copy with string values redacted when any changed; the same node otherwise. Keys stay as sent. */
    private JsonNode redact(JsonNode node) {
        return JsonStrings.mapStrings(node, text -> tokens.redact(text, kinds));
    }
}
