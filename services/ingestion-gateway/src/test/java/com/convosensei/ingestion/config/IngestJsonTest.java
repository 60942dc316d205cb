package com.convosensei.ingestion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The ingestion mapper never turns one JSON type into another. */
class IngestJsonTest {

    record Named(String name, Integer count, Boolean flag) {
    }

    private final ObjectMapper mapper = IngestJson.configure(new ObjectMapper());

    @Test
    void scalarCoercion__refused() {
        assertThatThrownBy(() -> mapper.readValue("{\"name\": 0}", Named.class)).hasMessageContaining("String");
        assertThatThrownBy(() -> mapper.readValue("{\"name\": true}", Named.class)).hasMessageContaining("String");
        assertThatThrownBy(() -> mapper.readValue("{\"count\": \"5\"}", Named.class)).hasMessageContaining("Integer");
        assertThatThrownBy(() -> mapper.readValue("{\"flag\": \"true\"}", Named.class)).hasMessageContaining("Boolean");
    }

    @Test
    void sameTypes__read() throws Exception {
        assertThat(mapper.readValue("{\"name\": \"0\", \"count\": 5, \"flag\": true}", Named.class))
                .isEqualTo(new Named("0", 5, true));
    }
}
