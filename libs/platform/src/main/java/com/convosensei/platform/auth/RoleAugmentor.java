package com.convosensei.platform.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives a verified token its Sensei role ({@link Roles}) and nothing else: roles smallrye-jwt derived from a
 * {@code groups} claim are dropped, so {@code @RolesAllowed} has one source of truth.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    private final Set<String> adminEmails;
    private final Optional<String> defaultRole;

    public RoleAugmentor(@ConfigProperty(name = "sensei.auth.admin-emails") Optional<String> adminEmails,
            @ConfigProperty(name = "sensei.auth.default-role") Optional<String> defaultRole) {
        this.adminEmails = adminEmails.map(list -> Arrays.stream(list.split(","))
                .map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
        this.defaultRole = defaultRole.filter(r -> !r.isBlank());
        this.defaultRole.ifPresent(r -> {
            if (!r.trim().equalsIgnoreCase(Roles.VIEWER) && !r.trim().equalsIgnoreCase("none")) {
                throw new IllegalArgumentException("SENSEI_DEFAULT_ROLE must be 'viewer' or 'none', not '" + r + "'");
            }
        });
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Optional<String> role = Roles.resolve(Roles.appMetadataRole(jwt.getClaim("app_metadata")),
                Optional.ofNullable(jwt.<String>getClaim("email")), adminEmails, Optional.empty(), defaultRole);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes());
        role.ifPresent(builder::addRole);
        return Uni.createFrom().item(builder.build());
    }
}
