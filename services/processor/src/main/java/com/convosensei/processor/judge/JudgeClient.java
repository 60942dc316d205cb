package com.convosensei.processor.judge;

import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks an OpenAI-compatible {@code /v1/chat/completions} endpoint (JSON response format) to classify a conversation
 * transcript into Sensei's failure types and summarise it.
 */
@ApplicationScoped
public class JudgeClient {

    /** The judge's answer, reduced to known failure types; {@code raw} is the model's whole JSON answer. */
    public record Verdict(List<String> failureTypes, String severity, String summary, JsonNode raw) {
    }

    /** The endpoint answered something that is not the JSON object we asked for. */
    public static class UnreadableVerdictException extends RuntimeException {
        public UnreadableVerdictException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final String SYSTEM_PROMPT = """
            You review a conversation between a user and an AI assistant and judge whether it failed the user.
            Answer with one JSON object and nothing else:
            {"failure_types": [...], "severity": "low" | "medium" | "high" | "critical" | null, "summary": "..."}
            failure_types: zero or more of %s. Use [] when the conversation went well.
            severity: how bad the worst failure is for the user (null when there is none).
            summary: one or two sentences on what the user wanted and whether they got it.""";

    private final JudgeConfig config;
    private final ObjectMapper mapper;
    private volatile JudgeRestClient rest;

    public JudgeClient(JudgeConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    public String model() {
        return config.model().orElse("");
    }

    public Uni<Verdict> judge(String transcript) {
        ObjectNode request = mapper.createObjectNode();
        request.put("model", model());
        request.put("temperature", 0);
        request.putObject("response_format").put("type", "json_object");
        ArrayNode messages = request.putArray("messages");
        String types = Arrays.stream(FailureType.values()).map(FailureType::wire).collect(Collectors.joining(", "));
        messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT.formatted(types));
        messages.addObject().put("role", "user").put("content", transcript);
        String auth = config.apiKey().filter(k -> !k.isBlank()).map(k -> "Bearer " + k).orElse(null);
        return client().complete(auth, request).map(this::verdict);
    }

    Verdict verdict(JsonNode response) {
        String content = response.path("choices").path(0).path("message").path("content").asText(null);
        if (content == null) {
            throw new UnreadableVerdictException("the answer has no choices[0].message.content", null);
        }
        JsonNode answer;
        try {
            answer = mapper.readTree(stripFences(content));
        } catch (Exception e) {
            throw new UnreadableVerdictException("the model's answer is not JSON", e);
        }
        if (!answer.isObject()) {
            throw new UnreadableVerdictException("the model's answer is not a JSON object", null);
        }
        List<String> failureTypes = new ArrayList<>();
        for (JsonNode t : answer.path("failure_types")) {
            FailureType.fromWire(t.asText("").strip().toLowerCase()).map(FailureType::wire)
                    .filter(w -> !failureTypes.contains(w)).ifPresent(failureTypes::add);
        }
        String severity = Severity.fromWire(answer.path("severity").asText("").toLowerCase()).map(Severity::wire).orElse(null);
        String summary = answer.path("summary").isTextual() ? answer.path("summary").asText() : null;
        return new Verdict(failureTypes, severity, summary, answer);
    }

    /** Some models wrap JSON in a Markdown code fence even when asked not to. */
    static String stripFences(String content) {
        String s = content.strip();
        if (s.startsWith("```")) {
            int start = s.indexOf('\n');
            int end = s.lastIndexOf("```");
            if (start > 0 && end > start) {
                return s.substring(start + 1, end).strip();
            }
        }
        return s;
    }

    private JudgeRestClient client() {
        JudgeRestClient c = rest;
        if (c == null) {
            synchronized (this) {
                if (rest == null) {
                    rest = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(URI.create(v1(config.baseUrl().orElseThrow())))
                            .connectTimeout(Math.min(10_000, config.timeout().toMillis()), TimeUnit.MILLISECONDS)
                            .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                            .build(JudgeRestClient.class);
                }
                c = rest;
            }
        }
        return c;
    }

    /** {@code https://host} and {@code https://host/v1} both mean the OpenAI API root {@code https://host/v1}. */
    static String v1(String baseUrl) {
        String b = baseUrl.strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b.endsWith("/v1") ? b : b + "/v1";
    }
}
