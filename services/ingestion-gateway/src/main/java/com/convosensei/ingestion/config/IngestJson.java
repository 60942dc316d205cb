package com.convosensei.ingestion.config;

import com.convosensei.contracts.ingest.FeedbackValidator;
import com.convosensei.contracts.ingest.TrackValidator;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JSON at intake. Track bodies are checked as trees by {@link TrackValidator} (types included), so nothing is coerced
 * there; the mapper itself refuses scalar coercion too ({@code {"name": 0}} is not the string "0", {@code "5"} is not
 * the number 5) so any future bound type fails loudly instead of changing what the client sent.
 */
@Singleton
public class IngestJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        configure(mapper);
    }

    /** Scalars keep their JSON type: no number or boolean becomes a string, no string a number or boolean. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    @Produces
    @Singleton
    TrackValidator trackValidator(ObjectMapper mapper) {
        return new TrackValidator(mapper);
    }

    @Produces
    @Singleton
    FeedbackValidator feedbackValidator() {
        return new FeedbackValidator();
    }
}
