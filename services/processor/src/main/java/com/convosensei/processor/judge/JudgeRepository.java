package com.convosensei.processor.judge;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads what the judge needs and stores its verdicts in {@code conversation_judgments}. */
@ApplicationScoped
public class JudgeRepository {

    private final Pool pool;

    public JudgeRepository(Pool pool) {
        this.pool = pool;
    }

    public record Line(String role, String content) {
    }

    /** The conversation's messages when it still needs judging (ended if required, no verdict since its last message). */
    public Uni<List<Line>> transcriptIfDue(UUID conversationId, boolean onlyEnded, int maxMessages) {
        return pool.preparedQuery("""
                        select c.ended,
                               exists (select 1 from conversation_judgments j
                                       where j.conversation_id = c.id
                                         and j.created_at >= coalesce(c.last_message_at, c.created_at)) as judged
                        from conversations c where c.id = $1""")
                .execute(Tuple.of(conversationId))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem();
                    }
                    Row r = rows.iterator().next();
                    if (r.getBoolean("judged") || (onlyEnded && !r.getBoolean("ended"))) {
                        return Uni.createFrom().nullItem();
                    }
                    return pool.preparedQuery("""
                                    select role, content from (
                                        select role, content, id from messages where conversation_id = $1
                                        order by id desc limit $2) m
                                    order by id""")
                            .execute(Tuple.of(conversationId, maxMessages))
                            .map(messages -> {
                                List<Line> lines = new ArrayList<>();
                                for (Row m : messages) {
                                    lines.add(new Line(m.getString("role"), m.getString("content")));
                                }
                                return lines;
                            });
                });
    }

    public Uni<UUID> store(UUID conversationId, String model, List<String> failureTypes, String summary, String rawJson) {
        return pool.preparedQuery("""
                        insert into conversation_judgments (conversation_id, model, failure_types, summary, raw)
                        select c.id, $2, $3, $4, $5::text::jsonb from conversations c where c.id = $1
                        returning id""")
                .execute(Tuple.of(conversationId, model, failureTypes.toArray(String[]::new), summary, rawJson))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID("id") : null);
    }
}
