package com.convosensei.dashboard.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How far list totals are counted exactly ({@code cap}) and how long counting may take before an estimate answers. */
@ApplicationScoped
public class ListCounts {

    private final long cap;
    private final Duration timeout;

    public ListCounts(@ConfigProperty(name = "sensei.dashboard.count.cap", defaultValue = "10000") long cap,
                      @ConfigProperty(name = "sensei.dashboard.count.timeout", defaultValue = "PT1S") Duration timeout) {
        this.cap = cap;
        this.timeout = timeout;
    }

    public long cap() {
        return cap;
    }

    public Duration timeout() {
        return timeout;
    }
}
