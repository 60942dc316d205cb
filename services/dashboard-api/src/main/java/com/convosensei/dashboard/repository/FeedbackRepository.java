package com.convosensei.dashboard.repository;

import com.convosensei.contracts.conversation.FeedbackCounts;
import com.convosensei.contracts.conversation.FeedbackView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads of {@code feedback} (V11; written by the processor). Feedback is keyed by the client's ids, so it is matched
 * to a conversations row {@code c} on (environment, external_id): the leading columns of feedback_identity_key, and
 * of the partial feedback_negative_idx for the negative-only predicates. The fragments below are the one place that
 * spells that match; the conversation list and the KPIs use them.
 */
@ApplicationScoped
public class FeedbackRepository {

    private static final String OF_CONVERSATION =
            "f.environment = c.environment and f.conversation_external_id = c.external_id";

    /** True when conversation {@code c} has negative feedback; spelled as feedback_negative_idx's predicate. */
    static final String HAS_NEGATIVE = "exists (select 1 from feedback f where " + OF_CONVERSATION
            + " and f.polarity < 0)";

    /**
     * Adds {@code fb.feedback_total}, {@code fb.feedback_negative} and {@code fb.feedback_positive} for {@code c}: one
     * index probe per row (measured cheaper for the KPIs than an exists per share, and than aggregating all feedback).
     */
    static final String COUNTS_JOIN = """
            left join lateral (
                select count(*) as feedback_total,
                       count(*) filter (where f.polarity < 0) as feedback_negative,
                       count(*) filter (where f.polarity > 0) as feedback_positive
                from feedback f where %s
            ) fb on true""".formatted(OF_CONVERSATION);

    static final String COUNTS_COLUMNS = "fb.feedback_negative, fb.feedback_positive";

    /** Conversation-level feedback first (message_id ''), then in the order it was given. */
    private static final String OF_CONVERSATION_ID = """
            select f.id, f.kind, f.value, f.polarity, f.comment, f.message_external_id, f.user_id, f.given_at, f.source
            from conversations c join feedback f on %s
            where c.id = $1
            order by f.message_external_id <> '', f.given_at, f.id""".formatted(OF_CONVERSATION);

    private final Pool pool;

    public FeedbackRepository(Pool pool) {
        this.pool = pool;
    }

    /** All feedback of a conversation (empty also when the conversation does not exist: the caller asks). */
    public Uni<List<FeedbackView>> ofConversation(UUID conversationId) {
        return pool.preparedQuery(OF_CONVERSATION_ID).execute(Tuple.of(conversationId)).map(rows -> {
            List<FeedbackView> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(new FeedbackView(row.getUUID("id"), row.getString("kind"), row.getInteger("value"),
                        row.getInteger("polarity"), row.getString("comment"),
                        emptyToNull(row.getString("message_external_id")), emptyToNull(row.getString("user_id")),
                        Rows.instant(row, "given_at"), row.getString("source")));
            }
            return items;
        });
    }

    static FeedbackCounts counts(Row row) {
        return new FeedbackCounts(row.getLong("feedback_negative").intValue(),
                row.getLong("feedback_positive").intValue());
    }

    /** The table stores "none" as '' so its unique key needs no NULL handling; the API says null. */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
