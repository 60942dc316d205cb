package com.convosensei.gateway.web;

import com.convosensei.contracts.error.ApiError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

/** Every answer the gateway produces itself (not an upstream's) goes out in the one error envelope. */
@ApplicationScoped
public class ErrorEnvelope {

    private final ObjectMapper mapper;

    public ErrorEnvelope(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String json(ApiError error) {
        try {
            return mapper.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            return "{\"message\":\"internal error\",\"code\":\"internal_error\",\"details\":[]}";
        }
    }

    public void send(HttpServerResponse response, int status, ApiError error) {
        if (response.headWritten()) {
            response.reset(); // too late for a status line: cut the stream rather than append JSON to it
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(json(error));
    }
}
