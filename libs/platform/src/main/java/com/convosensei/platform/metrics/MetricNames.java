package com.convosensei.platform.metrics;

/**
 * Every metric Sensei registers itself, and its tag keys: the one list the code, the Grafana dashboard
 * ({@code deploy/grafana/sensei-dashboard.json}, checked against this file by the deploy module's
 * {@code DashboardTest}) and docs/architecture.md "Metrics" share. Names are Micrometer's dotted form; Prometheus
 * sees them with underscores and its suffixes (a counter {@code sensei.intake.accepted} is
 * {@code sensei_intake_accepted_total}, a timer {@code sensei.scoring.duration} is
 * {@code sensei_scoring_duration_seconds_count|_sum|_max|_bucket}, a gauge in seconds gets {@code _seconds}).
 *
 * <p>Each constant's comment starts with its kind (Counter, Timer, Gauge, Gauge in seconds): the deploy check reads it
 * to know the suffixes. Every tag's values are bounded (stream names, error codes, fixed outcome words), never ids.
 */
public final class MetricNames {

    // ---- tag keys ----
    /** Tag: the service that registered the meter (quarkus.application.name), on every meter. */
    public static final String TAG_SERVICE = "service";
    /** Tag: a Redis stream name ({@code sensei:ingest}...). */
    public static final String TAG_STREAM = "stream";
    /** Tag: the consumer group ({@code processor}). */
    public static final String TAG_GROUP = "group";
    /** Tag: why something was refused or dead-lettered (an error code or a fixed word). */
    public static final String TAG_REASON = "reason";
    /** Tag: what happened (a fixed word per meter, listed where the meter is). */
    public static final String TAG_OUTCOME = "outcome";
    /** Tag: a sub-kind (failure kind of a stream attempt, alert kind). */
    public static final String TAG_KIND = "kind";
    /** Tag: the intake door ({@code track}, {@code track_batch}, {@code feedback}, {@code feedback_batch}, {@code otlp}). */
    public static final String TAG_ENDPOINT = "endpoint";

    // ---- processor: stream consumers (tags stream, group) ----
    /** Counter: stream entries the handler processed and that were acknowledged. */
    public static final String STREAM_PROCESSED = "sensei.stream.processed";
    /** Counter: entries in a handler attempt that failed (a failed batch of n counts n); kind = transient | error. */
    public static final String STREAM_FAILED = "sensei.stream.failed";
    /** Counter: entries moved to sensei:dlq; reason = undecodable | max_deliveries | non_retryable. */
    public static final String STREAM_DEAD_LETTERED = "sensei.stream.dead.lettered";
    /** Counter: entries taken with XAUTOCLAIM after idling past claim-idle (their consumer died or hangs, or failed them). */
    public static final String STREAM_CLAIMED = "sensei.stream.claimed";
    /** Timer: one handler call on a batch, from start to commit or failure; outcome = success | failure. */
    public static final String STREAM_BATCH_DURATION = "sensei.stream.batch.duration";
    /** Timer: end-to-end lag of each processed entry: acknowledged-at minus the entry id's timestamp (its XADD). */
    public static final String STREAM_LAG = "sensei.stream.lag";
    /** Gauge in seconds: age of the oldest entry this instance is working on right now (0 when idle). */
    public static final String STREAM_IN_FLIGHT_OLDEST = "sensei.stream.in.flight.oldest";
    /** Gauge: entries delivered to the group and not yet acknowledged (XPENDING summary, polled every few seconds). */
    public static final String STREAM_PENDING = "sensei.stream.pending";
    /** Gauge in seconds: age of the oldest pending entry (from the XPENDING summary's lowest id; 0 when none). */
    public static final String STREAM_PENDING_OLDEST = "sensei.stream.pending.oldest";
    /** Gauge: entries in the stream not yet delivered to the group (XINFO GROUPS lag; NaN when Redis cannot tell). */
    public static final String STREAM_BACKLOG = "sensei.stream.backlog";

    // ---- ingestion-gateway: intake (tag endpoint) ----
    /** Counter: intake items accepted (streamed); a batch counts its items, OTLP its conversations and feedback. */
    public static final String INTAKE_ACCEPTED = "sensei.intake.accepted";
    /** Counter: intake items refused; reason = the error code. A request refused before its items are read counts 1. */
    public static final String INTAKE_REFUSED = "sensei.intake.refused";

    // ---- processor: alerts and scoring ----
    /**
     * Timer: one alert event (or digest) handled, decision and Slack delivery included; kind = failure | health |
     * digest, outcome = delivered | failed_retrying | failed | recorded | suppressed | digested | duplicate | skipped.
     */
    public static final String ALERTS_HANDLED = "sensei.alerts.handled";
    /**
     * Timer: one conversation scored (lock and load, analysis, write, commit, alert/embed publishing);
     * outcome = scored | missing | failed.
     */
    public static final String SCORING_DURATION = "sensei.scoring.duration";
    /** Timer: the analysis alone (rules, learned layer, sentiment, health) of one conversation. */
    public static final String SCORING_ANALYSIS = "sensei.scoring.analysis";

    private MetricNames() {
    }
}
