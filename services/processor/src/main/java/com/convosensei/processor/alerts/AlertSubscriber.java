package com.convosensei.processor.alerts;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.JsonStreamHandler;
import com.convosensei.processor.stream.StreamFailures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Consumer of {@code sensei:alerts}: one alert at a time, in order (Slack rate limits are per webhook). */
@ApplicationScoped
public class AlertSubscriber extends JsonStreamHandler<AlertEvent> {

    private final AlertService alerts;

    public AlertSubscriber(AlertService alerts, ObjectMapper mapper) {
        super("alerts", Streams.ALERTS, AlertEvent.class, mapper);
        this.alerts = alerts;
    }

    @Override
    protected void check(AlertEvent event) {
        if (event.eventId() == null || event.conversationId() == null || event.kind() == null
                || (AlertEvent.KIND_FAILURE.equals(event.kind()) && event.failureType() == null)) {
            throw invalid("alert event lacks event_id, conversation_id, kind or failure_type");
        }
    }

    @Override
    public Uni<Void> process(List<Decoded<AlertEvent>> batch) {
        return oneAtATime(batch, d -> alerts.handle(d.value(), d.entry().deliveries()));
    }

    /**
     * Slack staying down through the in-process retries is not "retry in place forever": the entry counts a delivery
     * and is dead-lettered after the cap (the admin can replay it from the DLQ).
     */
    @Override
    public boolean isTransient(Throwable failure) {
        return !(failure instanceof AlertDeliveryException) && StreamFailures.isTransient(failure);
    }
}
