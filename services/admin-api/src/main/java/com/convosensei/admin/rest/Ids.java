package com.convosensei.admin.rest;

import com.convosensei.platform.error.ApiException;
import java.util.UUID;

/** Path ids: anything that is not a UUID cannot name a row, so it is a 404 like an unknown id. */
final class Ids {

    private Ids() {
    }

    static UUID uuid(String raw, String what) {
        UUID id = uuidOrNull(raw);
        if (id == null) {
            throw ApiException.notFound(what);
        }
        return id;
    }

    /** A canonical 36-character UUID, or null (UUID.fromString alone also takes forms like "1-2-3-4-5"). */
    static UUID uuidOrNull(String raw) {
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
