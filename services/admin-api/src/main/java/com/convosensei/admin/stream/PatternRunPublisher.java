package com.convosensei.admin.stream;

import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.contracts.stream.Streams;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Hands a queued pattern run to the processor: one {@link PatternRunRequest} entry on {@link PatternStreams#PATTERNS}. */
@ApplicationScoped
public class PatternRunPublisher {

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;

    public PatternRunPublisher(ReactiveRedisDataSource redis, ObjectMapper mapper) {
        this.streams = redis.stream(String.class);
        this.mapper = mapper;
    }

    /** The new entry's id. */
    public Uni<String> publish(PatternRunRequest request) {
        String json;
        try {
            json = mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return streams.xadd(PatternStreams.PATTERNS, Map.of(Streams.FIELD_PAYLOAD, json));
    }
}
