package com.convosensei.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's role settings ({@code SENSEI_ADMIN_EMAILS}, {@code SENSEI_DEFAULT_ROLE}) applied through
 * {@link Roles}: shared by the identity augmentor (every request) and the members page (everyone listed).
 */
@ApplicationScoped
public class RolePolicy {

    private final Set<String> adminEmails;
    private final Optional<String> defaultRole;

    public RolePolicy(@ConfigProperty(name = "sensei.auth.admin-emails") Optional<String> adminEmails,
            @ConfigProperty(name = "sensei.auth.default-role") Optional<String> defaultRole) {
        this.adminEmails = adminEmails.map(list -> Arrays.stream(list.split(","))
                .map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
        this.defaultRole = defaultRole.filter(r -> !r.isBlank()).map(r -> r.trim().toLowerCase(Locale.ROOT));
        this.defaultRole.ifPresent(r -> {
            if (!r.equals(Roles.VIEWER) && !r.equals("none")) {
                throw new IllegalArgumentException("SENSEI_DEFAULT_ROLE must be 'viewer' or 'none', not '" + r + "'");
            }
        });
    }

    public Optional<Roles.Decision> decide(String claimedRole, String email, String storedRole) {
        return Roles.decide(Optional.ofNullable(claimedRole), Optional.ofNullable(email), adminEmails,
                Optional.ofNullable(storedRole), defaultRole);
    }
}
