package com.convosensei.processor.stream;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The consumer end of one Redis stream. Implement it as an {@code @ApplicationScoped} bean and
 * {@link StreamConsumers} runs it: consumer group {@code processor}, batched reads, take-over of entries stuck at
 * dead consumers, retries with a delivery cap, dead-lettering, tracing, graceful shutdown (see the processor README).
 *
 * <p>Delivery is at-least-once: the same entry may be handed over again (after a crash, a timeout, or when a batch is
 * retried entry by entry), so {@link #process} must be idempotent. An entry is acknowledged only after
 * {@link #process} completed successfully.
 *
 * @param <T> the decoded payload
 */
public interface StreamHandler<T> {

    /** Short name: config key ({@code sensei.consumers.<name>.*}) and part of the consumer name. */
    String name();

    /** The stream to consume, e.g. {@code Streams.INGEST}. */
    String stream();

    /**
     * Turns an entry into its payload (usually {@link StreamEntries#json}). Runs on the consumer thread (no Vert.x
     * context, no I/O). Throwing means the entry can never be processed: it goes to the DLQ at once.
     */
    T decode(StreamEntry entry) throws Exception;

    /**
     * Does the work for a batch and completes once every effect is durable (after the database commit).
     * Runs on a fresh duplicated Vert.x context flagged safe, so {@code Panache.withTransaction} / {@code @WithTransaction}
     * work; the OpenTelemetry context is the consumer span of the batch's first entry.
     * <ul>
     *   <li>Failing with {@link NonRetryableException}: the entry (the batch is first split into single entries)
     *   goes to the DLQ at once.</li>
     *   <li>Failing with a transient error ({@link #isTransient}): the same batch is retried in place with backoff,
     *   without counting as a delivery, until it succeeds or the consumer stops.</li>
     *   <li>Any other failure: a multi-entry batch is retried entry by entry (so one bad entry cannot hold back good
     *   ones); a single entry stays pending and is retried after {@code claim-idle}, and goes to the DLQ once it has
     *   been delivered {@code max-deliveries} times.</li>
     * </ul>
     */
    Uni<Void> process(List<Decoded<T>> batch);

    /** True when the failure means "a dependency is down; the same work will succeed later". */
    default boolean isTransient(Throwable failure) {
        return StreamFailures.isTransient(failure);
    }
}
