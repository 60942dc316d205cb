package com.convosensei.processor.alerts;

import com.convosensei.contracts.stream.Streams;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Producer end of {@code sensei:alerts} (the process consumer, after its commit). */
@ApplicationScoped
public class AlertPublisher {

    /** Alerts are rare; a generous cap that still bounds memory if the consumer is down for long. */
    static final long MAX_LEN = 100_000;

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;

    public AlertPublisher(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.streams = redis.stream(String.class, String.class, String.class);
        this.mapper = mapper;
    }

    public Uni<Void> publish(List<AlertEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(this::publish)
                .collect().last().replaceWithVoid();
    }

    public Uni<String> publish(AlertEvent event) {
        String json;
        try {
            json = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return streams.xadd(Streams.ALERTS, new XAddArgs().maxlen(MAX_LEN).nearlyExactTrimming(),
                Map.of(Streams.FIELD_PAYLOAD, json));
    }
}
