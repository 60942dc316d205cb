package com.convosensei.platform.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one place every service's ObjectMapper is made strict, so a request body is taken as written or refused
 * with a 400 naming the field — never silently changed:
 * <ul>
 *   <li>a number or boolean where a string is expected is refused ({@code {"name": 0}} is not the name "0");</li>
 *   <li>a fraction where a whole number is expected is refused (1.5 is not 1);</li>
 *   <li>a string field holding U+0000 or a lone UTF-16 surrogate is refused ({@link StrictStringDeserializer});</li>
 *   <li>a number too large for a double (1e400) is refused instead of becoming Infinity;</li>
 *   <li>whatever was read can be written back (write nesting limit above the read limit).</li>
 * </ul>
 * Fields typed {@code JsonNode} (free-form config) are checked by {@link JsonChecks} where they are stored.
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // anything read (at most 1000 levels, Jackson's read limit) can be written back inside a response's own
        // few levels of wrapping; with equal limits a stored 999-level value broke every list holding it
        mapper.getFactory().setStreamWriteConstraints(StreamWriteConstraints.builder()
                .maxNestingDepth(StreamReadConstraints.DEFAULT_MAX_DEPTH * 2).build());
        mapper.registerModule(new SimpleModule("sensei-strict-json")
                .addDeserializer(String.class, new StrictStringDeserializer())
                .addDeserializer(Double.class, new FiniteDoubleDeserializer(Double.class, null))
                .addDeserializer(Double.TYPE, new FiniteDoubleDeserializer(Double.TYPE, 0.0)));
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // after the naming strategy and other defaults
    }
}
