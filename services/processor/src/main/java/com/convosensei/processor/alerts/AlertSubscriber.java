package com.convosensei.processor.alerts;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.NonRetryableException;
import com.convosensei.processor.stream.StreamEntries;
import com.convosensei.processor.stream.StreamEntry;
import com.convosensei.processor.stream.StreamFailures;
import com.convosensei.processor.stream.StreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Consumer of {@code sensei:alerts}: one alert at a time, in order (Slack rate limits are per webhook). */
@ApplicationScoped
public class AlertSubscriber implements StreamHandler<AlertEvent> {

    private final AlertService alerts;
    private final ObjectMapper mapper;

    public AlertSubscriber(AlertService alerts, ObjectMapper mapper) {
        this.alerts = alerts;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public String stream() {
        return Streams.ALERTS;
    }

    @Override
    public AlertEvent decode(StreamEntry entry) {
        AlertEvent event = StreamEntries.json(mapper, entry, AlertEvent.class);
        if (event.eventId() == null || event.conversationId() == null || event.kind() == null
                || (AlertEvent.KIND_FAILURE.equals(event.kind()) && event.failureType() == null)) {
            throw new NonRetryableException("alert event lacks event_id, conversation_id, kind or failure_type");
        }
        return event;
    }

    @Override
    public Uni<Void> process(List<Decoded<AlertEvent>> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(d -> alerts.handle(d.value()))
                .collect().last().replaceWithVoid();
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
