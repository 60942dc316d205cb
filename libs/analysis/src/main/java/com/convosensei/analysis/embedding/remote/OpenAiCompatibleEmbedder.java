package com.convosensei.analysis.embedding.remote;

import com.convosensei.analysis.embedding.EmbeddingException;
import com.convosensei.analysis.embedding.TextEmbedder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeddings from any OpenAI-compatible {@code POST /v1/embeddings} endpoint (OpenAI, Azure-style proxies, vLLM,
 * Ollama, LocalAI, TEI...). The only class of this library that does I/O.
 *
 * <p>Requests carry up to {@code batchSize} inputs; results are put back in input order using each item's
 * {@code index}. 429 and 5xx answers and connection failures are retried with exponential backoff; other errors
 * throw {@link EmbeddingException} with the status and the start of the body.
 */
public final class OpenAiCompatibleEmbedder implements TextEmbedder {

    public static final String ENV_BASE_URL = "SENSEI_EMBEDDINGS_BASE_URL";
    public static final String ENV_MODEL = "SENSEI_EMBEDDINGS_MODEL";
    public static final String ENV_API_KEY = "SENSEI_EMBEDDINGS_API_KEY";
    public static final String ENV_DIMENSIONS = "SENSEI_EMBEDDINGS_DIMENSIONS";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Integer requestedDimensions;
    private final int batchSize;
    private final int maxRetries;
    private final Duration timeout;
    private final HttpClient http;
    private volatile int dimensions;

    /**
     * @param baseUrl    e.g. {@code https://api.openai.com} or {@code http://127.0.0.1:11434/v1}; "/v1/embeddings"
     *                   (or "/embeddings" when the URL already ends in /v1) is appended
     * @param model      model name sent in each request
     * @param apiKey     sent as a bearer token when not blank
     * @param dimensions requested vector size (sent as {@code dimensions}) or null to take the model's
     */
    public OpenAiCompatibleEmbedder(String baseUrl, String model, String apiKey, Integer dimensions) {
        this(baseUrl, model, apiKey, dimensions, 64, 2, Duration.ofSeconds(30));
    }

    public OpenAiCompatibleEmbedder(String baseUrl, String model, String apiKey, Integer dimensions, int batchSize,
                                    int maxRetries, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.model = Objects.requireNonNull(model, "model");
        this.endpoint = endpoint(baseUrl);
        this.apiKey = apiKey;
        this.requestedDimensions = dimensions;
        this.dimensions = dimensions == null ? -1 : dimensions;
        this.batchSize = Math.max(1, batchSize);
        this.maxRetries = Math.max(0, maxRetries);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * From the environment: {@value #ENV_BASE_URL} (else {@code OPENAI_BASE_URL}, else api.openai.com),
     * {@value #ENV_MODEL} (default text-embedding-3-small), {@value #ENV_API_KEY} (else {@code OPENAI_API_KEY}),
     * {@value #ENV_DIMENSIONS} (optional).
     */
    public static OpenAiCompatibleEmbedder fromEnv() {
        return fromEnv(System.getenv());
    }

    public static OpenAiCompatibleEmbedder fromEnv(Map<String, String> env) {
        String base = firstNonBlank(env.get(ENV_BASE_URL), env.get("OPENAI_BASE_URL"), "https://api.openai.com");
        String model = firstNonBlank(env.get(ENV_MODEL), "text-embedding-3-small");
        String key = firstNonBlank(env.get(ENV_API_KEY), env.get("OPENAI_API_KEY"), "");
        String dims = env.get(ENV_DIMENSIONS);
        return new OpenAiCompatibleEmbedder(base, model, key,
                dims == null || dims.isBlank() ? null : Integer.parseInt(dims.strip()));
    }

    static URI endpoint(String baseUrl) {
        String b = baseUrl.strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (b.endsWith("/embeddings")) {
            return URI.create(b);
        }
        return URI.create(b.endsWith("/v1") ? b + "/embeddings" : b + "/v1/embeddings");
    }

    /** The requested size, or the size of the vectors seen so far; -1 before the first call without a request. */
    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String model() {
        return model;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            out.addAll(request(texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        return out;
    }

    private List<float[]> request(List<String> batch) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        // the API rejects empty strings; a single space embeds as "nothing"
        batch.forEach(t -> input.add(t == null || t.isEmpty() ? " " : t));
        if (requestedDimensions != null) {
            body.put("dimensions", requestedDimensions);
        }
        body.put("encoding_format", "float");
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest req = rb.build();
        int attempt = 0;
        while (true) {
            HttpResponse<String> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt++ < maxRetries) {
                    backoff(attempt);
                    continue;
                }
                throw new EmbeddingException("embeddings request to " + endpoint + " failed: " + e.getMessage(), -1, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingException("interrupted", -1, e);
            }
            int status = resp.statusCode();
            if (status == 200) {
                return parse(resp.body(), batch.size());
            }
            if ((status == 429 || status >= 500) && attempt++ < maxRetries) {
                backoff(attempt);
                continue;
            }
            String snippet = resp.body() == null ? "" : resp.body().substring(0, Math.min(300, resp.body().length()));
            throw new EmbeddingException("embeddings endpoint " + endpoint + " answered " + status + ": " + snippet,
                    status, null);
        }
    }

    private List<float[]> parse(String body, int expected) {
        try {
            JsonNode data = JSON.readTree(body).path("data");
            if (!data.isArray() || data.size() != expected) {
                throw new EmbeddingException("expected " + expected + " embeddings, got "
                        + (data.isArray() ? data.size() : "no data array"), 200, null);
            }
            float[][] out = new float[expected][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode item = data.get(i);
                int index = item.has("index") ? item.get("index").asInt() : i;
                JsonNode emb = item.path("embedding");
                if (index < 0 || index >= expected || !emb.isArray() || out[index] != null) {
                    throw new EmbeddingException("malformed embedding item " + i, 200, null);
                }
                float[] v = new float[emb.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) emb.get(k).asDouble();
                }
                if (dimensions > 0 && v.length != dimensions) {
                    throw new EmbeddingException("expected " + dimensions + " dimensions, got " + v.length, 200, null);
                }
                dimensions = v.length;
                out[index] = v;
            }
            return List.of(out);
        } catch (IOException e) {
            throw new EmbeddingException("unreadable embeddings response: " + e.getMessage(), 200, e);
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(4000L, 200L << (attempt - 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException("interrupted", -1, e);
        }
    }

    private static String firstNonBlank(String... xs) {
        for (String x : xs) {
            if (x != null && !x.isBlank()) {
                return x.strip();
            }
        }
        return null;
    }
}
