package com.convosensei.db.privacy;

import java.util.List;

/**
 * The one statement that deletes conversations and everything about them, shared by erasure (admin-api) and
 * retention (processor). Every table that references {@code conversations} does so with {@code on delete cascade},
 * so deleting the conversation rows removes messages, failures (and their alert outbox flags), judgments, alerts,
 * pattern links and embeddings; health and the health-alert outbox flag are columns of the row itself. The counts
 * are read from the statement's snapshot, before the delete. A new table referencing conversations must be added to
 * {@link #CHILD_TABLES} (the erasure tests enumerate the foreign keys from the catalog and fail otherwise).
 *
 * <p>{@value #FEEDBACK} (V11) is keyed by the client's ids, not by a foreign key (feedback may arrive before its
 * conversation), so the same statement deletes it explicitly by (environment, external id) of the deleted rows.
 */
public final class ConversationPurge {

    /** Tables holding rows per conversation, counted in what an erasure or retention run reports. */
    public static final List<String> CHILD_TABLES = List.of("messages", "failures", "conversation_judgments", "alerts",
            "pattern_conversations", "conversation_embeddings");

    /** The table keyed by (environment, conversation_external_id) that the purge deletes by the deleted rows' ids. */
    public static final String FEEDBACK = "feedback";

    private ConversationPurge() {
    }

    /**
     * @param targetSelect a {@code select id from conversations ... for update [skip locked]} choosing the rows to
     *                     delete (it may use bind parameters)
     * @return a statement answering one row: a count column per {@link #CHILD_TABLES} entry, {@value #FEEDBACK} and
     *         {@code conversations}
     */
    public static String deleteReturningCounts(String targetSelect) {
        StringBuilder sql = new StringBuilder("with target as (").append(targetSelect).append("),\n")
                .append("gone as (delete from conversations c using target t where c.id = t.id"
                        + " returning c.id, c.environment, c.external_id),\n")
                .append("feedback_gone as (delete from feedback f using gone g where f.environment = g.environment"
                        + " and f.conversation_external_id = g.external_id returning f.id)\nselect ");
        for (String table : CHILD_TABLES) {
            sql.append("(select count(*) from ").append(table)
                    .append(" x where x.conversation_id in (select id from target)) as ").append(table).append(", ");
        }
        return sql.append("(select count(*) from feedback_gone) as ").append(FEEDBACK)
                .append(", (select count(*) from gone) as conversations").toString();
    }

    /** Column names of the counts row, in order: the child tables, {@value #FEEDBACK}, then {@code conversations}. */
    public static List<String> countColumns() {
        java.util.ArrayList<String> columns = new java.util.ArrayList<>(CHILD_TABLES);
        columns.add(FEEDBACK);
        columns.add("conversations");
        return List.copyOf(columns);
    }
}
