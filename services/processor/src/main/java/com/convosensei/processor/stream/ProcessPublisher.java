package com.convosensei.processor.stream;

import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.config.StreamConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Asks the process consumer to (re)score conversations, coalescing bursts. The contract:
 * <ul>
 *   <li>{@link #request} enqueues a {@link ProcessEvent} on {@code sensei:process} for a conversation only if its
 *   marker {@code sensei:process:pending:<id>} was absent; it sets the marker ({@code SET NX PX window}) and XADDs in
 *   one Lua script, so a marker never exists without its entry. While the marker lives, further requests for that
 *   conversation are dropped: the queued entry will see their data anyway.</li>
 *   <li>The process consumer MUST call {@link #release} (DEL the marker) BEFORE it loads the conversation. Data that
 *   arrives after the load then re-enqueues, so no update is left unscored.</li>
 *   <li>The marker expires after {@code sensei.stream.process-coalesce-window} (default 5 s) even without release,
 *   so a lost or slow process entry delays a re-score by at most that window; a duplicate process entry is harmless
 *   (scoring is idempotent).</li>
 * </ul>
 * Entries carry the caller's trace context, so the scoring joins the trace that ingested the data.
 */
@ApplicationScoped
public class ProcessPublisher {

    public static final String PENDING_PREFIX = "sensei:process:pending:";

    /**
     * KEYS[1] = stream, KEYS[2..] = markers; ARGV[1] = window ms, ARGV[2] = maxlen, ARGV[3] = traceparent,
     * ARGV[4] = tracestate, ARGV[5..] = payload per marker. Returns how many were enqueued.
     */
    private static final String SCRIPT = """
            local enqueued = 0
            for i = 2, #KEYS do
              if redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[1]) then
                local fields = {'payload', ARGV[i + 3]}
                if ARGV[3] ~= '' then fields[#fields + 1] = 'traceparent'; fields[#fields + 1] = ARGV[3] end
                if ARGV[4] ~= '' then fields[#fields + 1] = 'tracestate'; fields[#fields + 1] = ARGV[4] end
                redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
                enqueued = enqueued + 1
              end
            end
            return enqueued
            """;

    private final Redis redis;
    private final ObjectMapper mapper;
    private final StreamConfig config;

    public ProcessPublisher(Redis redis, ObjectMapper mapper, StreamConfig config) {
        this.redis = redis;
        this.mapper = mapper;
        this.config = config;
    }

    /** The coalescing marker of a conversation. */
    public static String pendingKey(UUID conversationId) {
        return PENDING_PREFIX + conversationId;
    }

    /**
     * Enqueues a process request for each conversation not already waiting; completes with the number enqueued.
     * One round trip for the whole collection.
     */
    public Uni<Integer> request(Collection<UUID> conversationIds, String reason) {
        return request(Streams.PROCESS, conversationIds, reason);
    }

    /** As {@link #request(Collection, String)} onto another stream (tests, where a live process consumer would interfere). */
    Uni<Integer> request(String stream, Collection<UUID> conversationIds, String reason) {
        Set<UUID> ids = new LinkedHashSet<>(conversationIds);
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, String> trace = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), trace, (carrier, k, v) -> carrier.put(k, v));
        Instant now = Instant.now();
        Request eval = Request.cmd(Command.EVAL).arg(SCRIPT).arg(ids.size() + 1).arg(stream);
        for (UUID id : ids) {
            eval.arg(pendingKey(id));
        }
        eval.arg(Math.max(1, config.processCoalesceWindow().toMillis()))
                .arg(config.processMaxLen())
                .arg(trace.getOrDefault(Streams.FIELD_TRACEPARENT, ""))
                .arg(trace.getOrDefault(Streams.FIELD_TRACESTATE, ""));
        try {
            for (UUID id : ids) {
                eval.arg(mapper.writeValueAsString(new ProcessEvent(id, reason, now)));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return redis.send(eval).map(r -> r == null ? 0 : r.toInteger());
    }

    /** Enqueues one conversation (see {@link #request(Collection, String)}). */
    public Uni<Boolean> request(UUID conversationId, String reason) {
        return request(List.of(conversationId), reason).map(n -> n > 0);
    }

    /** Drops the marker: the process consumer calls this before loading the conversation (see class comment). */
    public Uni<Void> release(UUID conversationId) {
        return redis.send(Request.cmd(Command.DEL).arg(pendingKey(conversationId))).replaceWithVoid();
    }
}
