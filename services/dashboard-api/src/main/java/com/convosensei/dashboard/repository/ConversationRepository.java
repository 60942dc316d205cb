package com.convosensei.dashboard.repository;

import com.convosensei.platform.query.MetadataTag;
import com.convosensei.contracts.ListCount;
import com.convosensei.contracts.Page;
import com.convosensei.contracts.conversation.ConversationDetail;
import com.convosensei.contracts.conversation.ConversationSummary;
import com.convosensei.contracts.conversation.HealthComponent;
import com.convosensei.contracts.conversation.HealthView;
import com.convosensei.contracts.conversation.MessageView;
import com.convosensei.dashboard.service.Cursor;
import com.convosensei.dashboard.service.TranscriptMasking;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Conversation reads. Lists are keyset-paginated on the V1 indexes: (last_activity_at desc, id desc) and
 * (health_score, id); every query fetches limit + 1 rows to know whether a next page exists.
 */
@ApplicationScoped
public class ConversationRepository {

    public enum Sort { LAST_ACTIVITY, HEALTH }

    static final int PREVIEW_CHARS = 160;

    private static final String SUMMARY_COLUMNS = """
            c.id, c.external_id, c.environment, c.user_id, c.message_count, c.first_message_at, c.last_message_at,
            c.last_activity_at, c.ended, c.health_score, c.sentiment_avg, c.has_failures, c.failure_count,
            c.failure_types, c.max_severity""";

    /** The newest message's start (by the same order the thread shows) via messages_conversation_id_idx (V17). */
    private static final String PREVIEW_JOIN = """
            left join lateral (
                select left(m.content, 400) as preview from messages m
                where m.conversation_id = c.id order by m.id desc limit 1
            ) p on true""";

    private final Pool pool;
    private final ObjectMapper mapper;

    public ConversationRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** How many conversations the filter matches (see {@link ListCounter}: exact up to {@code cap}). */
    public Uni<ListCount> count(ConversationFilter filter, long cap, Duration timeout) {
        Sql sql = new Sql();
        String where = filters(sql, filter);
        return ListCounter.count(pool, "from conversations c where " + where, sql.tuple(), cap, timeout);
    }

    public Uni<Page<ConversationSummary>> list(ConversationFilter filter, Sort sort, boolean ascending, int limit,
                                               String cursor) {
        String kind = "conversations/" + sort.name().toLowerCase() + "/" + (ascending ? "asc" : "desc");
        List<String> after = cursor == null ? null : Cursor.decode(cursor, kind, 2);
        Sql sql = new Sql();
        String filters = filters(sql, filter);
        String statement = sort == Sort.LAST_ACTIVITY
                ? byActivity(sql, filters, ascending, limit, after)
                : byHealth(sql, filters, ascending, limit, after, filter.healthMin() != null || filter.healthMax() != null);
        if (statement == null) {
            return Uni.createFrom().item(new Page<>(List.of(), null));
        }
        return pool.preparedQuery(statement).execute(sql.tuple()).map(rows -> {
            List<ConversationSummary> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(summary(row));
            }
            return page(items, limit, last -> sort == Sort.LAST_ACTIVITY
                    ? Cursor.encode(kind, Cursor.micros(last.lastActivityAt().atOffset(ZoneOffset.UTC)), last.id().toString())
                    : Cursor.encode(kind, last.healthScore() == null ? "null" : Double.toString(last.healthScore()),
                            last.id().toString()));
        });
    }

    private static String filters(Sql sql, ConversationFilter f) {
        if (f.from() != null) {
            sql.and("c.last_activity_at >= " + sql.bind(f.from()) + "::timestamptz");
        }
        if (f.to() != null) {
            sql.and("c.last_activity_at < " + sql.bind(f.to()) + "::timestamptz");
        }
        if (f.healthMin() != null) {
            sql.and("c.health_score >= " + sql.bind(f.healthMin()) + "::float8");
        }
        if (f.healthMax() != null) {
            sql.and("c.health_score <= " + sql.bind(f.healthMax()) + "::float8");
        }
        if (f.hasFailures() != null) {
            // spelled as the partial index's predicate so the planner can use conversations_failing_activity_idx
            sql.and(f.hasFailures() ? "c.has_failures" : "not c.has_failures");
        }
        String scope = MetadataTag.condition(sql::bind, "c", f.environment(), f.tags());
        if (scope != null) {
            sql.and(scope);
        }
        if (f.types() != null) {
            // && / @> are what the GIN index on failure_types serves
            sql.and("c.failure_types && " + sql.bind(f.types().toArray(new String[0])) + "::text[]");
        }
        if (f.patternId() != null) {
            // served by pattern_conversations' primary key (pattern_id, conversation_id)
            sql.and("exists (select 1 from pattern_conversations pc where pc.pattern_id = " + sql.bind(f.patternId())
                    + "::uuid and pc.conversation_id = c.id)");
        }
        if (f.hasNegativeFeedback() != null) {
            sql.and(f.hasNegativeFeedback() ? FeedbackRepository.HAS_NEGATIVE : "not " + FeedbackRepository.HAS_NEGATIVE);
        }
        if (f.q() != null) {
            String q = sql.bind(f.q());
            sql.and("(starts_with(c.external_id, " + q + "::text) or exists (select 1 from messages m"
                    + " where m.conversation_id = c.id"
                    + " and to_tsvector('simple', m.content) @@ plainto_tsquery('simple', " + q + "::text)))");
        }
        return sql.where();
    }

    private static String byActivity(Sql sql, String filters, boolean asc, int limit, List<String> after) {
        String where = filters;
        if (after != null) {
            where += " and (c.last_activity_at, c.id) " + (asc ? ">" : "<") + " ("
                    + sql.bind(Cursor.parseMicros(after.get(0))) + "::timestamptz, "
                    + sql.bind(Cursor.parseUuid(after.get(1))) + "::uuid)";
        }
        String dir = asc ? "asc" : "desc";
        return "select " + SUMMARY_COLUMNS + ", p.preview, " + FeedbackRepository.COUNTS_COLUMNS
                + " from conversations c " + PREVIEW_JOIN + " " + FeedbackRepository.COUNTS_JOIN
                + " where " + where
                + " order by c.last_activity_at " + dir + ", c.id " + dir
                + " limit " + (limit + 1);
    }

    /**
     * Health order puts unscored conversations (null health) last in either direction. A single keyset predicate
     * cannot express "nulls last" on the (health_score, id) index, so the page is the union of two index-ordered
     * branches, scored then unscored, each limited; the outer sort only ever sees 2 * (limit + 1) rows.
     * Each branch orders by the index columns themselves so it stays an index scan (no sort). Null when no row can
     * follow the cursor.
     */
    private static String byHealth(Sql sql, String filters, boolean asc, int limit, List<String> after,
                                   boolean healthFiltered) {
        String dir = asc ? "asc" : "desc";
        String cmp = asc ? ">" : "<";
        boolean inUnscored = after != null && after.get(0).equals("null");
        UUID afterId = after == null ? null : Cursor.parseUuid(after.get(1));
        List<String> branches = new ArrayList<>();
        if (!inUnscored) {
            String where = filters + " and c.health_score is not null";
            if (after != null) {
                where += " and (c.health_score, c.id) " + cmp + " (" + sql.bind(Cursor.parseDouble(after.get(0)))
                        + "::float8, " + sql.bind(afterId) + "::uuid)";
            }
            branches.add("(select " + SUMMARY_COLUMNS + " from conversations c where " + where
                    + " order by c.health_score " + dir + ", c.id " + dir + " limit " + (limit + 1) + ")");
        }
        if (!healthFiltered) {
            String where = filters + " and c.health_score is null";
            if (inUnscored) {
                where += " and c.id " + cmp + " " + sql.bind(afterId) + "::uuid";
            }
            branches.add("(select " + SUMMARY_COLUMNS + " from conversations c where " + where
                    + " order by c.health_score " + dir + ", c.id " + dir + " limit " + (limit + 1) + ")");
        }
        if (branches.isEmpty()) {
            // an unscored-segment cursor with a health filter: nothing can follow
            return null;
        }
        return "select c.*, p.preview, " + FeedbackRepository.COUNTS_COLUMNS + " from ("
                + String.join(" union all ", branches) + ") c " + PREVIEW_JOIN + " " + FeedbackRepository.COUNTS_JOIN
                + " order by c.health_score " + dir + " nulls last, c.id " + dir
                + " limit " + (limit + 1);
    }

    public Uni<ConversationDetail> detail(UUID id) {
        return pool.preparedQuery("""
                        select c.*, c.metadata::text as metadata_text from conversations c where c.id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : detail(rows.iterator().next()));
    }

    public Uni<Boolean> exists(UUID id) {
        return pool.preparedQuery("select 1 from conversations where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    /**
     * Messages in the order the client sent them (id order: array order within a request, then the order requests
     * arrived; timestamps may tie or skew, see docs/architecture.md), keyset-paginated on messages_conversation_id_idx
     * (V17); null when the conversation does not exist.
     */
    public Uni<Page<MessageView>> messages(UUID conversationId, int limit, String cursor) {
        String kind = "messages/client-order";
        List<String> after = cursor == null ? null : Cursor.decode(cursor, kind, 1);
        Sql sql = new Sql();
        sql.and("m.conversation_id = " + sql.bind(conversationId) + "::uuid");
        if (after != null) {
            sql.and("m.id > " + sql.bind(Cursor.parseLong(after.get(0))) + "::bigint");
        }
        String statement = """
                select m.id, m.external_id, m.role, m.content, m.sent_at, m.metadata::text as metadata, m.latency_ms,
                       m.tokens, m.sentiment_score
                from messages m where %s order by m.id limit %d""".formatted(sql.where(), limit + 1);
        return pool.preparedQuery(statement).execute(sql.tuple()).chain(rows -> {
            List<MessageView> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(new MessageView(row.getLong("id"), row.getString("external_id"), row.getString("role"),
                        row.getString("content"), Rows.instant(row, "sent_at"), Rows.json(mapper, row, "metadata"),
                        row.getInteger("latency_ms"), row.getInteger("tokens"), row.getDouble("sentiment_score")));
            }
            Page<MessageView> page = page(items, limit, last -> Cursor.encode(kind, Long.toString(last.id())));
            // an empty page is either the end of a thread or an unknown conversation: only then ask which
            return items.isEmpty() ? exists(conversationId).map(found -> found ? page : null) : Uni.createFrom().item(page);
        });
    }

    public Uni<HealthView> health(UUID id) {
        return pool.preparedQuery("""
                        select health_score, health_version, scored_at, health_breakdown::text as breakdown
                        from conversations where id = $1""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : health(id, rows.iterator().next()));
    }

    private HealthView health(UUID id, Row row) {
        Double score = row.getDouble("health_score");
        JsonNode breakdown = Rows.json(mapper, row, "breakdown");
        List<HealthComponent> components = new ArrayList<>();
        String summary = null;
        if (breakdown != null) {
            for (JsonNode c : breakdown.path("components")) {
                try {
                    components.add(mapper.treeToValue(c, HealthComponent.class));
                } catch (Exception e) {
                    Log.warnf("conversation %s: unreadable health component %s", id, c);
                }
            }
            summary = breakdown.path("summary").isTextual() ? breakdown.path("summary").asText() : null;
        }
        String version = row.getString("health_version");
        if (version == null && breakdown != null && breakdown.path("version").isTextual()) {
            version = breakdown.path("version").asText();
        }
        return new HealthView(id, score != null, score, version, Rows.instant(row, "scored_at"), components, summary);
    }

    private ConversationSummary summary(Row row) {
        return new ConversationSummary(row.getUUID("id"), row.getString("external_id"), row.getString("environment"),
                row.getString("user_id"), row.getInteger("message_count"), Rows.instant(row, "first_message_at"),
                Rows.instant(row, "last_message_at"), Rows.instant(row, "last_activity_at"), row.getBoolean("ended"),
                row.getDouble("health_score"), row.getDouble("sentiment_avg"), row.getBoolean("has_failures"),
                row.getInteger("failure_count"), Rows.strings(row, "failure_types"), row.getString("max_severity"),
                preview(row.getString("preview")), FeedbackRepository.counts(row));
    }

    private ConversationDetail detail(Row row) {
        return new ConversationDetail(row.getUUID("id"), row.getString("external_id"), row.getString("environment"),
                row.getString("user_id"), Rows.json(mapper, row, "metadata_text"), row.getInteger("message_count"),
                Rows.instant(row, "first_message_at"), Rows.instant(row, "last_message_at"),
                Rows.instant(row, "last_activity_at"), row.getBoolean("ended"), Rows.instant(row, "ended_at"),
                row.getString("ended_reason"), row.getDouble("health_score"), row.getString("health_version"),
                Rows.instant(row, "scored_at"), row.getDouble("sentiment_avg"), row.getDouble("sentiment_min"),
                row.getDouble("sentiment_last"), row.getDouble("sentiment_trend"), row.getBoolean("has_failures"),
                row.getInteger("failure_count"), Rows.strings(row, "failure_types"), row.getString("max_severity"),
                Rows.instant(row, "created_at"));
    }

    /**
     * One line of at most {@value #PREVIEW_CHARS} characters (code points), "…" when cut; personal data masked (the
     * list and its {@code q} search never hand back what the transcript masks).
     */
    static String preview(String content) {
        if (content == null) {
            return null;
        }
        String line = TranscriptMasking.mask(content).strip().replaceAll("\\s+", " ");
        if (line.codePointCount(0, line.length()) <= PREVIEW_CHARS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, PREVIEW_CHARS - 1)).stripTrailing() + "…";
    }

    /** Trims the extra row fetched to detect a next page and builds the cursor from the last row kept. */
    static <T> Page<T> page(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)));
    }
}
