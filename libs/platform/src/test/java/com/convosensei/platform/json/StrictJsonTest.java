package com.convosensei.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.convosensei.platform.error.ApiException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    record Named(String name, Integer count, Double ratio) {
    }

    private final ObjectMapper mapper = strict();

    private static ObjectMapper strict() {
        ObjectMapper m = new ObjectMapper();
        new StrictJsonCustomizer().customize(m);
        return m;
    }

    @Test
    void aStringFieldTakesOnlyAString() throws Exception {
        assertThat(mapper.readValue("{\"name\":\"0\"}", Named.class).name()).isEqualTo("0");
        for (String body : new String[] {"{\"name\":0}", "{\"name\":1.5}", "{\"name\":true}"}) {
            assertThatThrownBy(() -> mapper.readValue(body, Named.class)).as(body)
                    .isInstanceOf(JsonMappingException.class)
                    .satisfies(e -> assertThat(((JsonMappingException) e).getPath().get(0).getFieldName()).isEqualTo("name"));
        }
        // the unstrict default does coerce: this is what the customizer is for
        assertThat(new ObjectMapper().readValue("{\"name\":0}", Named.class).name()).isEqualTo("0");
    }

    @Test
    void aFractionIsNotAWholeNumber() {
        assertThatThrownBy(() -> mapper.readValue("{\"count\":1.5}", Named.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void nulAndLoneSurrogatesAreRefusedWithTheReason() throws Exception {
        assertThat(mapper.readValue("{\"name\":\"\\ud83d\\ude00 ok\"}", Named.class).name()).isEqualTo("\ud83d\ude00 ok");
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"a\\u0000b\"}", Named.class))
                .isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(((JsonMappingException) e).getOriginalMessage()).isEqualTo("must not contain U+0000"));
        for (String lone : new String[] {"\\ud800", "x\\udc00", "\\ud800x"}) {
            assertThatThrownBy(() -> mapper.readValue("{\"name\":\"" + lone + "\"}", Named.class)).as(lone)
                    .isInstanceOf(JsonMappingException.class)
                    .satisfies(e -> assertThat(((JsonMappingException) e).getOriginalMessage()).contains("lone UTF-16 surrogate"));
        }
    }

    @Test
    void aNumberBeyondDoubleIsRefusedNotInfinity() throws Exception {
        assertThat(mapper.readValue("{\"ratio\":0.25}", Named.class).ratio()).isEqualTo(0.25);
        assertThatThrownBy(() -> mapper.readValue("{\"ratio\":1e400}", Named.class))
                .isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(((JsonMappingException) e).getOriginalMessage()).contains("range of a double"));
        assertThatThrownBy(() -> mapper.readValue("{\"ratio\":\"NaN\"}", Named.class)).isInstanceOf(JsonMappingException.class);
    }

    @Test
    void freeFormJsonIsBoundedAndStorable() throws Exception {
        JsonChecks.check("config", mapper.readTree("{\"a\":[{\"b\":1}],\"s\":\"\\ud83d\\ude00\"}"), 3);
        assertThatThrownBy(() -> JsonChecks.check("config", mapper.readTree("{\"a\":[{\"b\":[]}]}"), 3))
                .isInstanceOf(ApiException.class).hasMessageContaining("deeper than 3");
        String deep = "[".repeat(900) + "]".repeat(900);
        assertThatThrownBy(() -> JsonChecks.check("config", mapper.readTree(deep), 32)).isInstanceOf(ApiException.class);
        for (String bad : new String[] {"{\"k\":\"\\u0000\"}", "{\"\\ud800\":1}", "[\"\\udfff\"]", "{\"n\":1e400}"}) {
            assertThatThrownBy(() -> JsonChecks.check("config", mapper.readTree(bad), 32)).as(bad)
                    .isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).error().details().get(0).field()).startsWith("config"));
        }
    }
}
