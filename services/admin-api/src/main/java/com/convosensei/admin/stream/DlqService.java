package com.convosensei.admin.stream;

import com.convosensei.contracts.Page;
import com.convosensei.contracts.admin.DlqEntry;
import com.convosensei.contracts.admin.DlqReplayResult;
import com.convosensei.contracts.stream.PatternStreams;
import com.convosensei.contracts.stream.Streams;
import com.convosensei.platform.error.ApiException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The dead-letter stream {@link Streams#DLQ}: entries the processor gave up on, each with its origin stream and
 * original payload. Listing is newest first with a cursor; replay puts the payload back on its origin stream.
 */
@ApplicationScoped
public class DlqService {

    /** Streams Sensei consumes; a DLQ entry naming anything else is never written back. */
    static final Set<String> REPLAYABLE = Set.of(Streams.INGEST, Streams.PROCESS, Streams.EMBED, Streams.ALERTS,
            PatternStreams.PATTERNS);
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");

    /**
     * Atomic replay: re-check the entry still exists, XADD it to the origin stream, XDEL it from the DLQ. Two admins
     * replaying the same entry at once therefore replay it once; the second gets nil (404).
     * KEYS[1] = DLQ, KEYS[2] = origin stream; ARGV[1] = entry id, ARGV[2..] = field, value pairs to add.
     */
    private static final String REPLAY_SCRIPT = """
            if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return false end
            local fields = {}
            for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
            local id = redis.call('XADD', KEYS[2], '*', unpack(fields))
            redis.call('XDEL', KEYS[1], ARGV[1])
            return id""";

    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;

    public DlqService(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
    }

    /** Newest first; {@code before} (exclusive) is the previous page's {@code next_cursor}. */
    public Uni<Page<DlqEntry>> list(int limit, String before) {
        String upper;
        if (before == null || before.isBlank()) {
            upper = "+";
        } else if (isStreamId(before)) {
            upper = "(" + before;
        } else {
            throw ApiException.badRequest("before", "must be a stream entry id like 1700000000000-0");
        }
        return streams.xrevrange(Streams.DLQ, StreamRange.of(upper, "-"), limit)
                .map(messages -> {
                    List<DlqEntry> items = new ArrayList<>(messages.size());
                    messages.forEach(m -> items.add(entry(m)));
                    String next = messages.size() == limit ? messages.get(messages.size() - 1).id() : null;
                    return new Page<>(items, next);
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(DlqService::unavailable);
    }

    public Uni<DlqReplayResult> replay(String id) {
        if (!isStreamId(id)) {
            throw ApiException.notFound("DLQ entry");
        }
        return streams.xrange(Streams.DLQ, StreamRange.of(id, id))
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("DLQ entry");
                    }
                    Map<String, String> fields = found.get(0).payload();
                    String origin = fields.get(Streams.FIELD_ORIGIN_STREAM);
                    String payload = fields.get(Streams.FIELD_PAYLOAD);
                    if (origin == null || !REPLAYABLE.contains(origin)) {
                        throw ApiException.conflict("DLQ entry " + id + " names origin stream \"" + origin
                                + "\", which Sensei does not consume; it cannot be replayed");
                    }
                    if (payload == null) {
                        throw ApiException.conflict("DLQ entry " + id + " has no payload to replay");
                    }
                    List<String> args = new ArrayList<>(List.of("EVAL", REPLAY_SCRIPT, "2", Streams.DLQ, origin, id,
                            Streams.FIELD_PAYLOAD, payload));
                    for (String trace : List.of(Streams.FIELD_TRACEPARENT, Streams.FIELD_TRACESTATE)) {
                        if (fields.get(trace) != null) {
                            args.add(trace);
                            args.add(fields.get(trace));
                        }
                    }
                    return redis.execute(args.get(0), args.subList(1, args.size()).toArray(new String[0]))
                            .map(response -> {
                                if (response == null || response.toString() == null) {
                                    throw ApiException.notFound("DLQ entry"); // replayed meanwhile by someone else
                                }
                                return new DlqReplayResult(id, response.toString(), origin);
                            });
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(DlqService::unavailable);
    }

    /**
     * A Redis stream entry id: two unsigned 64-bit numbers ("ms-seq"). Anything else Redis refuses with an error,
     * which must not pass for "Redis is unavailable" — a digit string beyond 2^64-1 is checked here for that reason.
     */
    static boolean isStreamId(String id) {
        if (id == null || !STREAM_ID.matcher(id).matches()) {
            return false;
        }
        int dash = id.indexOf('-');
        try {
            Long.parseUnsignedLong(id.substring(0, dash));
            Long.parseUnsignedLong(id.substring(dash + 1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ApiException unavailable(Throwable e) {
        io.quarkus.logging.Log.warnf("DLQ request failed: %s", e.toString());
        return ApiException.unavailable("Redis is unavailable; try again shortly", 5);
    }

    private static DlqEntry entry(StreamMessage<String, String, String> m) {
        Map<String, String> f = m.payload();
        Integer deliveries;
        try {
            deliveries = f.get(Streams.FIELD_DELIVERIES) == null ? null : Integer.valueOf(f.get(Streams.FIELD_DELIVERIES));
        } catch (NumberFormatException e) {
            deliveries = null;
        }
        return new DlqEntry(m.id(), f.get(Streams.FIELD_ORIGIN_STREAM), f.get(Streams.FIELD_ORIGIN_ID),
                f.get(Streams.FIELD_ERROR), deliveries, f.get(Streams.FIELD_FAILED_AT), f.get(Streams.FIELD_PAYLOAD));
    }
}
