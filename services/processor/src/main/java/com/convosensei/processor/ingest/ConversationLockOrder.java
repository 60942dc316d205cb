package com.convosensei.processor.ingest;

import java.util.Comparator;

/**
 * The one order in which a transaction that locks several conversation rows takes them: by environment, then
 * external id (Java string order). Ingest upserts a batch in this order and batched scoring locks in it too, so the two
 * never wait on each other in a cycle (a deadlock Postgres would break by failing one of them).
 */
public final class ConversationLockOrder {

    private ConversationLockOrder() {
    }

    public static String key(String environment, String externalId) {
        return environment + "\u0000" + externalId;
    }

    public static <T> Comparator<T> by(java.util.function.Function<T, String> environment,
                                       java.util.function.Function<T, String> externalId) {
        return Comparator.comparing(t -> key(environment.apply(t), externalId.apply(t)));
    }
}
