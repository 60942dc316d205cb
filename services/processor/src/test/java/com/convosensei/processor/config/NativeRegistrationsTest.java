package com.convosensei.processor.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.platform.nativeimage.NativeContracts;
import com.convosensei.platform.nativeimage.WireTypes;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Native image: every type the processor's stream codecs and REST layer hand to Jackson is registered. */
class NativeRegistrationsTest {

    @Test
    void everyDecodedStreamPayloadAndRestBodyIsRegistered() {
        Set<String> serialized = WireTypes.serialized(WireTypes.indexOf(NativeRegistrations.class),
                "com.convosensei.processor.stream.");

        // the scan finds every stream handler's payload (a broken scan would pass the next assertion vacuously)
        assertThat(serialized).contains("com.convosensei.contracts.stream.IngestEvent",
                "com.convosensei.contracts.stream.ProcessEvent", "com.convosensei.contracts.stream.FeedbackEvent",
                "com.convosensei.contracts.stream.PatternRunRequest", "com.convosensei.processor.alerts.AlertEvent",
                "com.convosensei.processor.embedding.EmbedEvent");
        assertThat(WireTypes.missing(serialized, WireTypes.registered(NativeContracts.class, NativeRegistrations.class)))
                .as("serialized by the processor but not registered for reflection (NativeRegistrations)").isEmpty();
    }
}
