package com.convosensei.admin.rest;

import com.convosensei.admin.repository.WaitlistRepository.Confirmation;
import com.convosensei.admin.service.WaitlistService;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The waitlist (docs/architecture.md "Waitlist"). Public: the sign-up ({@code POST}, no token, rate-limited per client
 * address) and the confirmation link. Admins only: the list, the CSV export and the two deletions.
 */
@Path("/api/v1/waitlist")
public class WaitlistResource {

    private final WaitlistService service;
    private final JsonWebToken jwt;

    public WaitlistResource(WaitlistService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    /**
     * Sign-up from the landing page: 202 with the same body for a new address, one already listed and a honeypot
     * hit. The body is read as bytes and checked here (unknown fields refused, each problem named) rather than bound
     * to a record, because the service-wide JSON settings ignore unknown fields. The client address is the
     * connection's peer, or X-Forwarded-For when the peer is the gateway (quarkus.http.proxy.trusted-proxies).
     */
    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public Uni<WaitlistService.Accepted> signUp(byte[] body, @Context HttpServerRequest http) {
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        return service.signUp(body, address, http.getHeader("User-Agent"));
    }

    /**
     * The link in the confirmation email. To a browser (Accept: text/html) a small HTML page: 200 confirmed or already
     * confirmed, 400 for a missing, unknown or expired token. To any other client JSON: {@code {"status": ...}} or
     * the error envelope naming {@code token}.
     */
    @GET
    @Path("/confirm")
    @PermitAll
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Uni<Response> confirm(@QueryParam("token") String token, @Context HttpServerRequest http) {
        boolean json = wantsJson(http.getHeader("Accept"));
        Uni<Confirmation> result;
        try {
            result = service.confirm(token);
        } catch (ApiException e) {
            result = Uni.createFrom().failure(e);
        }
        return result.map(c -> json
                        ? Response.ok(new ConfirmResult(c == Confirmation.CONFIRMED ? "confirmed" : "already_confirmed"))
                                .type(MediaType.APPLICATION_JSON).build()
                        : html(200, "You are on the list", c == Confirmation.CONFIRMED
                                ? "Thanks: your email is confirmed and your place on the Sensei waitlist is saved."
                                : "Your email was already confirmed: your place on the Sensei waitlist is saved."))
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    ApiException api = (ApiException) e;
                    if (json) {
                        return Response.status(api.status()).type(MediaType.APPLICATION_JSON).entity(api.error()).build();
                    }
                    String reason = api.error().details().isEmpty() ? api.error().message()
                            : "The confirmation link " + api.error().details().get(0).reason() + ".";
                    return html(api.status(), "This link does not work", reason);
                });
    }

    /** JSON answer of the confirmation link: {@code confirmed} now, or {@code already_confirmed}. */
    @Schema(name = "WaitlistConfirmResult")
    public record ConfirmResult(String status) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<WaitlistService.EntryPage> list(@QueryParam("status") String status, @QueryParam("q") String q,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return service.list(status, q, intParam("limit", limit, 50), intParam("offset", offset, 0));
    }

    /** Every matching row (filters as the list), streamed as CSV; the export is audited. */
    @GET
    @Path("/export.csv")
    @RolesAllowed(Roles.ADMIN)
    @Produces("text/csv")
    @ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"sensei-waitlist.csv\"")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public Multi<String> export(@QueryParam("status") String status, @QueryParam("q") String q) {
        return service.exportCsv(status, q, Actor.of(jwt).subject());
    }

    /** Deletes one entry (and its confirmation emails); 200 with {@code deleted: 0} when it was already gone. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<WaitlistService.Deleted> delete(@PathParam("id") String id) {
        UUID uuid = Ids.uuidOrNull(id);
        if (uuid == null) {
            throw ApiException.badRequest("id", "must be a waitlist entry id (UUID)");
        }
        return service.delete(uuid, Actor.of(jwt).subject());
    }

    /** Deletion on request by address (any case); idempotent like {@link #delete}. */
    @POST
    @Path("/erase")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<WaitlistService.Deleted> erase(WaitlistService.EraseRequest request) {
        return service.erase(request, Actor.of(jwt).subject());
    }

    private static int intParam(String name, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, "must be a whole number");
        }
    }

    /** A browser following the emailed link asks for text/html; every other client gets the JSON envelope. */
    private static boolean wantsJson(String accept) {
        return accept == null || !accept.contains(MediaType.TEXT_HTML);
    }

    private static Response html(int status, String title, String text) {
        String page = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex"><title>%1$s · Sensei</title>
                <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
                h1{font-size:1.5rem}</style></head>
                <body><main><h1>%1$s</h1><p>%2$s</p></main></body></html>
                """.formatted(escape(title), escape(text));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(page)
                .header("Cache-Control", "no-store").build();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
