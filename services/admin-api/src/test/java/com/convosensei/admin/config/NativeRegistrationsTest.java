package com.convosensei.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.nativeimage.NativeContracts;
import com.convosensei.platform.nativeimage.WireTypes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Native image: every type admin-api's REST layer and stream publishers hand to Jackson is registered. */
class NativeRegistrationsTest {

    /** Public records of the rest package that never reach Jackson, and why. */
    private static final Set<String> NOT_SERIALIZED = Set.of(
            "com.convosensei.admin.rest.Actor"); // the caller's identity, read from the verified JWT

    @Test
    void everyRestBodyIsRegistered() {
        Set<String> serialized = new HashSet<>(WireTypes.serialized(WireTypes.indexOf(NativeRegistrations.class), null));

        assertThat(serialized).contains("com.convosensei.admin.service.MemberService$Member",
                "com.convosensei.contracts.admin.ApiKeyView", "com.convosensei.contracts.admin.SettingsView");
        serialized.removeAll(NOT_SERIALIZED);
        assertThat(WireTypes.missing(serialized, WireTypes.registered(NativeContracts.class, NativeRegistrations.class)))
                .as("serialized by admin-api but not registered for reflection (NativeRegistrations)").isEmpty();
    }
}
