package com.convosensei.processor.config;

import com.convosensei.processor.alerts.AlertEvent;
import com.convosensei.processor.embedding.EmbedEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: the processor's own stream payloads, which Jackson reads and writes as the JSON of {@code sensei:alerts}
 * and {@code sensei:embed} entries (the contract types are platform's {@code NativeContracts}).
 * {@code NativeRegistrationsTest} fails when a decoded or serialized type is missing.
 */
@RegisterForReflection(targets = {
        AlertEvent.class,
        EmbedEvent.class
})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
