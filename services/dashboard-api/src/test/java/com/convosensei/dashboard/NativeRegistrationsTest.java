package com.convosensei.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.dashboard.rest.ConversationResource;
import com.convosensei.platform.nativeimage.NativeContracts;
import com.convosensei.platform.nativeimage.WireTypes;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Native image: every type dashboard-api's REST layer hands to Jackson is registered. All of them are contracts
 * (platform's NativeContracts); a service-local body would need a NativeRegistrations class here.
 */
class NativeRegistrationsTest {

    @Test
    void everyRestBodyIsRegistered() {
        Set<String> serialized = WireTypes.serialized(WireTypes.indexOf(ConversationResource.class), null);

        assertThat(serialized).contains("com.convosensei.contracts.conversation.ConversationDetail",
                "com.convosensei.contracts.analytics.AnalyticsSummary", "com.convosensei.contracts.Page");
        assertThat(WireTypes.missing(serialized, WireTypes.registered(NativeContracts.class)))
                .as("serialized by dashboard-api but not registered for reflection").isEmpty();
    }
}
