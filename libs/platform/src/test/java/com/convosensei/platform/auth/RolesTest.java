package com.convosensei.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {

    private static final Set<String> ADMINS = Set.of("boss@example.com");

    @Test
    void appMetadataRole__wins__andUnknownValuesAreIgnored() {
        assertThat(Roles.resolve(Optional.of("viewer"), Optional.of("boss@example.com"), ADMINS, Optional.empty(), Optional.empty()))
                .contains("viewer");
        assertThat(Roles.resolve(Optional.of("ADMIN "), Optional.empty(), ADMINS, Optional.empty(), Optional.empty())).contains("admin");
        assertThat(Roles.resolve(Optional.of("service_role"), Optional.empty(), ADMINS, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void allowlistedEmail__isAdmin__caseInsensitive() {
        assertThat(Roles.resolve(Optional.empty(), Optional.of("Boss@Example.com"), ADMINS, Optional.empty(), Optional.empty()))
                .contains("admin");
    }

    @Test
    void storedRole__appliesWhenNoClaimOrAllowlist() {
        assertThat(Roles.resolve(Optional.empty(), Optional.of("x@example.com"), ADMINS, Optional.of("viewer"), Optional.empty()))
                .contains("viewer");
    }

    @Test
    void everyoneElse__isRefused__unlessDefaultIsViewer_andDefaultCanNeverBeAdmin() {
        assertThat(Roles.resolve(Optional.empty(), Optional.of("x@example.com"), ADMINS, Optional.empty(), Optional.empty())).isEmpty();
        assertThat(Roles.resolve(Optional.empty(), Optional.of("x@example.com"), ADMINS, Optional.empty(), Optional.of("viewer")))
                .contains("viewer");
        assertThat(Roles.resolve(Optional.empty(), Optional.of("x@example.com"), ADMINS, Optional.empty(), Optional.of("admin")))
                .isEmpty();
    }

    @Test
    void appMetadataRole__readsMapForm() {
        assertThat(Roles.appMetadataRole(Map.of("sensei_role", "viewer"))).contains("viewer");
        assertThat(Roles.appMetadataRole(Map.of("provider", "email"))).isEmpty();
        assertThat(Roles.appMetadataRole(null)).isEmpty();
    }
}
