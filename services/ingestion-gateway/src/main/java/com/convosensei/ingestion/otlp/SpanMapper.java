package com.convosensei.ingestion.otlp;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the spans of one OTLP export into conversations in the track request's JSON shape (one per GenAI span, then
 * validated like any track request), plus feedback from {@code gen_ai.evaluation.result} events. Every convention it
 * reads, with an example, is in docs/otlp.md; in short:
 * <ul>
 *   <li>conversation id: {@code gen_ai.conversation.id}, {@code session.id}, {@code ai.telemetry.metadata.sessionId},
 *   then the attribute named in the API key's settings; span attributes before resource attributes;</li>
 *   <li>messages: {@code gen_ai.input.messages}/{@code gen_ai.output.messages}, else the {@code gen_ai.*.message} /
 *   {@code gen_ai.choice} events, else {@code gen_ai.prompt.N.*}/{@code gen_ai.completion.N.*}, else
 *   {@code llm.input_messages.N.message.*}/{@code llm.output_messages.N.message.*};</li>
 *   <li>input messages at the span's start, output messages at its end (plus i microseconds, so order is stable).</li>
 * </ul>
 * Each LLM call re-sends the conversation so far, at another span's start time, so message ids are derived from what
 * does not move: {@link #messageId}.
 */
@ApplicationScoped
public class SpanMapper {

    /** Span (or resource) attributes naming the conversation, in the order they are tried. */
    static final List<String> CONVERSATION_ATTRIBUTES =
            List.of("gen_ai.conversation.id", "session.id", "ai.telemetry.metadata.sessionId");
    static final List<String> USER_ATTRIBUTES = List.of("user.id", "enduser.id");
    static final List<String> ENVIRONMENT_ATTRIBUTES = List.of("deployment.environment.name", "deployment.environment");
    /** {@code gen_ai.evaluation.name} values taken as user feedback (see {@link #feedback}). */
    static final Set<String> FEEDBACK_EVALUATIONS = Set.of("user_feedback", "thumbs", "rating");
    static final String EVALUATION_EVENT = "gen_ai.evaluation.result";

    private static final Pattern LEGACY_PROMPT = Pattern.compile("gen_ai\\.(prompt|completion)\\.(\\d+)\\.(role|content)");
    private static final Pattern OPENINFERENCE =
            Pattern.compile("llm\\.(input|output)_messages\\.(\\d+)\\.message\\.(role|content)");
    private static final Map<String, String> ROLE_ALIASES = Map.of("developer", "system", "human", "user",
            "ai", "assistant", "model", "assistant", "function", "tool", "ipython", "tool");
    private static final Map<String, String> EVENT_ROLES = Map.of("gen_ai.system.message", "system",
            "gen_ai.user.message", "user", "gen_ai.assistant.message", "assistant", "gen_ai.tool.message", "tool");

    /** A conversation built from one span; {@code span} names it in rejection reasons. */
    public record Conversation(ObjectNode body, String span) {
    }

    /** Feedback read from one span's evaluation event, or why it could not be read. */
    public record Feedback(FeedbackRequest request, String span, String problem) {
    }

    /**
     * @param conversations one per GenAI span that had an id and messages
     * @param ignoredSpans  spans that are not GenAI calls (no GenAI attributes or events) or carry no messages
     * @param rejected      span → reason, for GenAI spans that cannot become a conversation
     */
    public record Result(List<Conversation> conversations, List<Feedback> feedback, int ignoredSpans,
                         Map<String, String> rejected, int totalSpans) {
    }

    private final ObjectMapper mapper;

    public SpanMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param keyConversationAttribute the API key's own conversation-id attribute, or null */
    public Result map(ExportTraceServiceRequest export, String keyConversationAttribute) {
        List<Conversation> conversations = new ArrayList<>();
        List<Feedback> feedback = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        int ignored = 0;
        int total = 0;
        for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
            Map<String, AnyValue> resource = attributes(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    total++;
                    String ref = ref(span);
                    Map<String, AnyValue> attrs = attributes(span.getAttributesList());
                    String conversationId = conversationId(attrs, resource, keyConversationAttribute);
                    String environment = first(ENVIRONMENT_ATTRIBUTES, attrs, resource);
                    String userId = first(USER_ATTRIBUTES, attrs, resource);
                    boolean hasFeedback = false;
                    for (Span.Event event : span.getEventsList()) {
                        if (EVALUATION_EVENT.equals(event.getName())) {
                            Feedback item = feedback(event, conversationId, environment, userId, ref);
                            if (item != null) {
                                feedback.add(item);
                                hasFeedback = true;
                            }
                        }
                    }
                    if (!isGenAi(span, attrs)) {
                        ignored++;
                        continue;
                    }
                    List<ObjectNode> messages;
                    try {
                        messages = conversationId == null ? List.of() : messages(span, attrs, conversationId);
                    } catch (UnreadableAttribute e) {
                        rejected.put(ref, e.getMessage());
                        continue;
                    }
                    if (conversationId == null) {
                        if (hasAnyMessage(span, attrs)) {
                            rejected.put(ref, "no conversation id: set the span or resource attribute "
                                    + "gen_ai.conversation.id (or session.id, ai.telemetry.metadata.sessionId"
                                    + (keyConversationAttribute == null ? "" : ", " + keyConversationAttribute)
                                    + ")");
                        } else if (!hasFeedback) {
                            ignored++;
                        }
                        continue;
                    }
                    if (messages.isEmpty()) {
                        ignored++;
                        continue;
                    }
                    ObjectNode body = mapper.createObjectNode();
                    body.put("conversation_id", conversationId);
                    if (environment != null) {
                        body.put("environment", environment);
                    }
                    if (userId != null) {
                        body.put("user_id", userId);
                    }
                    ObjectNode metadata = body.putObject("metadata");
                    metadata.put("source", "otlp");
                    String service = text(resource.get("service.name"));
                    if (service != null) {
                        metadata.put("service_name", service);
                    }
                    ArrayNode list = body.putArray("messages");
                    messages.forEach(list::add);
                    conversations.add(new Conversation(body, ref));
                }
            }
        }
        return new Result(conversations, feedback, ignored, rejected, total);
    }

    // --- conversation, environment, user -------------------------------------------------------------------------

    private static String conversationId(Map<String, AnyValue> attrs, Map<String, AnyValue> resource,
                                         String keyAttribute) {
        String id = first(CONVERSATION_ATTRIBUTES, attrs, resource);
        if (id == null && keyAttribute != null && !keyAttribute.isBlank()) {
            id = first(List.of(keyAttribute), attrs, resource);
        }
        return id;
    }

    private static String first(List<String> names, Map<String, AnyValue> attrs, Map<String, AnyValue> resource) {
        for (String name : names) {
            String value = text(attrs.get(name));
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        for (String name : names) {
            String value = text(resource.get(name));
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** A GenAI call: any attribute or event in the GenAI, OpenInference or Vercel AI SDK namespaces. */
    private static boolean isGenAi(Span span, Map<String, AnyValue> attrs) {
        for (String key : attrs.keySet()) {
            if (key.startsWith("gen_ai.") || key.startsWith("llm.") || key.startsWith("ai.")
                    || key.startsWith("openinference.")) {
                return true;
            }
        }
        for (Span.Event event : span.getEventsList()) {
            if (event.getName().startsWith("gen_ai.") && !EVALUATION_EVENT.equals(event.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAnyMessage(Span span, Map<String, AnyValue> attrs) {
        for (String key : attrs.keySet()) {
            if (key.equals("gen_ai.input.messages") || key.equals("gen_ai.output.messages")
                    || LEGACY_PROMPT.matcher(key).matches() || OPENINFERENCE.matcher(key).matches()) {
                return true;
            }
        }
        for (Span.Event event : span.getEventsList()) {
            if (EVENT_ROLES.containsKey(event.getName()) || event.getName().equals("gen_ai.choice")) {
                return true;
            }
        }
        return false;
    }

    // --- messages ---------------------------------------------------------------------------------------------------

    /** A message before it gets its id and timestamp. */
    private record Draft(String role, String content) {
    }

    private List<ObjectNode> messages(Span span, Map<String, AnyValue> attrs, String conversationId) {
        List<Draft> input = new ArrayList<>();
        List<Draft> output = new ArrayList<>();
        readSemconvMessages(attrs, input, output);
        if (input.isEmpty() && output.isEmpty()) {
            readEvents(span, input, output);
        }
        if (input.isEmpty() && output.isEmpty()) {
            readIndexed(attrs, LEGACY_PROMPT, "prompt", input, output);
        }
        if (input.isEmpty() && output.isEmpty()) {
            readIndexed(attrs, OPENINFERENCE, "input", input, output);
        }
        if (input.isEmpty() && output.isEmpty()) {
            return List.of();
        }

        Instant start = instant(span.getStartTimeUnixNano());
        Instant end = span.getEndTimeUnixNano() == 0 ? start : instant(span.getEndTimeUnixNano());
        Integer latencyMs = span.getEndTimeUnixNano() > span.getStartTimeUnixNano()
                ? (int) Math.min(Integer.MAX_VALUE, (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000)
                : null;
        String model = firstText(attrs, "gen_ai.response.model", "gen_ai.request.model", "llm.model_name");
        Long inputTokens = firstLong(attrs, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens",
                "llm.token_count.prompt");
        Long outputTokens = firstLong(attrs, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
                "llm.token_count.completion");

        // occurrence index among equal (role, content) messages, counted over input then output: the same in every
        // later call, where this call's output comes back as history
        Map<Draft, Integer> seen = new HashMap<>();
        List<ObjectNode> messages = new ArrayList<>(input.size() + output.size());
        for (int i = 0; i < input.size(); i++) {
            Draft d = input.get(i);
            messages.add(message(d, conversationId, seen.merge(d, 1, Integer::sum) - 1, start.plusNanos(i * 1000L)));
        }
        String spanId = HexFormat.of().formatHex(span.getSpanId().toByteArray());
        String traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
        for (int i = 0; i < output.size(); i++) {
            Draft d = output.get(i);
            ObjectNode m = message(d, conversationId, seen.merge(d, 1, Integer::sum) - 1, end.plusNanos(i * 1000L));
            if (latencyMs != null && d.role().equals("assistant")) {
                m.put("latency_ms", latencyMs);
            }
            if (outputTokens != null && outputTokens >= 0 && outputTokens <= Integer.MAX_VALUE) {
                m.put("tokens", outputTokens.intValue());
            }
            ObjectNode metadata = m.putObject("metadata");
            if (model != null) {
                metadata.put("model", model);
            }
            if (inputTokens != null) {
                metadata.put("input_tokens", inputTokens);
            }
            if (outputTokens != null) {
                metadata.put("output_tokens", outputTokens);
            }
            metadata.put("trace_id", traceId);
            metadata.put("span_id", spanId);
            messages.add(m);
        }
        return messages;
    }

    private ObjectNode message(Draft d, String conversationId, int occurrence, Instant timestamp) {
        ObjectNode m = mapper.createObjectNode();
        m.put("id", messageId(conversationId, d.role(), d.content(), occurrence));
        m.put("role", d.role());
        m.put("content", d.content());
        m.put("timestamp", timestamp.toString());
        return m;
    }

    /**
     * {@code otlp-} + SHA-256 (hex) of conversation id, role, content and the occurrence index among equal messages:
     * independent of the span (and of its start time), so history re-sent with each call is stored once; the index
     * keeps a user who says "yes" twice at two messages.
     */
    static String messageId(String conversationId, String role, String content, int occurrence) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String text = conversationId + "\n" + role + "\n" + occurrence + "\n" + content;
            return "otlp-" + HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Current semconv: {@code gen_ai.system_instructions}, {@code gen_ai.input.messages}, {@code gen_ai.output.messages}. */
    private void readSemconvMessages(Map<String, AnyValue> attrs, List<Draft> input, List<Draft> output) {
        JsonNode system = jsonArray(attrs, "gen_ai.system_instructions");
        if (system != null) {
            String content = partsText(system);
            if (content != null) {
                input.add(new Draft("system", content));
            }
        }
        readMessageArray(jsonArray(attrs, "gen_ai.input.messages"), input);
        readMessageArray(jsonArray(attrs, "gen_ai.output.messages"), output);
    }

    private void readMessageArray(JsonNode array, List<Draft> into) {
        if (array == null) {
            return;
        }
        for (JsonNode m : array) {
            String role = role(m.path("role").asText(null));
            String content = m.has("parts") ? partsText(m.get("parts"))
                    : m.path("content").isTextual() ? m.get("content").textValue() : null;
            if (role != null && content != null) {
                into.add(new Draft(role, content));
            }
        }
    }

    /** Text parts joined by newlines; other parts (tool calls, responses) as their compact JSON. */
    private String partsText(JsonNode parts) {
        if (parts == null || !parts.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            String type = part.path("type").asText("");
            if (type.equals("text") && part.path("content").isTextual()) {
                texts.add(part.get("content").textValue());
            } else if (type.equals("text") && part.path("text").isTextual()) {
                texts.add(part.get("text").textValue());
            } else {
                texts.add(part.toString());
            }
        }
        return texts.isEmpty() ? null : String.join("\n", texts);
    }

    /** Span events {@code gen_ai.{system,user,assistant,tool}.message} (input) and {@code gen_ai.choice} (output). */
    private void readEvents(Span span, List<Draft> input, List<Draft> output) {
        for (Span.Event event : span.getEventsList()) {
            Map<String, AnyValue> attrs = attributes(event.getAttributesList());
            String role = EVENT_ROLES.get(event.getName());
            boolean choice = event.getName().equals("gen_ai.choice");
            if (role == null && !choice) {
                continue;
            }
            String content = text(attrs.get("content"));
            JsonNode message = json(attrs.get("message"));
            if (message != null && message.isObject()) {
                if (content == null && message.path("content").isTextual()) {
                    content = message.get("content").textValue();
                }
                if (role == null) {
                    role = role(message.path("role").asText(null));
                }
            }
            if (role == null) {
                role = choice ? "assistant" : null;
            }
            if (role != null && content != null) {
                (choice ? output : input).add(new Draft(role, content));
            }
        }
    }

    /** {@code <prefix>.N.role|content} pairs (OpenLLMetry's gen_ai.prompt/completion, OpenInference's llm.*_messages). */
    private static void readIndexed(Map<String, AnyValue> attrs, Pattern pattern, String inputSide,
                                    List<Draft> input, List<Draft> output) {
        Map<Integer, String[]> in = new TreeMap<>();
        Map<Integer, String[]> out = new TreeMap<>();
        for (Map.Entry<String, AnyValue> e : attrs.entrySet()) {
            Matcher m = pattern.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            Map<Integer, String[]> side = m.group(1).equals(inputSide) ? in : out;
            String[] pair = side.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new String[2]);
            pair[m.group(3).equals("role") ? 0 : 1] = text(e.getValue());
        }
        addPairs(in, input, "user");
        addPairs(out, output, "assistant");
    }

    private static void addPairs(Map<Integer, String[]> pairs, List<Draft> into, String defaultRole) {
        for (String[] pair : pairs.values()) {
            String role = pair[0] == null ? defaultRole : role(pair[0]);
            if (role != null && pair[1] != null) {
                into.add(new Draft(role, pair[1]));
            }
        }
    }

    private static String role(String role) {
        if (role == null) {
            return null;
        }
        String lower = role.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("user") || lower.equals("assistant") || lower.equals("system") || lower.equals("tool")) {
            return lower;
        }
        return ROLE_ALIASES.get(lower);
    }

    // --- feedback ---------------------------------------------------------------------------------------------------

    /**
     * A {@code gen_ai.evaluation.result} event whose {@code gen_ai.evaluation.name} is one of
     * {@link #FEEDBACK_EVALUATIONS}: {@code thumbs} / {@code user_feedback} with score -1|1 (or label
     * {@code positive}/{@code negative}, {@code thumbs_up}/{@code thumbs_down}) is kind thumbs, {@code rating} with
     * score 1..5 is kind rating; {@code gen_ai.evaluation.explanation} is the comment, {@code sensei.message_id} the
     * message it is about. Other evaluations (model-graded ones) are not user feedback: null.
     */
    Feedback feedback(Span.Event event, String conversationId, String environment, String userId, String span) {
        Map<String, AnyValue> attrs = attributes(event.getAttributesList());
        String name = text(attrs.get("gen_ai.evaluation.name"));
        if (name == null || !FEEDBACK_EVALUATIONS.contains(name)) {
            return null;
        }
        if (conversationId == null) {
            return new Feedback(null, span, "feedback event without a conversation id (gen_ai.conversation.id)");
        }
        String kind = name.equals("rating") ? FeedbackRequest.KIND_RATING : FeedbackRequest.KIND_THUMBS;
        Double score = number(attrs.get("gen_ai.evaluation.score.value"));
        String label = text(attrs.get("gen_ai.evaluation.score.label"));
        Integer value = null;
        if (score != null && score == Math.rint(score)) {
            value = score.intValue();
        } else if (score == null && label != null && kind.equals(FeedbackRequest.KIND_THUMBS)) {
            String l = label.toLowerCase(java.util.Locale.ROOT);
            value = Set.of("positive", "thumbs_up", "up", "good").contains(l) ? 1
                    : Set.of("negative", "thumbs_down", "down", "bad").contains(l) ? -1 : null;
        }
        String comment = text(attrs.get("gen_ai.evaluation.explanation"));
        String problem = null;
        if (value == null) {
            problem = "gen_ai.evaluation.score.value: must be a whole number";
        } else if (kind.equals(FeedbackRequest.KIND_THUMBS) && value != -1 && value != 1) {
            problem = "gen_ai.evaluation.score.value: must be -1 or 1 for " + name;
        } else if (kind.equals(FeedbackRequest.KIND_RATING) && (value < 1 || value > 5)) {
            problem = "gen_ai.evaluation.score.value: must be 1..5 for rating";
        } else if (comment != null && comment.length() > FeedbackRequest.MAX_COMMENT_LENGTH) {
            problem = "gen_ai.evaluation.explanation: must be at most " + FeedbackRequest.MAX_COMMENT_LENGTH
                    + " characters";
        } else if (conversationId.length() > Limits.MAX_CONVERSATION_ID_LENGTH) {
            problem = "conversation id: must be at most " + Limits.MAX_CONVERSATION_ID_LENGTH + " characters";
        }
        if (problem != null) {
            return new Feedback(null, span, problem);
        }
        Instant at = event.getTimeUnixNano() == 0 ? null : instant(event.getTimeUnixNano());
        return new Feedback(new FeedbackRequest(conversationId,
                environment == null ? Limits.DEFAULT_ENVIRONMENT : environment,
                text(attrs.get("sensei.message_id")), userId, kind, value, comment, at), span, null);
    }

    // --- attribute values -------------------------------------------------------------------------------------------

    private static Map<String, AnyValue> attributes(List<KeyValue> list) {
        Map<String, AnyValue> map = new LinkedHashMap<>(list.size() * 2);
        for (KeyValue kv : list) {
            map.putIfAbsent(kv.getKey(), kv.getValue());
        }
        return map;
    }

    private static String text(AnyValue v) {
        if (v == null) {
            return null;
        }
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            default -> null;
        };
    }

    private static Double number(AnyValue v) {
        if (v == null) {
            return null;
        }
        return switch (v.getValueCase()) {
            case INT_VALUE -> (double) v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case STRING_VALUE -> {
                try {
                    yield Double.parseDouble(v.getStringValue().strip());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> null;
        };
    }

    private static String firstText(Map<String, AnyValue> attrs, String... names) {
        for (String name : names) {
            String value = text(attrs.get(name));
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static Long firstLong(Map<String, AnyValue> attrs, String... names) {
        for (String name : names) {
            Double value = number(attrs.get(name));
            if (value != null && value >= 0 && value == Math.rint(value)) {
                return value.longValue();
            }
        }
        return null;
    }

    /** A JSON-valued attribute (semconv sends structured messages as a JSON string); null when absent or unreadable. */
    private JsonNode json(AnyValue v) {
        if (v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
            return null;
        }
        try {
            return mapper.readTree(v.getStringValue());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A semconv attribute holding a JSON array; a present but unreadable one rejects the span (with its name). */
    private JsonNode jsonArray(Map<String, AnyValue> attrs, String name) {
        AnyValue v = attrs.get(name);
        if (v == null) {
            return null;
        }
        JsonNode node = json(v);
        if (node == null || !node.isArray()) {
            throw new UnreadableAttribute(name + ": must be a JSON array (as a string) of messages");
        }
        return node;
    }

    /** A span whose messages cannot be read: rejected with this message. */
    private static final class UnreadableAttribute extends RuntimeException {
        UnreadableAttribute(String message) {
            super(message, null, false, false);
        }
    }

    private static Instant instant(long unixNanos) {
        return Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L);
    }

    private static String ref(Span span) {
        return "span " + HexFormat.of().formatHex(span.getSpanId().toByteArray()) + " (" + span.getName() + ")";
    }
}
