package com.convosensei.processor.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The optional LLM judge. Runs after the rule-based scoring committed, detached from it: whatever happens here (off,
 * not sampled, endpoint down, nonsense answer) is logged and never touches or delays the rule-based results. Verdicts
 * go to {@code conversation_judgments}, beside (never instead of) the rule-based failures.
 */
@ApplicationScoped
public class JudgeService {

    private static final int MAX_MESSAGES = 400;

    private final JudgeConfig config;
    private final JudgeClient client;
    private final JudgeRepository repository;
    private final ObjectMapper mapper;
    private final AtomicInteger inFlight = new AtomicInteger();

    public JudgeService(JudgeConfig config, JudgeClient client, JudgeRepository repository, ObjectMapper mapper) {
        this.config = config;
        this.client = client;
        this.repository = repository;
        this.mapper = mapper;
    }

    /**
     * Starts judging in the background when the judge is on, the conversation is in the sample and, unless
     * {@code only-uncertain} is off, the analysis was unsure about it.
     */
    public void judgeLater(UUID conversationId, boolean uncertain) {
        if (!wanted(conversationId, uncertain)) {
            return;
        }
        if (inFlight.incrementAndGet() > config.maxConcurrent()) {
            inFlight.decrementAndGet();
            Log.debugf("judge busy: conversation %s not judged this time", conversationId);
            return;
        }
        judge(conversationId)
                .onTermination().invoke(inFlight::decrementAndGet)
                .subscribe().with(
                        id -> {
                            if (id != null) {
                                Log.debugf("judge stored verdict %s for conversation %s", id, conversationId);
                            }
                        },
                        e -> Log.warnf("LLM judge failed for conversation %s (rule-based results unaffected): %s",
                                conversationId, e.toString()));
    }

    /** Whether a conversation just scored goes to the judge at all (before the in-flight limit). */
    boolean wanted(UUID conversationId, boolean uncertain) {
        return config.active() && (uncertain || !config.onlyUncertain()) && sampled(conversationId, config.sampleRate());
    }

    /** Judges now (if due) and stores the verdict; emits the judgment id, or null when nothing was due. */
    public Uni<UUID> judge(UUID conversationId) {
        return repository.transcriptIfDue(conversationId, config.onlyEnded(), MAX_MESSAGES).chain(lines -> {
            if (lines == null || lines.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            return client.judge(transcript(lines, config.maxChars()))
                    .chain(v -> repository.store(conversationId, client.model(), v.failureTypes(), v.summary(),
                            json(v)));
        });
    }

    /** Deterministic sample: the same conversation is always in or always out for a given rate. */
    public static boolean sampled(UUID conversationId, double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(conversationId.toString().getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest, 0, 8).getLong() >>> 11; // 53 bits
            return bits / (double) (1L << 53) < rate;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "[i] role: content" lines; a long transcript keeps its first third and last two thirds. */
    static String transcript(List<JudgeRepository.Line> lines, int maxChars) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append('[').append(i).append("] ").append(lines.get(i).role()).append(": ")
                    .append(lines.get(i).content().replace('\n', ' ')).append('\n');
        }
        if (sb.length() <= maxChars) {
            return sb.toString();
        }
        int head = maxChars / 3;
        int tail = maxChars - head;
        return sb.substring(0, head) + "\n[... " + (sb.length() - maxChars) + " characters omitted ...]\n"
                + sb.substring(sb.length() - tail);
    }

    private String json(JudgeClient.Verdict v) {
        try {
            return mapper.writeValueAsString(mapper.createObjectNode().put("source", "llm").put("severity", v.severity())
                    .set("answer", v.raw()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
