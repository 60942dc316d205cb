package com.convosensei.dashboard.rest;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.analytics.MetadataChanges;
import com.convosensei.contracts.analytics.TimeSeries;
import com.convosensei.dashboard.repository.TrendRepository;
import com.convosensei.platform.query.Timeframe;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Health and failure rate over time against the previous period, and metadata changes to mark on that line. */
@Path("/api/v1/analytics")
@RolesAllowed({Roles.ADMIN, Roles.VIEWER})
@Produces(MediaType.APPLICATION_JSON)
public class TrendResource {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(7);
    /** auto picks hours up to this length: 48 points still read as a line, 49+ days of hours do not. */
    static final Duration HOURLY_UP_TO = Duration.ofHours(48);
    static final Duration MAX_HOURLY = Duration.ofDays(31);
    static final int MAX_DAYS = 366;
    static final int MAX_KEY_LENGTH = 100;
    static final String DEFAULT_KEY = "model";

    private final TrendRepository trends;
    private final Clock clock;

    public TrendResource(TrendRepository trends, Clock clock) {
        this.trends = trends;
        this.clock = clock;
    }

    /**
     * {@code bucket=auto} (the default) is hourly for periods up to 48 hours, daily beyond. Hourly buckets cover at
     * most 31 days, daily ones 366.
     */
    @GET
    @Path("/timeseries")
    public Uni<TimeSeries> timeseries(@QueryParam("timeframe") String timeframe, @QueryParam("from") String from,
                                      @QueryParam("to") String to, @QueryParam("bucket") String bucket,
                                      @QueryParam("environment") String environment,
                                      @QueryParam("tag") List<String> tag) {
        Timeframe range = Timeframe.bounded(timeframe, from, to, clock, DEFAULT_PERIOD);
        String chosen = Params.choice("bucket", bucket, "auto", "auto", "hour", "day");
        ChronoUnit unit = switch (chosen) {
            case "hour" -> ChronoUnit.HOURS;
            case "day" -> ChronoUnit.DAYS;
            default -> range.length().compareTo(HOURLY_UP_TO) <= 0 ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        };
        if (unit == ChronoUnit.HOURS && range.length().compareTo(MAX_HOURLY) > 0) {
            throw ApiException.badRequest("bucket", "hourly buckets cover at most 31 days: use day");
        }
        if (unit == ChronoUnit.DAYS
                && TrendRepository.bucketCount(range.from(), range.to(), ChronoUnit.DAYS) > MAX_DAYS) {
            throw ApiException.badRequest(Params.blank(timeframe) ? "from" : "timeframe",
                    "a series covers at most " + MAX_DAYS + " days");
        }
        return trends.series(range.from(), range.to(), unit, environment(environment), Params.tags(tag));
    }

    /** {@code key} defaults to {@value #DEFAULT_KEY}; any top-level conversation metadata key may be asked for. */
    @GET
    @Path("/changes")
    public Uni<MetadataChanges> changes(@QueryParam("key") String key, @QueryParam("timeframe") String timeframe,
                                        @QueryParam("from") String from, @QueryParam("to") String to,
                                        @QueryParam("environment") String environment,
                                      @QueryParam("tag") List<String> tag) {
        Timeframe range = Timeframe.bounded(timeframe, from, to, clock, DEFAULT_PERIOD);
        String k = key == null ? DEFAULT_KEY : Params.text("key", key, MAX_KEY_LENGTH);
        if (k == null) {
            throw ApiException.badRequest("key", "must not be blank");
        }
        return trends.changes(range.from(), range.to(), k, environment(environment), Params.tags(tag));
    }

    private static String environment(String value) {
        return Params.text("environment", value, Limits.MAX_ENVIRONMENT_LENGTH);
    }
}
