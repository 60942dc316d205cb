package com.convosensei.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;

/**
 * Jackson's String deserializer, refusing what PostgreSQL cannot store as written: U+0000 (text and jsonb reject
 * it) and lone UTF-16 surrogates (encoding them to UTF-8 silently turns them into '?').
 */
public class StrictStringDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = super.deserialize(p, ctxt);
        String problem = JsonChecks.textProblem(value);
        if (problem != null) {
            // the reason alone: the value is not echoed (it may be large, or be the invalid text itself)
            throw InvalidFormatException.from(p, problem, null, String.class);
        }
        return value;
    }
}
