package com.convosensei.processor.stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Helpers for {@link StreamHandler#decode}. */
public final class StreamEntries {

    private StreamEntries() {
    }

    /** The entry's {@code payload} field read as JSON into {@code type}; anything unreadable is non-retryable. */
    public static <T> T json(ObjectMapper mapper, StreamEntry entry, Class<T> type) {
        String payload = entry.payload();
        if (payload == null || payload.isBlank()) {
            throw new NonRetryableException("entry has no payload field");
        }
        try {
            T value = mapper.readValue(payload, type);
            if (value == null) {
                throw new NonRetryableException("payload is null");
            }
            return value;
        } catch (NonRetryableException e) {
            throw e;
        } catch (Exception e) {
            throw new NonRetryableException("unreadable " + type.getSimpleName() + " payload: " + e.getMessage(), e);
        }
    }
}
