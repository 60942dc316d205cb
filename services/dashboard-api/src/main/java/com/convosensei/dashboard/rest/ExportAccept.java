package com.convosensei.dashboard.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An export's media type is chosen by its {@code format} parameter, not by content negotiation: a client asking for
 * {@code application/x-ndjson} (or {@code application/json}, to read a refusal) must reach the endpoint, which then
 * answers the file or a 400 naming the bad parameter, instead of a 406 from matching against {@code @Produces}.
 */
public class ExportAccept {

    @ServerRequestFilter(preMatching = true)
    public void acceptAnyForExports(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().endsWith("/export")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, "*/*");
        }
    }
}
