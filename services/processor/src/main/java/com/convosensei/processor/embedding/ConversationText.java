package com.convosensei.processor.embedding;

/**
 * The text a conversation is embedded and clustered by: what the user wrote (that is what a usage pattern is about;
 * assistant boilerplate would pull every conversation together), falling back to every message when the user said
 * nothing. Shared by the embed consumer and the pattern run so both see the same text.
 */
public final class ConversationText {

    /** Characters of one message taken into the text. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    /**
     * SQL expression (for a row of {@code conversations c}; {@code $n} is the character budget) giving the text.
     * {@code coalesce} evaluates the fallback only when the user wrote nothing.
     */
    public static String sql(String budgetParam) {
        return """
                left(coalesce(
                    (select string_agg(left(m.content, %1$d), E'\\n' order by m.id)
                     from messages m where m.conversation_id = c.id and m.role = 'user'),
                    (select string_agg(left(m.content, %1$d), E'\\n' order by m.id)
                     from messages m where m.conversation_id = c.id),
                    ''), %2$s)""".formatted(MAX_MESSAGE_CHARS, budgetParam);
    }

    private ConversationText() {
    }
}
