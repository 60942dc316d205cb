package com.convosensei.admin.service;

import com.convosensei.admin.config.WaitlistConfig;
import com.convosensei.admin.repository.WaitlistRepository;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.web.LogSafe;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The public waitlist: sign-up (checked, rate-limited per client address, deduplicated, double opt-in), confirmation
 * by the emailed link, and the admin views (list, CSV export, deletion on request).
 *
 * <p>A sign-up answers the same for a new address, one already listed, and a honeypot hit, so the form reveals
 * neither who is on the list nor that the bot was spotted. What does differ is stored: a new row (pending, a
 * confirmation email queued in the same transaction), nothing (already confirmed, or emailed within the resend
 * interval), a new link for a pending address, or a row with status {@code spam} and no email.
 */
@ApplicationScoped
public class WaitlistService {

    public static final String ACCEPTED_STATUS = "pending_confirmation";
    public static final String ACCEPTED_MESSAGE = "Check your inbox to confirm your place on the waitlist.";
    /** Longest user agent kept (the column's limit). */
    public static final int MAX_USER_AGENT = 256;
    /** Statuses the admin filter accepts. */
    public static final Set<String> STATUSES = Set.of(WaitlistEntry.PENDING, WaitlistEntry.CONFIRMED, WaitlistEntry.SPAM);
    public static final int MAX_PAGE = 200;
    private static final int EXPORT_BATCH = 500;
    private static final String HONEYPOT = "website";
    /** Optional text fields of the sign-up body and their longest value (code points). */
    private static final Map<String, Integer> OPTIONAL = new LinkedHashMap<>();

    static {
        OPTIONAL.put("name", 120);
        OPTIONAL.put("company", 120);
        OPTIONAL.put("source", 64);
        for (String utm : List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")) {
            OPTIONAL.put(utm, 200);
        }
        OPTIONAL.put("referrer", 500);
    }

    private final WaitlistConfig config;
    private final WaitlistRepository repository;
    private final ObjectMapper mapper;
    /** An instance field, not static: a native image must not freeze a seeded generator into its heap. */
    private final SecureRandom random = new SecureRandom();

    public WaitlistService(WaitlistConfig config, WaitlistRepository repository, ObjectMapper mapper) {
        this.config = config;
        this.repository = repository;
        this.mapper = mapper;
    }

    /** The answer of every accepted sign-up (202). */
    @Schema(name = "WaitlistAccepted")
    public record Accepted(String status, String message) {
    }

    /** One page of the admin list. */
    @Schema(name = "WaitlistPage")
    public record EntryPage(List<WaitlistEntry> items, long total, int limit, int offset) {
    }

    /** Body of {@code POST /api/v1/waitlist/erase}. */
    public record EraseRequest(String email) {
    }

    /** Answer of the deletions: rows and queued/sent confirmation emails removed (0 when there was nothing). */
    @Schema(name = "WaitlistDeleted")
    public record Deleted(long deleted, long emailsDeleted) {
    }

    /**
     * A sign-up from {@code clientAddress} (the address the gateway forwarded). Order: size (413), per-address limit
     * (429, counted before anything is parsed, so a flood of garbage is a flood too), JSON (400), fields (400).
     */
    public Uni<Accepted> signUp(byte[] body, String clientAddress, String userAgent) {
        if (body != null && body.length > config.maxBodyBytes()) {
            throw new ApiException(413, new ApiError("the request body must be at most " + config.maxBodyBytes()
                    + " bytes", ErrorCodes.PAYLOAD_TOO_LARGE, List.of()));
        }
        String ipHash = hmac(clientAddress == null ? "unknown" : clientAddress);
        return repository.countAttempt(ipHash).flatMap(attempts -> {
            refuseWhenOverLimit(attempts, clientAddress);
            Parsed parsed = parse(body);
            String ua = userAgent == null ? null : truncate(userAgent.strip(), MAX_USER_AGENT);
            WaitlistSignup signup = new WaitlistSignup(parsed.email(), parsed.get("name"), parsed.get("company"),
                    parsed.get("source"), parsed.get("utm_source"), parsed.get("utm_medium"),
                    parsed.get("utm_campaign"), parsed.get("utm_term"), parsed.get("utm_content"),
                    parsed.get("referrer"), ipHash, ua == null || ua.isEmpty() ? null : ua);
            String token = parsed.honeypot() ? null : newToken();
            JsonObject payload = new JsonObject()
                    .put("confirm_url", config.publicUrl().replaceAll("/+$", "") + "/api/v1/waitlist/confirm?token="
                            + (token == null ? "" : token))
                    .put("name", signup.name());
            return repository.signUp(signup, token == null ? null : sha256(token), config.confirmTtl(),
                    config.resendAfter(), payload);
        }).map(outcome -> {
            Log.debugf("waitlist sign-up: %s", outcome);
            return new Accepted(ACCEPTED_STATUS, ACCEPTED_MESSAGE);
        });
    }

    private void refuseWhenOverLimit(WaitlistRepository.Attempts attempts, String clientAddress) {
        WaitlistConfig.RateLimit limit = config.rateLimit();
        int wait = 0;
        if (attempts.dayHits() > limit.perDay()) {
            wait = attempts.daySecondsLeft();
        } else if (attempts.minuteHits() > limit.perMinute()) {
            wait = attempts.minuteSecondsLeft();
        }
        if (wait > 0) {
            Log.infof("waitlist sign-up refused (rate limit) from %s", LogSafe.of(clientAddress));
            throw new ApiException(429, new ApiError("too many sign-ups from this address; try again in " + wait
                    + " seconds", ErrorCodes.RATE_LIMITED, List.of(new ErrorDetail("retry_after", wait + " seconds"))),
                    Map.of("Retry-After", Integer.toString(wait)));
        }
    }

    /** The body's fields once checked: the normalised email, the optional ones present, and the honeypot. */
    record Parsed(String email, Map<String, String> fields, boolean honeypot) {
        String get(String name) {
            return fields.get(name);
        }
    }

    /** Parses and checks the sign-up body; every problem found is reported at once, each naming its field. */
    Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null
                    : mapper.reader().withFeatures(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "unreadable body" : e.getMessage().lines().findFirst().orElse("");
            throw new ApiException(400, new ApiError("malformed JSON: " + printable(reason), ErrorCodes.MALFORMED_JSON,
                    List.of()));
        }
        if (root == null || root.isMissingNode()) {
            throw new ApiException(400, new ApiError("the body must be a JSON object with at least \"email\"",
                    ErrorCodes.MALFORMED_JSON, List.of()));
        }
        if (!root.isObject()) {
            throw new ApiException(400, new ApiError("the body must be a JSON object, not " + root.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT), ErrorCodes.MALFORMED_JSON, List.of()));
        }
        List<ErrorDetail> errors = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        String email = null;
        boolean honeypot = false;
        boolean sawEmail = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals(HONEYPOT)) {
                // any content at all counts: a bot filling it with a number is still a bot
                honeypot = !value.isNull() && !(value.isTextual() && value.asText().isBlank());
                continue;
            }
            if (!name.equals("email") && !OPTIONAL.containsKey(name)) {
                errors.add(new ErrorDetail(printable(name), "unknown field"));
                continue;
            }
            if (value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                errors.add(new ErrorDetail(name, "must be a string"));
                continue;
            }
            String text = value.asText();
            if (name.equals("email")) {
                sawEmail = true;
                EmailAddresses.Result checked = EmailAddresses.check(text);
                if (checked.valid()) {
                    email = checked.normalised();
                } else {
                    errors.add(new ErrorDetail("email", checked.reason()));
                }
                continue;
            }
            String reason = textProblem(text, OPTIONAL.get(name));
            if (reason != null) {
                errors.add(new ErrorDetail(name, reason));
            } else if (!text.isBlank()) {
                fields.put(name, text.strip());
            }
        }
        if (!sawEmail) {
            errors.add(new ErrorDetail("email", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new Parsed(email, fields, honeypot);
    }

    private static String textProblem(String text, int max) {
        String v = text.strip();
        if (v.codePointCount(0, v.length()) > max) {
            return "must be at most " + max + " characters";
        }
        if (v.codePoints().anyMatch(cp -> Character.isISOControl(cp) && cp != '\t')) {
            return "must not contain control characters";
        }
        if (v.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            return "must not contain unpaired UTF-16 surrogates";
        }
        return null;
    }

    /** Confirms by the emailed token; an unknown, malformed or expired token is a 400 naming which. */
    public Uni<WaitlistRepository.Confirmation> confirm(String token) {
        if (token == null || token.isBlank()) {
            throw ApiException.badRequest("token", "is required: open the link from the confirmation email");
        }
        if (!token.matches("[A-Za-z0-9_-]{43}")) {
            throw ApiException.badRequest("token", "is not a confirmation token: copy the whole link from the email");
        }
        return repository.confirm(sha256(token)).map(result -> switch (result) {
            case UNKNOWN -> throw ApiException.badRequest("token",
                    "is unknown or was replaced by a newer confirmation email: use the latest link");
            case EXPIRED -> throw ApiException.badRequest("token",
                    "has expired: sign up again to get a new confirmation email");
            default -> result;
        });
    }

    public Uni<EntryPage> list(String status, String search, int limit, int offset) {
        String s = checkStatus(status);
        String q = checkSearch(search);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("limit", "must be 1-" + MAX_PAGE);
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset", "must be 0 or more");
        }
        return repository.list(s, q, limit, offset).flatMap(items -> repository.count(s, q)
                .map(total -> new EntryPage(items, total, limit, offset)));
    }

    /**
     * The CSV export, header first, then every matching row newest first, fetched in bounded keyset batches. The
     * first batch is read before anything is sent, so a failing database still gets an error status, not a cut CSV.
     */
    public Multi<String> exportCsv(String status, String search, String actor) {
        String s = checkStatus(status);
        String q = checkSearch(search);
        AtomicReference<WaitlistEntry> last = new AtomicReference<>();
        Supplier<Uni<List<WaitlistEntry>>> nextPage = () -> repository.exportPage(s, q, last.get(), EXPORT_BATCH)
                .invoke(page -> {
                    if (!page.isEmpty()) {
                        last.set(page.get(page.size() - 1));
                    }
                });
        // who exported what (the filter, never the search text: it may be an address)
        JsonObject details = new JsonObject().put("status", s).put("search", q != null);
        return repository.audit(actor, "waitlist.export", details).chain(() -> nextPage.get()).onItem().transformToMulti(first -> {
            Multi<List<WaitlistEntry>> rest = first.size() < EXPORT_BATCH ? Multi.createFrom().empty()
                    : Multi.createBy().repeating().uni(() -> nextPage.get()).whilst(page -> page.size() == EXPORT_BATCH);
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(WaitlistCsv.HEADER + csv(first)),
                    rest.map(WaitlistService::csv).filter(chunk -> !chunk.isEmpty()));
        });
    }

    private static String csv(List<WaitlistEntry> page) {
        StringBuilder out = new StringBuilder();
        page.forEach(e -> out.append(WaitlistCsv.row(e)));
        return out.toString();
    }

    public Uni<Deleted> delete(UUID id, String actor) {
        return repository.deleteById(id, actor).map(d -> new Deleted(d.deleted(), d.emails()));
    }

    public Uni<Deleted> erase(EraseRequest request, String actor) {
        if (request == null || request.email() == null || request.email().isBlank()) {
            throw ApiException.badRequest("email", "is required");
        }
        // the address as stored: an address that fails today's checks cannot be on the list, so it is a 400
        EmailAddresses.Result checked = EmailAddresses.check(request.email());
        if (!checked.valid()) {
            throw ApiException.badRequest("email", checked.reason());
        }
        return repository.deleteByEmail(checked.normalised(), actor).map(d -> new Deleted(d.deleted(), d.emails()));
    }

    private static String checkStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        if (!STATUSES.contains(status)) {
            throw ApiException.badRequest("status", "must be one of pending, confirmed, spam");
        }
        return status;
    }

    private static String checkSearch(String search) {
        if (search == null || search.isBlank()) {
            return null;
        }
        String q = search.strip();
        if (q.length() > EmailAddresses.MAX_LENGTH) {
            throw ApiException.badRequest("q", "must be at most " + EmailAddresses.MAX_LENGTH + " characters");
        }
        return q;
    }

    /** Client text echoed in an answer: printable ASCII only (a lone surrogate would break the JSON), ≤ 200. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < 200; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static String truncate(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** 256 random bits, URL-safe: the token in the link; only its SHA-256 is stored. */
    String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hmac(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.ipHashSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(address.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
