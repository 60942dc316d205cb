package com.convosensei.admin.rest;

import com.convosensei.platform.auth.UserProfiles;
import com.convosensei.platform.email.EmailTokens;
import io.quarkus.logging.Log;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The weekly summary's unsubscribe link, which works without signing in: the token in the link is signed
 * ({@link EmailTokens}) and names the subject. GET only shows a page with a button (link scanners and mail previews
 * fetch GET links, so a GET must change nothing); the button, and a mail client's RFC 8058 one-click
 * ({@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}), POST to the same URL and turn the summary off. A
 * missing, tampered, foreign or expired token gets a 400 page saying the link is not valid. The pages carry no inline
 * style or script (the gateway's CSP allows neither).
 */
@Path("/api/v1/email/unsubscribe")
@PermitAll
public class UnsubscribeResource {

    private final EmailTokens tokens;
    private final UserProfiles profiles;

    public UnsubscribeResource(EmailTokens tokens, UserProfiles profiles) {
        this.tokens = tokens;
        this.profiles = profiles;
    }

    @GET
    @jakarta.ws.rs.Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response confirm(@QueryParam("token") String token, @HeaderParam("Accept") String accept) {
        if (valid(token).isEmpty()) {
            return invalid(accept);
        }
        String body = """
                <p>Stop the weekly Sensei summary for this account? You can turn it back on in Settings at any time.</p>
                <form method="post" action="/api/v1/email/unsubscribe">
                <input type="hidden" name="token" value="%s">
                <button type="submit">Unsubscribe from the weekly summary</button>
                </form>""".formatted(escape(token));
        return page(200, "Unsubscribe from the weekly summary", body);
    }

    /** The page's button (token in the form) or a mail client's one-click POST (token in the query). */
    @POST
    @Consumes(MediaType.WILDCARD)
    @jakarta.ws.rs.Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Uni<Response> unsubscribe(@QueryParam("token") String queryToken, @HeaderParam("Content-Type") String type,
            @HeaderParam("Accept") String accept, String body) {
        String token = queryToken != null ? queryToken : formField(type, body, "token");
        Optional<EmailTokens.Claims> claims = valid(token);
        if (claims.isEmpty()) {
            return Uni.createFrom().item(invalid(accept));
        }
        String subject = claims.get().subject();
        return profiles.unsubscribeWeeklySummary(subject).map(found -> {
            Log.infof("weekly summary unsubscribed through the email link (subject known: %s)", found);
            return page(200, "You are unsubscribed",
                    "<p>You will not get the weekly Sensei summary any more. To get it again, turn it on in Settings.</p>");
        });
    }

    /** A field of an application/x-www-form-urlencoded body (read by hand: any other body is simply ignored). */
    static String formField(String contentType, String body, String name) {
        if (contentType == null || body == null || body.length() > 8192
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return null;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return null; // broken %-escapes: no token
            }
        }
        return null;
    }

    private Optional<EmailTokens.Claims> valid(String token) {
        return tokens.verify(token, EmailTokens.UNSUBSCRIBE_WEEKLY, Instant.now());
    }

    /**
     * A browser (Accept: text/html, as from the link in the email) gets a page; any other client (a mail client's
     * one-click POST, a script) the JSON error envelope naming {@code token}, like every other 4xx of the API.
     */
    private static Response invalid(String accept) {
        if (accept == null || !accept.contains(MediaType.TEXT_HTML)) {
            ApiException e = ApiException.badRequest("token", "is not valid: the unsubscribe link is incomplete, changed or expired");
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.error())
                    .header("Cache-Control", "no-store").build();
        }
        return page(400, "This unsubscribe link is not valid",
                "<p>The link is incomplete, changed or expired. Turn the weekly summary off in Sensei's Settings instead,"
                        + " or use the link in a more recent summary email.</p>");
    }

    private static Response page(int status, String title, String body) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex"><title>%s · Sensei</title></head>
                <body><h1>Sensei</h1><h2>%s</h2>
                %s
                </body></html>
                """.formatted(escape(title), escape(title), body);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(html)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
