package com.convosensei.admin.rest;

import com.convosensei.platform.email.EmailQueue;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.auth.UserProfiles;
import com.convosensei.platform.auth.UserProfiles.Preferences;
import com.convosensei.platform.auth.UserProfiles.PreferencesPatch;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.json.JsonChecks;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller's own preferences and "send me a summary now". Preferences are open to admins and viewers alike (the
 * dashboard keeps the tour state and the analytics opt-out for everyone); the weekly summary is only ever sent to
 * admins, so for a viewer {@code weekly_summary} is stored but {@code weekly_summary_applies} is false.
 */
@Path("/api/v1/me")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
public class MeResource {

    /** {@code {"onboarding": {"tour_steps_seen": [..]}}} at its deepest. */
    static final int MAX_BODY_DEPTH = 3;
    static final int MAX_TOUR_STEPS = 50;
    static final int MAX_TOUR_STEP_LENGTH = 64;
    private static final Set<String> TOP_FIELDS = Set.of("weekly_summary", "product_analytics", "onboarding");
    private static final Set<String> ONBOARDING_FIELDS = Set.of("tour_dismissed", "tour_steps_seen");

    private final UserProfiles profiles;
    private final EmailQueue outbox;
    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public MeResource(UserProfiles profiles, EmailQueue outbox, JsonWebToken jwt, SecurityIdentity identity) {
        this.profiles = profiles;
        this.outbox = outbox;
        this.jwt = jwt;
        this.identity = identity;
    }

    @GET
    @Path("/preferences")
    public Uni<Map<String, Object>> preferences() {
        return profiles.preferences(Actor.of(jwt).subject()).map(this::view);
    }

    /**
     * Partial update: only the fields present change ({@code weekly_summary}, {@code product_analytics},
     * {@code onboarding.tour_dismissed}, {@code onboarding.tour_steps_seen} — the last replaces the whole list).
     * Unknown fields, wrong types and nulls are refused with a 400 naming the field.
     */
    @PATCH
    @Path("/preferences")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> update(JsonNode body) {
        Actor actor = Actor.of(jwt);
        PreferencesPatch patch = parse(body);
        return profiles.updatePreferences(actor.subject(), actor.email(), patch).map(this::view);
    }

    /**
     * Queues a weekly summary for the caller now (admins only; sent to the token's email). At most one per caller per
     * 10-minute window: a second request inside it answers 202 with {@code "queued": false} (the first is still on its
     * way), never a second email.
     */
    @POST
    @Path("/summary-email")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> summaryNow() {
        Actor actor = Actor.of(jwt);
        if (actor.email() == null) {
            throw ApiException.badRequest("email", "your token carries no email address to send the summary to");
        }
        return outbox.enqueueSummaryNow(actor.subject(), actor.email()).map(queued -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("queued", queued);
            out.put("recipient", actor.email());
            out.put("message", queued ? "a summary is on its way to " + actor.email()
                    : "a summary was already requested in the last 10 minutes; it is on its way");
            return Response.accepted(out).build();
        });
    }

    private Map<String, Object> view(Preferences p) {
        Map<String, Object> onboarding = new LinkedHashMap<>();
        onboarding.put("tour_dismissed", p.tourDismissed());
        onboarding.put("tour_steps_seen", p.tourStepsSeen());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("weekly_summary", p.weeklySummary());
        // the opt-in is stored for anyone, but the weekly summary only goes to admins
        out.put("weekly_summary_applies", identity.hasRole(Roles.ADMIN));
        out.put("product_analytics", p.productAnalytics());
        out.put("onboarding", onboarding);
        return out;
    }

    static PreferencesPatch parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body",
                    "must be a JSON object with weekly_summary, product_analytics and/or onboarding");
        }
        JsonChecks.check("", body, MAX_BODY_DEPTH);
        List<ErrorDetail> errors = new ArrayList<>();
        unknown("", body, TOP_FIELDS, errors);
        if (body.isEmpty()) {
            errors.add(new ErrorDetail("body", "must set at least one of weekly_summary, product_analytics, onboarding"));
        }
        Boolean weekly = bool("weekly_summary", body.get("weekly_summary"), errors);
        Boolean analytics = bool("product_analytics", body.get("product_analytics"), errors);
        Boolean dismissed = null;
        List<String> steps = null;
        JsonNode onboarding = body.get("onboarding");
        if (onboarding != null) {
            if (!onboarding.isObject()) {
                errors.add(new ErrorDetail("onboarding", "must be an object with tour_dismissed and/or tour_steps_seen"));
            } else {
                unknown("onboarding.", onboarding, ONBOARDING_FIELDS, errors);
                dismissed = bool("onboarding.tour_dismissed", onboarding.get("tour_dismissed"), errors);
                steps = steps(onboarding.get("tour_steps_seen"), errors);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new PreferencesPatch(weekly, analytics, dismissed, steps);
    }

    private static void unknown(String prefix, JsonNode object, Set<String> allowed, List<ErrorDetail> errors) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new ErrorDetail(prefix + name,
                        "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }

    private static Boolean bool(String field, JsonNode node, List<ErrorDetail> errors) {
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            errors.add(new ErrorDetail(field, "must be true or false"));
            return null;
        }
        return node.booleanValue();
    }

    private static List<String> steps(JsonNode node, List<ErrorDetail> errors) {
        String field = "onboarding.tour_steps_seen";
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(new ErrorDetail(field, "must be an array of step names"));
            return null;
        }
        if (node.size() > MAX_TOUR_STEPS) {
            errors.add(new ErrorDetail(field, "must hold at most " + MAX_TOUR_STEPS + " steps, not " + node.size()));
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode step = node.get(i);
            String at = field + "[" + i + "]";
            if (!step.isTextual()) {
                errors.add(new ErrorDetail(at, "must be a string"));
            } else if (step.asText().isBlank()) {
                errors.add(new ErrorDetail(at, "must not be blank"));
            } else if (step.asText().length() > MAX_TOUR_STEP_LENGTH) {
                errors.add(new ErrorDetail(at, "must be at most " + MAX_TOUR_STEP_LENGTH + " characters"));
            } else {
                out.add(step.asText()); // repeats collapse: a step is seen or not
            }
        }
        return List.copyOf(out);
    }
}
