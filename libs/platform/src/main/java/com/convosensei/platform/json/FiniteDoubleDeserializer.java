package com.convosensei.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/** Jackson's Double deserializer, refusing a JSON number beyond double's range (1e400) rather than storing Infinity. */
public class FiniteDoubleDeserializer extends NumberDeserializers.DoubleDeserializer {

    public FiniteDoubleDeserializer(Class<Double> type, Double nullValue) {
        super(type, nullValue);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        boolean number = p.hasToken(JsonToken.VALUE_NUMBER_FLOAT) || p.hasToken(JsonToken.VALUE_NUMBER_INT);
        Double value = super.deserialize(p, ctxt);
        if (value != null && !Double.isFinite(value)) {
            throw InvalidFormatException.from(p, number ? "is outside the range of a double" : "must be a finite number",
                    null, Double.class);
        }
        return value;
    }
}
