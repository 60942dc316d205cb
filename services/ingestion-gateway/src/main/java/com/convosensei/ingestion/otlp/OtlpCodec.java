package com.convosensei.ingestion.otlp;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * OTLP/HTTP wire formats: the two encodings ({@code application/x-protobuf}, {@code application/json} with the
 * spec's JSON mapping: hex trace and span ids, enums as numbers or names), gzip bodies bounded after decompression,
 * and the answers: {@link ExportTraceServiceResponse} in the request's encoding; for errors a {@code google.rpc.Status}
 * when the request was protobuf, Sensei's error envelope otherwise (see docs/otlp.md for why).
 */
@ApplicationScoped
public class OtlpCodec {

    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    /** The request's encoding; its answer uses the same. */
    public enum Encoding { PROTOBUF, JSON }

    /** Id fields the OTLP JSON mapping writes as hex (protobuf's JSON mapping would expect base64). */
    private static final Set<String> HEX_ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId",
            "trace_id", "span_id", "parent_span_id");

    private final ObjectReader reader;
    private final ObjectMapper mapper;
    private final JsonFormat.Parser jsonParser = JsonFormat.parser().ignoringUnknownFields();
    private final JsonFormat.Printer jsonPrinter = JsonFormat.printer().omittingInsignificantWhitespace();

    public OtlpCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The encoding of this Content-Type (parameters such as charset ignored); 415 for anything else. */
    public static Encoding encoding(String contentType) {
        String base = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (base.equals(PROTOBUF)) {
            return Encoding.PROTOBUF;
        }
        if (base.equals(JSON)) {
            return Encoding.JSON;
        }
        throw new ApiException(415, ApiError.of(ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP), got "
                        + (contentType == null || contentType.isBlank() ? "none" : "'" + contentType + "'")));
    }

    /** The body after Content-Encoding: identity or gzip (at most {@link Limits#MAX_BODY_BYTES} once inflated). */
    public static byte[] inflate(byte[] body, String contentEncoding) {
        String coding = contentEncoding == null ? "" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (coding.isEmpty() || coding.equals("identity")) {
            return body;
        }
        if (!coding.equals("gzip")) {
            throw new ApiException(415, ApiError.of(ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding must be gzip or identity, got '" + contentEncoding + "'"));
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(Limits.MAX_BODY_BYTES, body.length * 4));
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > Limits.MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (EOFException e) {
            throw malformed("gzip body is truncated");
        } catch (ZipException e) {
            throw malformed("body is not valid gzip (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw malformed("unreadable gzip body");
        }
    }

    public static ApiException tooLarge() {
        return new ApiException(413, ApiError.of(ErrorCodes.PAYLOAD_TOO_LARGE, "request body is larger than "
                + Limits.MAX_BODY_BYTES + " bytes (1 MiB) after decompression; export smaller batches "
                + "(OTEL_BSP_MAX_EXPORT_BATCH_SIZE)"));
    }

    public ExportTraceServiceRequest decode(byte[] body, Encoding encoding) {
        if (body.length == 0 && encoding == Encoding.PROTOBUF) {
            return ExportTraceServiceRequest.getDefaultInstance();
        }
        if (encoding == Encoding.PROTOBUF) {
            try {
                return ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw malformed("malformed protobuf ExportTraceServiceRequest: " + e.getMessage());
            }
        }
        JsonNode tree;
        try {
            tree = reader.readTree(body);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? "unreadable JSON" : e.getOriginalMessage().split("\n", 2)[0];
            throw new ApiException(400, new ApiError("malformed JSON: " + reason, ErrorCodes.MALFORMED_JSON, List.of()));
        } catch (IOException e) {
            throw malformed("unreadable JSON body");
        }
        if (tree == null || !tree.isObject()) {
            throw malformed("body must be a JSON ExportTraceServiceRequest object");
        }
        hexIdsToBase64(tree, "");
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        try {
            jsonParser.merge(mapper.writeValueAsString(tree), builder);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw malformed("JSON is not an OTLP ExportTraceServiceRequest: " + e.getMessage());
        }
        return builder.build();
    }

    /** Rewrites the hex id fields (anywhere: spans, links) to the base64 protobuf's JSON parser reads for bytes. */
    private static void hexIdsToBase64(JsonNode node, String path) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            var names = object.fieldNames();
            List<String> fields = new java.util.ArrayList<>();
            names.forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode value = object.get(field);
                if (HEX_ID_FIELDS.contains(field) && value.isTextual()) {
                    object.put(field, base64OfHex(value.textValue(), path + field));
                } else {
                    hexIdsToBase64(value, path + field + ".");
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                hexIdsToBase64(node.get(i), path.substring(0, Math.max(0, path.length() - 1)) + "[" + i + "].");
            }
        }
    }

    private static String base64OfHex(String hex, String field) {
        if (hex.isEmpty()) {
            return "";
        }
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw malformed(field + ": must be hex (OTLP JSON encodes trace and span ids as hex strings)");
        }
    }

    private static ApiException malformed(String message) {
        return new ApiException(400, new ApiError(message, ErrorCodes.MALFORMED_BODY, List.of()));
    }

    /** The success answer in the request's encoding. */
    public byte[] response(ExportTraceServiceResponse response, Encoding encoding) {
        if (encoding == Encoding.PROTOBUF) {
            return response.toByteArray();
        }
        try {
            return jsonPrinter.print(response).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print ExportTraceServiceResponse", e);
        }
    }

    /** A {@code google.rpc.Status} for a protobuf request's error: gRPC code of the HTTP status, the envelope's text. */
    public static byte[] status(ApiException e) {
        StringBuilder message = new StringBuilder(e.error().message());
        if (e.error().details() != null) {
            e.error().details().forEach(d -> message.append("; ").append(d.field()).append(": ").append(d.reason()));
        }
        return Status.newBuilder().setCode(grpcCode(e.status()).getNumber()).setMessage(message.toString())
                .build().toByteArray();
    }

    static Code grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> Code.INVALID_ARGUMENT;
            case 401 -> Code.UNAUTHENTICATED;
            case 403 -> Code.PERMISSION_DENIED;
            case 413, 429 -> Code.RESOURCE_EXHAUSTED;
            case 503 -> Code.UNAVAILABLE;
            default -> Code.INTERNAL;
        };
    }
}
