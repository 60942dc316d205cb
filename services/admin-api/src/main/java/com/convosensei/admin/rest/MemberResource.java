package com.convosensei.admin.rest;

import com.convosensei.admin.service.MemberService;
import com.convosensei.admin.service.MemberService.Member;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/** Members admin page: who signed in, with which role from where, and the stored role admins can change. */
@Path("/api/v1/members")
@RolesAllowed(Roles.ADMIN)
public class MemberResource {

    private final MemberService members;
    private final JsonWebToken jwt;

    public MemberResource(MemberService members, JsonWebToken jwt) {
        this.members = members;
        this.jwt = jwt;
    }

    @GET
    public Uni<List<Member>> list() {
        return members.list();
    }

    /** Body {@code {"role": "admin" | "viewer" | null}}; null clears the stored role (SENSEI_DEFAULT_ROLE applies). */
    @PUT
    @Path("/{subject}/role")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "role",
        properties = @SchemaProperty(name = "role", type = SchemaType.STRING, nullable = true, enumeration = {"admin", "viewer"},
                description = "null clears the stored role (SENSEI_DEFAULT_ROLE applies)"))))
    public Uni<Member> setRole(@PathParam("subject") String subject, JsonNode body) {
        if (body == null || !body.isObject() || !body.has("role")) {
            throw ApiException.badRequest("role", "is required: \"admin\", \"viewer\" or null");
        }
        JsonNode role = body.get("role");
        String value = role.isNull() ? null : role.isTextual() ? role.asText() : "";
        if (value != null && !value.equals(Roles.ADMIN) && !value.equals(Roles.VIEWER)) {
            throw ApiException.badRequest("role", "must be \"admin\", \"viewer\" or null");
        }
        return members.setRole(subject, value, Actor.of(jwt).subject());
    }
}
