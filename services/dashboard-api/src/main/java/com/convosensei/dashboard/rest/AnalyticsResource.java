package com.convosensei.dashboard.rest;

import com.convosensei.platform.auth.Roles;
import com.convosensei.contracts.analytics.AnalyticsSummary;
import com.convosensei.contracts.analytics.FailureTrends;
import com.convosensei.contracts.analytics.HealthDistribution;
import com.convosensei.contracts.analytics.LatestPatterns;
import com.convosensei.contracts.analytics.PatternRunView;
import com.convosensei.contracts.analytics.PatternTrends;
import com.convosensei.contracts.failure.FailureStatus;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.dashboard.repository.AnalyticsRepository;
import com.convosensei.dashboard.repository.PatternRepository;
import com.convosensei.platform.query.Timeframe;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Overview KPIs, health distribution, failure trends and usage patterns. */
@Path("/api/v1/analytics")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(7);
    static final Duration DEFAULT_TREND_PERIOD = Duration.ofDays(30);
    /** A trend chart with more points than this is unreadable and expensive to zero-fill. */
    static final int MAX_TREND_DAYS = 366;

    private final AnalyticsRepository analytics;
    private final PatternRepository patterns;
    private final Clock clock;

    public AnalyticsResource(AnalyticsRepository analytics, PatternRepository patterns, Clock clock) {
        this.analytics = analytics;
        this.patterns = patterns;
        this.clock = clock;
    }

    @GET
    @Path("/summary")
    public Uni<AnalyticsSummary> summary(@QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                         @QueryParam("to") String to, @QueryParam("environment") String environment,
                                         @QueryParam("tag") List<String> tag) {
        Timeframe range = Timeframe.bounded(timeframe, from, to, clock, DEFAULT_PERIOD);
        return analytics.summary(range.from(), range.to(), Params.environment(environment), Params.tags(tag));
    }

    @GET
    @Path("/health-distribution")
    public Uni<HealthDistribution> healthDistribution(@QueryParam("timeframe") String timeframe,
                                                      @QueryParam("from") String from, @QueryParam("to") String to,
                                                      @QueryParam("environment") String environment,
                                                      @QueryParam("tag") List<String> tag) {
        Timeframe range = Timeframe.bounded(timeframe, from, to, clock, DEFAULT_PERIOD);
        return analytics.healthDistribution(range.from(), range.to(), Params.environment(environment),
                Params.tags(tag));
    }

    /**
     * With a look-back (timeframe, or the 30-day default) the range is whole UTC days ending today: 7d is today and
     * the six days before, so every point covers a full day except today's. Explicit from/to are used as given.
     */
    @GET
    @Path("/failures/trends")
    public Uni<FailureTrends> failureTrends(@QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                            @QueryParam("to") String to, @QueryParam("status") String status,
                                            @QueryParam("severity") String severity,
                                            @QueryParam("environment") String environment,
                                            @QueryParam("tag") List<String> tag) {
        Timeframe range = Timeframe.bounded(timeframe, from, to, clock, DEFAULT_TREND_PERIOD);
        String env = Params.environment(environment);
        var tags = Params.tags(tag);
        Instant start = range.from();
        if (Params.blank(from) && Params.blank(to)) {
            long days = Math.max(1, (range.length().toSeconds() + 86_399) / 86_400);
            start = range.to().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(days - 1).toInstant();
        }
        long spanDays = ChronoUnit.DAYS.between(start.atOffset(ZoneOffset.UTC).toLocalDate(),
                range.to().minusNanos(1000).atOffset(ZoneOffset.UTC).toLocalDate()) + 1;
        if (spanDays > MAX_TREND_DAYS) {
            throw ApiException.badRequest(Params.blank(timeframe) ? "from" : "timeframe",
                    "a trend covers at most " + MAX_TREND_DAYS + " days");
        }
        return analytics.failureTrends(start, range.to(),
                Params.wireList("status", status, FailureStatus::fromWire, FailureStatus.values()),
                Params.wireList("severity", severity, Severity::fromWire, Severity.values()), env, tags);
    }

    /** {@code environment}: that environment's latest run (falling back to the latest run over every environment). */
    @GET
    @Path("/patterns")
    public Uni<LatestPatterns> patterns(@QueryParam("environment") String environment) {
        return patterns.latest(Params.environment(environment));
    }

    /** Each pattern of the run per UTC day (default: the last 30 days), for its sparkline. */
    @GET
    @Path("/patterns/runs/{id}/trends")
    public Uni<PatternTrends> patternTrends(@PathParam("id") String id, @QueryParam("timeframe") String timeframe,
                                            @QueryParam("from") String from, @QueryParam("to") String to) {
        java.util.UUID runId = Params.uuid("id", id);
        Timeframe range = Timeframe.bounded(timeframe, from, to, clock, DEFAULT_TREND_PERIOD);
        Instant start = range.from();
        if (Params.blank(from) && Params.blank(to)) {
            long days = Math.max(1, (range.length().toSeconds() + 86_399) / 86_400);
            start = range.to().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(days - 1).toInstant();
        }
        long spanDays = ChronoUnit.DAYS.between(start.atOffset(ZoneOffset.UTC).toLocalDate(),
                range.to().minusNanos(1000).atOffset(ZoneOffset.UTC).toLocalDate()) + 1;
        if (spanDays > MAX_TREND_DAYS) {
            throw ApiException.badRequest(Params.blank(timeframe) ? "from" : "timeframe",
                    "a trend covers at most " + MAX_TREND_DAYS + " days");
        }
        return patterns.trends(runId, start, range.to()).map(trends -> {
            if (trends == null) {
                throw ApiException.notFound("pattern run");
            }
            return trends;
        });
    }

    @GET
    @Path("/patterns/runs/{id}")
    public Uni<PatternRunView> patternRun(@PathParam("id") String id) {
        return patterns.run(Params.uuid("id", id)).map(run -> {
            if (run == null) {
                throw ApiException.notFound("pattern run");
            }
            return run;
        });
    }
}
