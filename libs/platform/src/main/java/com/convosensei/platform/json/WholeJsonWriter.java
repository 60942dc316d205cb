package com.convosensei.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes JSON answers whole or not at all. Quarkus' own Jackson writer streams into the response, so a
 * serialization failure past the first buffer (8 KiB) left a 200 with truncated JSON; serializing to bytes first
 * makes any failure happen before anything is sent, and it reaches the exception mappers as a 500 in the envelope.
 */
@Provider
@Produces({MediaType.APPLICATION_JSON, "application/*+json", "text/json"})
public class WholeJsonWriter extends ServerMessageBodyWriter.AllWriteableMessageBodyWriter {

    private final ObjectMapper mapper;

    public WholeJsonWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void writeResponse(Object o, Type genericType, ServerRequestContext context) throws IOException {
        context.serverResponse().end(bytes(o));
    }

    @Override
    public void writeTo(Object o, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        entityStream.write(bytes(o));
    }

    /** A String entity is already JSON text (as with Quarkus' own writers); anything else is serialized. */
    private byte[] bytes(Object o) {
        if (o instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return mapper.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            // our answer could not be written: a 500 (ErrorMappers.unexpected logs it), not the client's 400
            throw new IllegalStateException("response could not be serialized: " + e.getOriginalMessage(), e);
        }
    }
}
