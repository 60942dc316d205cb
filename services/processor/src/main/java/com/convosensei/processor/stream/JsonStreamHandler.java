package com.convosensei.processor.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * Base of the processor's consumers whose entries carry one JSON payload: it owns the name, the stream and the
 * decoding ({@link StreamEntries#json}, then {@link #check}); an entry that cannot be decoded or checked is
 * non-retryable and goes to the DLQ at once, and acknowledging stays with {@link StreamConsumers} (after
 * {@link #process} succeeded). Subclasses keep only their invariants and their work.
 *
 * @param <T> the payload type
 */
public abstract class JsonStreamHandler<T> implements StreamHandler<T> {

    private final String name;
    private final String stream;
    private final Class<T> type;
    private final ObjectMapper mapper;

    protected JsonStreamHandler(String name, String stream, Class<T> type, ObjectMapper mapper) {
        this.name = name;
        this.stream = stream;
        this.type = type;
        this.mapper = mapper;
    }

    /** For the CDI client proxy only: normal-scoped beans need a no-args constructor all the way up (no method
     * here is final, so the proxy delegates every call to the bean). */
    protected JsonStreamHandler() {
        this(null, null, null, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public T decode(StreamEntry entry) {
        T value = StreamEntries.json(mapper, entry, type);
        check(value);
        return value;
    }

    /**
     * The invariants the producer guarantees but an entry written by anything else may lack; throw
     * {@link NonRetryableException} (see {@link #invalid}) to dead-letter the entry. Runs on the consumer thread.
     */
    protected void check(T value) {
    }

    /** The exception {@link #check} throws for an entry that can never be processed. */
    protected static NonRetryableException invalid(String reason) {
        return new NonRetryableException(reason);
    }

    /** Runs {@code work} for each item, one after the other, in order; completes after the last one. */
    protected static <I> Uni<Void> oneAtATime(Iterable<I> items, Function<I, Uni<?>> work) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(work::apply)
                .collect().last().replaceWithVoid();
    }
}
