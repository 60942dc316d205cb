package com.convosensei.processor.alerts;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Once a minute (configurable), sends one digest message for the alerts that overflowed the per-minute limit. Any
 * replica may run it: claiming the overflow alerts is one locked transaction, so each alert is summarised once.
 */
@ApplicationScoped
public class DigestScheduler {

    private final AlertService alerts;

    public DigestScheduler(AlertService alerts) {
        this.alerts = alerts;
    }

    @Scheduled(identity = "alerts-digest", every = "${sensei.alerts.digest-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flush() {
        return alerts.flushDigest()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("alert digest flush failed (retried next time): %s", e.toString());
                    return null;
                });
    }
}
