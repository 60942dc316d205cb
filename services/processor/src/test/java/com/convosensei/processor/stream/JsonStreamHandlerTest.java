package com.convosensei.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.contracts.stream.Streams;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decode half every JSON consumer shares: what is handed to process, and what is dead-lettered at once. */
class JsonStreamHandlerTest {

    record Ping(String id, Integer n) {
    }

    static final class PingHandler extends JsonStreamHandler<Ping> {
        final List<String> done = new ArrayList<>();

        PingHandler() {
            super("ping", "sensei:ping", Ping.class, new ObjectMapper());
        }

        @Override
        protected void check(Ping ping) {
            if (ping.id() == null) {
                throw invalid("ping without id");
            }
        }

        @Override
        public Uni<Void> process(List<Decoded<Ping>> batch) {
            return oneAtATime(batch, d -> Uni.createFrom().item(d.value().id()).invoke(done::add));
        }
    }

    private static StreamEntry entry(String payload) {
        return new StreamEntry("sensei:ping", "1-0", payload == null ? Map.of() : Map.of(Streams.FIELD_PAYLOAD, payload), 1);
    }

    private final PingHandler handler = new PingHandler();

    @Test
    void nameStreamAndAValidPayload() {
        assertThat(handler.name()).isEqualTo("ping");
        assertThat(handler.stream()).isEqualTo("sensei:ping");
        assertThat(handler.decode(entry("{\"id\":\"a\",\"n\":2}"))).isEqualTo(new Ping("a", 2));
    }

    @Test
    void missingUnreadableNullOrUncheckedPayloads__areNonRetryable() {
        assertThatThrownBy(() -> handler.decode(entry(null))).isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("no payload");
        assertThatThrownBy(() -> handler.decode(entry("{not json"))).isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("unreadable Ping payload");
        assertThatThrownBy(() -> handler.decode(entry("null"))).isInstanceOf(NonRetryableException.class);
        assertThatThrownBy(() -> handler.decode(entry("{\"n\":1}"))).isInstanceOf(NonRetryableException.class)
                .hasMessage("ping without id");
    }

    @Test
    void oneAtATime__runsEveryItemInOrder_andCompletesOnAnEmptyBatch() {
        List<Decoded<Ping>> batch = List.of(new Decoded<>(entry(null), new Ping("a", 1)),
                new Decoded<>(entry(null), new Ping("b", 2)), new Decoded<>(entry(null), new Ping("c", 3)));
        handler.process(batch).await().atMost(Duration.ofSeconds(5));
        assertThat(handler.done).containsExactly("a", "b", "c");
        handler.process(List.of()).await().atMost(Duration.ofSeconds(5));
        assertThat(handler.done).hasSize(3);
    }
}
