package com.convosensei.processor.ingest;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.ingest.Role;
import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.stream.Decoded;
import com.convosensei.processor.stream.JsonStreamHandler;
import com.convosensei.processor.stream.ProcessPublisher;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Consumer of {@code sensei:ingest}: stores tracked conversations. Per batch: group entries by conversation, write
 * them in one transaction ({@link IngestRepository}), then — after the commit — ask for (re)scoring of every touched
 * conversation through {@link ProcessPublisher} (bursts coalesced). Idempotent: a re-sent conversation or a
 * re-delivered entry inserts nothing new.
 */
@ApplicationScoped
public class IngestSubscriber extends JsonStreamHandler<IngestEvent> {

    public static final String NAME = "ingest";

    private final IngestRepository repository;
    private final ProcessPublisher processPublisher;
    private final Tracer tracer;

    public IngestSubscriber(IngestRepository repository, ProcessPublisher processPublisher, ObjectMapper mapper,
                            Tracer tracer) {
        super(NAME, Streams.INGEST, IngestEvent.class, mapper);
        this.repository = repository;
        this.processPublisher = processPublisher;
        this.tracer = tracer;
    }

    /** JSON → IngestEvent, plus the invariants the gateway guarantees (an entry written by anything else may lack them). */
    @Override
    protected void check(IngestEvent event) {
        TrackRequest r = event.conversation();
        if (r == null) {
            throw invalid("ingest event has no conversation");
        }
        String id = r.conversationId();
        if (id == null || id.isBlank() || id.codePointCount(0, id.length()) > Limits.MAX_CONVERSATION_ID_LENGTH) {
            throw invalid("conversation_id missing or invalid");
        }
        if (r.messages() == null) {
            throw invalid("messages missing");
        }
        for (int i = 0; i < r.messages().size(); i++) {
            TrackMessage m = r.messages().get(i);
            if (m == null || m.role() == null || !Role.ALL.contains(m.role()) || m.content() == null
                    || m.timestamp() == null) {
                throw invalid("messages[" + i + "] lacks a valid role, content or timestamp");
            }
        }
    }

    @Override
    public Uni<Void> process(List<Decoded<IngestEvent>> batch) {
        List<ConversationWrite> writes = ConversationWrite.group(batch.stream().map(Decoded::value).toList());
        int messages = writes.stream().mapToInt(w -> w.messages.size()).sum();
        Span span = tracer.spanBuilder("ingest write")
                .setAttribute("sensei.entries", (long) batch.size())
                .setAttribute("sensei.conversations", (long) writes.size())
                .setAttribute("sensei.messages", (long) messages)
                .startSpan();
        return repository.write(writes)
                .invoke(result -> {
                    span.setAttribute("sensei.messages_inserted", (long) result.messagesInserted());
                    span.end();
                    Log.debugf("ingest: %d entries, %d conversations, %d/%d messages new", batch.size(),
                            writes.size(), result.messagesInserted(), messages);
                })
                .onFailure().invoke(e -> {
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR);
                    span.end();
                })
                // after the commit: a failure here retries the (idempotent) batch, so no request is lost
                .flatMap(result -> processPublisher.request(result.conversationIds().values(),
                        ProcessEvent.REASON_INGEST))
                .replaceWithVoid();
    }
}
