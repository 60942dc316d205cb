package com.convosensei.processor.stream;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells "a dependency is unreachable, the same work will succeed later" (transient: retried in place, never
 * dead-lettered) from everything else. Deliberately narrow: connection-level failures, pool/acquire timeouts,
 * PostgreSQL connection/resource/shutdown errors and serialization conflicts. A failure caused by the data itself
 * (constraint violation, bad value) is not transient, so it runs into the delivery cap and the DLQ.
 */
public final class StreamFailures {

    private StreamFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof NonRetryableException) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.equals("40001") || state.equals("40P01") || state.equals("55P03"));
            }
            String type = t.getClass().getName();
            if (type.endsWith("ClosedConnectionException") || type.endsWith("ConnectTimeoutException")
                    || type.endsWith("NoStackTraceTimeoutException") || type.endsWith("ConnectionPoolTooBusyException")
                    || type.endsWith("StacklessClosedChannelException")) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection refused") || message.contains("connection closed")
                    || message.contains("connection was closed") || message.contains("connection reset")
                    || message.contains("failed to connect") || message.contains("pool closed")
                    || message.equals("timeout") || message.startsWith("loading ") || message.contains("tryagain")) {
                return true;
            }
        }
        return false;
    }

}
