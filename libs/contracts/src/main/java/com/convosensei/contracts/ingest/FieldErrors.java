package com.convosensei.contracts.ingest;

import com.convosensei.contracts.error.ErrorDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a validator's problems with the caller's path prefix ({@code conversations[2].}, {@code feedback[0].});
 * stops at {@link IngestFields#MAX_DETAILS}.
 */
final class FieldErrors {
    private final String prefix;
    final List<ErrorDetail> list = new ArrayList<>();

    FieldErrors(String prefix) {
        this.prefix = prefix;
    }

    void add(String field, String reason) {
        if (list.size() < IngestFields.MAX_DETAILS) {
            String name = field.isEmpty() ? (prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1))
                    : prefix + field;
            list.add(new ErrorDetail(name, reason));
        }
    }

    boolean full() {
        return list.size() >= IngestFields.MAX_DETAILS;
    }
}
