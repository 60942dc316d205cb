package com.convosensei.contracts.error;

/** One offending field (dotted path, e.g. {@code messages[3].timestamp}) and why it was refused. */
public record ErrorDetail(String field, String reason) {
}
