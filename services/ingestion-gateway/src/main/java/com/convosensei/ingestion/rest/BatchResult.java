package com.convosensei.ingestion.rest;

import java.util.List;

/** 207 body of {@code POST /api/v1/conversations/track/batch}: one result per item, in request order. */
public record BatchResult(List<BatchItemResult> results) {
}
