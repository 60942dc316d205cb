package com.convosensei.processor.stream;

import com.convosensei.contracts.stream.Streams;
import com.convosensei.processor.config.StreamConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis stream commands a {@link StreamConsumer} needs, in one place. Blocking reads ({@code XREADGROUP ... BLOCK})
 * go over a connection the caller holds for itself ({@link #connect()}), so they never tie up the shared pool;
 * everything else uses the pooled data source.
 */
@ApplicationScoped
public class StreamOps {

    private final Redis redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final StreamConfig config;

    public StreamOps(Redis redis, ReactiveRedisDataSource dataSource, StreamConfig config) {
        this.redis = redis;
        this.streams = dataSource.stream(String.class, String.class, String.class);
        this.config = config;
    }

    /**
     * XGROUP CREATE stream group 0 MKSTREAM; an existing group (BUSYGROUP) is fine. From 0: nothing written before the
     * group existed is skipped.
     */
    public Uni<Void> ensureGroup(String stream, String group) {
        return streams.xgroupCreate(stream, group, "0", new XGroupCreateArgs().mkstream())
                .onFailure(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP")).recoverWithNull()
                .replaceWithVoid();
    }

    /** A connection of the caller's own, for blocking reads. */
    public Uni<RedisConnection> connect() {
        return redis.connect();
    }

    /**
     * XREADGROUP GROUP group consumer COUNT n BLOCK ms STREAMS stream from, on the caller's connection.
     * {@code from} is {@code >} for new entries, or an id to re-read this consumer's own pending entries after it.
     * Entries read with {@code >} have delivery count 1; for pending re-reads the caller asks {@link #deliveries}.
     */
    public Uni<List<StreamEntry>> read(RedisConnection connection, String stream, String group, String consumer,
                                       int count, Duration block, String from) {
        Request request = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer)
                .arg("COUNT").arg(count);
        if (block != null) {
            request.arg("BLOCK").arg(Math.max(1, block.toMillis()));
        }
        request.arg("STREAMS").arg(stream).arg(from);
        return connection.send(request).map(response -> parseRead(stream, response));
    }

    /** XAUTOCLAIM: takes entries idle longer than {@code minIdle} (from any consumer) for {@code consumer}. */
    public Uni<Claimed> claim(String stream, String group, String consumer, Duration minIdle, String cursor, int count) {
        return streams.xautoclaim(stream, group, consumer, minIdle, cursor, count)
                .map((ClaimedMessages<String, String, String> claimed) -> {
                    List<StreamEntry> entries = new ArrayList<>(claimed.getMessages().size());
                    for (StreamMessage<String, String, String> m : claimed.getMessages()) {
                        entries.add(new StreamEntry(stream, m.id(), m.payload() == null ? Map.of() : m.payload(), 0));
                    }
                    return new Claimed(claimed.getId(), entries);
                });
    }

    /** One XAUTOCLAIM page: the cursor to continue from ("0-0" when the scan wrapped) and the entries taken. */
    public record Claimed(String nextCursor, List<StreamEntry> entries) {
    }

    /** Delivery counts (XPENDING ... consumer) for entries this consumer holds, filled into the entries. */
    public Uni<List<StreamEntry>> withDeliveries(List<StreamEntry> entries, String group, String consumer) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(entries);
        }
        String stream = entries.get(0).stream();
        String min = entries.get(0).id();
        String max = entries.get(entries.size() - 1).id();
        for (StreamEntry e : entries) {
            if (compareIds(e.id(), min) < 0) {
                min = e.id();
            }
            if (compareIds(e.id(), max) > 0) {
                max = e.id();
            }
        }
        return streams.xpending(stream, group, StreamRange.of(min, max), Math.max(entries.size() * 2, 10),
                        new XPendingArgs().consumer(consumer))
                .map(pending -> {
                    Map<String, Integer> counts = new HashMap<>();
                    for (PendingMessage p : pending) {
                        counts.put(p.getMessageId(), p.getDeliveryCount());
                    }
                    List<StreamEntry> out = new ArrayList<>(entries.size());
                    for (StreamEntry e : entries) {
                        out.add(e.withDeliveries(counts.getOrDefault(e.id(), 1)));
                    }
                    return out;
                });
    }

    /**
     * Resets the idle time of entries this consumer is still working on ({@code XCLAIM ... 0 ids JUSTID}: no delivery
     * is counted), so a long batch is not taken over by XAUTOCLAIM elsewhere while it is in progress.
     */
    public Uni<Void> keepAlive(String stream, String group, String consumer, List<String> ids) {
        Request request = Request.cmd(Command.XCLAIM).arg(stream).arg(group).arg(consumer).arg(0);
        ids.forEach(request::arg);
        request.arg("JUSTID");
        return redis.send(request).replaceWithVoid();
    }

    public Uni<Integer> ack(String stream, String group, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return streams.xack(stream, group, ids.toArray(String[]::new));
    }

    /**
     * Moves an entry to {@code sensei:dlq} (payload, origin_stream, origin_id, error, deliveries, failed_at, consumer and
     * the entry's trace fields) and acknowledges it. An operator replays it by XADDing the payload to the origin stream.
     */
    public Uni<Void> deadLetter(StreamEntry entry, String group, String consumer, String error) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(Streams.FIELD_PAYLOAD, entry.payload() == null ? "" : entry.payload());
        fields.put(Streams.FIELD_ORIGIN_STREAM, entry.stream());
        fields.put(Streams.FIELD_ORIGIN_ID, entry.id());
        fields.put(Streams.FIELD_ERROR, error.length() > 2000 ? error.substring(0, 2000) : error);
        fields.put(Streams.FIELD_DELIVERIES, Long.toString(entry.deliveries()));
        fields.put(Streams.FIELD_FAILED_AT, Instant.now().toString());
        fields.put("consumer", consumer);
        for (String traceField : List.of(Streams.FIELD_TRACEPARENT, Streams.FIELD_TRACESTATE)) {
            String value = entry.fields().get(traceField);
            if (value != null) {
                fields.put(traceField, value);
            }
        }
        return streams.xadd(Streams.DLQ, new XAddArgs().maxlen(config.dlqMaxLen()).nearlyExactTrimming(), fields)
                .flatMap(id -> ack(entry.stream(), group, List.of(entry.id())))
                .replaceWithVoid();
    }

    /** Number of entries {@code consumer} still holds (pending, unacknowledged). */
    public Uni<Integer> pendingOf(String stream, String group, String consumer) {
        return streams.xpending(stream, group, StreamRange.of("-", "+"), 1, new XPendingArgs().consumer(consumer))
                .map(List::size);
    }

    /**
     * What the group holds, for the metrics: the XPENDING summary (count and lowest id) and the group's {@code lag}
     * from XINFO GROUPS (entries not yet delivered; null when Redis cannot tell, e.g. after deletions). A stream or
     * group that does not exist holds nothing.
     */
    public Uni<GroupState> groupState(String stream, String group) {
        Uni<GroupState> pending = streams.xpending(stream, group)
                .map(summary -> new GroupState(summary.getPendingCount(),
                        summary.getPendingCount() == 0 ? null : summary.getLowestId(), null))
                .onFailure(StreamOps::missing).recoverWithItem(new GroupState(0, null, 0L));
        Uni<Long> lag = redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))
                .map(response -> lagOf(response, group))
                .onFailure(StreamOps::missing).recoverWithItem(0L);
        return Uni.combine().all().unis(pending, lag).asTuple()
                .map(t -> new GroupState(t.getItem1().pending(), t.getItem1().oldestPendingId(), t.getItem2()));
    }

    /** See {@link #groupState}. */
    public record GroupState(long pending, String oldestPendingId, Long backlog) {
    }

    private static boolean missing(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("NOGROUP") || message.contains("no such key");
    }

    /** The {@code lag} field of {@code group} in an XINFO GROUPS reply (RESP2 flat pairs or RESP3 maps). */
    static Long lagOf(Response groups, String group) {
        if (groups == null) {
            return null;
        }
        for (Response g : groups) {
            Map<String, Response> fields = new HashMap<>();
            if (g.isMap()) {
                for (String key : g.getKeys()) {
                    fields.put(key, g.get(key));
                }
            } else {
                for (int i = 0; i + 1 < g.size(); i += 2) {
                    fields.put(g.get(i).toString(), g.get(i + 1));
                }
            }
            Response name = fields.get("name");
            if (name != null && group.equals(name.toString())) {
                Response lag = fields.get("lag");
                return lag == null ? null : lag.toLong();
            }
        }
        return null;
    }

    /** XGROUP DELCONSUMER: only call when {@link #pendingOf} is 0, or its pending entries would be orphaned. */
    public Uni<Long> deleteConsumer(String stream, String group, String consumer) {
        return streams.xgroupDelConsumer(stream, group, consumer);
    }

    /**
     * Parses an XREADGROUP reply: RESP2 [[stream, [[id, [f, v, ...]], ...]]] or RESP3 {stream: [[id, [...]], ...]}; nil
     * on timeout.
     */
    static List<StreamEntry> parseRead(String stream, Response response) {
        if (response == null) {
            return List.of();
        }
        Response entries = null;
        if (response.isMap()) {
            for (String key : response.getKeys()) {
                entries = response.get(key);
            }
        } else if (response.size() > 0) {
            entries = response.get(0).get(1);
        }
        if (entries == null) {
            return List.of();
        }
        List<StreamEntry> out = new ArrayList<>(entries.size());
        for (Response entry : entries) {
            String id = entry.get(0).toString();
            Response raw = entry.size() > 1 ? entry.get(1) : null;
            Map<String, String> fields = new LinkedHashMap<>();
            if (raw != null) {
                if (raw.isMap()) {
                    for (String key : raw.getKeys()) {
                        fields.put(key, raw.get(key).toString());
                    }
                } else {
                    for (int i = 0; i + 1 < raw.size(); i += 2) {
                        Response value = raw.get(i + 1);
                        fields.put(raw.get(i).toString(), value == null ? null : value.toString());
                    }
                }
            }
            out.add(new StreamEntry(stream, id, fields, 1));
        }
        return out;
    }

    /** Orders stream ids ("ms-seq") numerically. */
    static int compareIds(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        long ma = Long.parseLong(da < 0 ? a : a.substring(0, da));
        long mb = Long.parseLong(db < 0 ? b : b.substring(0, db));
        if (ma != mb) {
            return Long.compare(ma, mb);
        }
        long sa = da < 0 ? 0 : Long.parseLong(a.substring(da + 1));
        long sb = db < 0 ? 0 : Long.parseLong(b.substring(db + 1));
        return Long.compare(sa, sb);
    }
}
