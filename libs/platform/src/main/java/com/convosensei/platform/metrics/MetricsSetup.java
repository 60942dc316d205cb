package com.convosensei.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every service's meters share (Quarkus applies every {@link MeterFilter} bean to its registry): the
 * {@value MetricNames#TAG_SERVICE} tag, so one Prometheus query tells the services apart however they are scraped,
 * and histogram buckets for {@code http.server.requests}, so a p95 per service is one {@code histogram_quantile}.
 * Buckets are a short fixed list (not Micrometer's ~70 defaults) to keep the series count low.
 */
@Singleton
public class MetricsSetup {

    /** Request and handler latencies: 5 ms .. 30 s. */
    public static final Duration[] LATENCY_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000,
            30_000);
    /** Stream lag (XADD to acknowledged): 10 ms .. 1 h. */
    public static final Duration[] LAG_BUCKETS = durations(10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000,
            60_000, 300_000, 900_000, 3_600_000);

    private static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String service) {
        return MeterFilter.commonTags(Tags.of(MetricNames.TAG_SERVICE, service));
    }

    @Produces
    @Singleton
    MeterFilter httpServerHistogram() {
        double[] nanos = Arrays.stream(LATENCY_BUCKETS).mapToDouble(d -> (double) d.toNanos()).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }

    private static Duration[] durations(long... millis) {
        return Arrays.stream(millis).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    }
}
