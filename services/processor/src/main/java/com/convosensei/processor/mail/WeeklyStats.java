package com.convosensei.processor.mail;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the weekly summary says, as numbers: the period [from, to) against the 7 days before it. */
public record WeeklyStats(Instant from, Instant to, Kpis kpis, List<Day> days, List<FailureCount> failures,
        List<PatternChange> patterns, List<Worst> worst) {

    /**
     * The dashboard's KPI definitions (dashboard-api AnalyticsRepository.summary): a conversation counts in the period
     * holding its last activity; health is the mean health score of those scored; the failure rate is the share of
     * them with a failure; open failures are failures detected in the period and still open.
     */
    public record Kpis(long conversations, long previousConversations, Double avgHealth, Double previousAvgHealth,
            Double failureRate, Double previousFailureRate, long openFailures, long previousOpenFailures) {
    }

    /** One UTC day of the period: conversations last active that day and their mean health (null: none scored). */
    public record Day(LocalDate day, long conversations, Double avgHealth) {
    }

    /** Open failures of one type detected in the period, and in the 7 days before. */
    public record FailureCount(String type, long count, long previous) {
    }

    /** A pattern of the newest pattern run: its size against the run before (previous size null: new pattern). */
    public record PatternChange(UUID id, String label, int size, Integer previousSize) {
    }

    /** One of the period's lowest-health conversations. */
    public record Worst(UUID id, String externalId, String environment, double health, String topFailure) {
    }
}
