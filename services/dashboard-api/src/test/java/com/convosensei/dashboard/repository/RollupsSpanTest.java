package com.convosensei.dashboard.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a period is cut into rollup grains and raw ranges: every instant of it exactly once, whole units where possible. */
class RollupsSpanTest {

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static List<String> ranges(List<Instant[]> ranges) {
        return ranges.stream().map(r -> r[0] + "/" + r[1]).toList();
    }

    @Test
    void aPeriodAndThePreviousOneOffTheHour__wholeHoursBetweenTheCuts_partialHoursRaw() {
        Rollups.Cuts cuts = Rollups.Cuts.of(true, t("2026-01-10T12:30:00Z"), t("2026-01-09T12:30:00Z"),
                t("2026-01-11T12:30:00Z"));
        Rollups.Span hours = Rollups.Span.of(cuts, ChronoUnit.HOURS);
        assertThat(ranges(hours.units())).containsExactly(
                "2026-01-09T13:00:00Z/2026-01-10T12:00:00Z", "2026-01-10T13:00:00Z/2026-01-11T12:00:00Z");
        assertThat(ranges(hours.raw())).containsExactly("2026-01-09T12:30:00Z/2026-01-09T13:00:00Z",
                "2026-01-10T12:00:00Z/2026-01-10T12:30:00Z", "2026-01-10T12:30:00Z/2026-01-10T13:00:00Z",
                "2026-01-11T12:00:00Z/2026-01-11T12:30:00Z");
    }

    @Test
    void aCutInsideAPartialDay__refinedHoursAndMinutesNeverStraddleIt() {
        // the day of the period's start is partial; its whole hours must stop at the start's hour, not run through it
        Rollups.Cuts cuts = Rollups.Cuts.of(true, t("2026-11-18T02:18:44Z"), t("2026-11-25T02:18:44Z"),
                t("2026-12-02T02:18:44Z"));
        Rollups.Span hours = Rollups.Span.of(cuts, ChronoUnit.DAYS).refine(ChronoUnit.HOURS);
        assertThat(ranges(hours.units())).contains("2026-11-25T00:00:00Z/2026-11-25T02:00:00Z",
                "2026-11-25T03:00:00Z/2026-11-26T00:00:00Z");
        Rollups.Span minutes = hours.refine(ChronoUnit.MINUTES);
        assertThat(ranges(minutes.units())).contains("2026-11-25T02:00:00Z/2026-11-25T02:18:00Z",
                "2026-11-25T02:19:00Z/2026-11-25T03:00:00Z");
        assertThat(ranges(minutes.raw())).contains("2026-11-25T02:18:00Z/2026-11-25T02:18:44Z",
                "2026-11-25T02:18:44Z/2026-11-25T02:19:00Z");
        for (Instant[] r : minutes.units()) {
            assertThat(!r[0].isBefore(t("2026-11-25T02:18:44Z")) || !r[1].isAfter(t("2026-11-25T02:18:44Z")))
                    .as("%s/%s straddles the cut", r[0], r[1]).isTrue();
        }
    }

    @Test
    void cutsOnTheHour__nothingRaw() {
        Rollups.Span hours = Rollups.Span.of(Rollups.Cuts.of(true, t("2026-01-10T00:00:00Z"), t("2026-01-10T05:00:00Z")),
                ChronoUnit.HOURS);
        assertThat(ranges(hours.units())).containsExactly("2026-01-10T00:00:00Z/2026-01-10T05:00:00Z");
        assertThat(hours.raw()).isEmpty();
    }

    @Test
    void aPeriodInsideOneHour__allRaw() {
        Rollups.Span hours = Rollups.Span.of(Rollups.Cuts.of(true, t("2026-01-10T05:10:00Z"), t("2026-01-10T05:40:00Z")),
                ChronoUnit.HOURS);
        assertThat(hours.units()).isEmpty();
        assertThat(ranges(hours.raw())).containsExactly("2026-01-10T05:10:00Z/2026-01-10T05:40:00Z");
    }

    @Test
    void daysRefinedIntoHoursAndMinutes__leaveOnlyPartialMinutesRaw() {
        Rollups.Cuts cuts = Rollups.Cuts.of(true, t("2026-01-07T10:20:30Z"), t("2026-01-10T02:00:15Z"));
        Rollups.Span days = Rollups.Span.of(cuts, ChronoUnit.DAYS);
        assertThat(ranges(days.units())).containsExactly("2026-01-08T00:00:00Z/2026-01-10T00:00:00Z");
        Rollups.Span hours = days.refine(ChronoUnit.HOURS);
        assertThat(ranges(hours.units())).containsExactly("2026-01-07T11:00:00Z/2026-01-08T00:00:00Z",
                "2026-01-10T00:00:00Z/2026-01-10T02:00:00Z");
        Rollups.Span minutes = hours.refine(ChronoUnit.MINUTES);
        assertThat(ranges(minutes.units())).containsExactly("2026-01-07T10:21:00Z/2026-01-07T11:00:00Z");
        assertThat(ranges(minutes.raw())).containsExactly("2026-01-07T10:20:30Z/2026-01-07T10:21:00Z",
                "2026-01-10T02:00:00Z/2026-01-10T02:00:15Z");
    }

    @Test
    void withoutRollups__theWholeSpanIsRawAtEveryGrain() {
        Rollups.Span hours = Rollups.Span.of(Rollups.Cuts.of(false, t("2026-01-01T00:00:00Z"), t("2026-01-09T00:00:00Z")),
                ChronoUnit.HOURS);
        assertThat(hours.units()).isEmpty();
        assertThat(ranges(hours.refine(ChronoUnit.MINUTES).raw())).containsExactly("2026-01-01T00:00:00Z/2026-01-09T00:00:00Z");
    }

    @Test
    void theGrainsWholeUnits__mergeWhereTheyTouch_andNeverCoverAPartialMinute() {
        // a period starting at 12:30:20 over three days: whole days, the partial days' whole hours, the partial hours'
        // whole minutes; the deltas read them as ranges, so the partial minute [12:30:20, 12:31) must stay a gap
        Rollups.Cuts cuts = Rollups.Cuts.of(true, t("2026-01-09T12:30:20Z"), t("2026-01-12T08:15:00Z"));
        Rollups.Span days = Rollups.Span.of(cuts, ChronoUnit.DAYS);
        Rollups.Span hours = days.refine(ChronoUnit.HOURS);
        Rollups.Span minutes = hours.refine(ChronoUnit.MINUTES);
        List<String> merged = ranges(Rollups.merged(minutes.units(), days.units(), hours.units()));
        assertThat(merged).containsExactly("2026-01-09T12:31:00Z/2026-01-12T08:15:00Z");
        assertThat(ranges(minutes.raw())).containsExactly("2026-01-09T12:30:20Z/2026-01-09T12:31:00Z");
    }

    @Test
    void merged__keepsDisjointRangesApart_inOrder() {
        List<Instant[]> a = List.<Instant[]>of(new Instant[] {t("2026-01-01T10:00:00Z"), t("2026-01-01T11:00:00Z")});
        List<Instant[]> b = List.<Instant[]>of(new Instant[] {t("2026-01-01T08:00:00Z"), t("2026-01-01T09:59:00Z")},
                new Instant[] {t("2026-01-01T11:00:00Z"), t("2026-01-01T12:00:00Z")});
        assertThat(ranges(Rollups.merged(a, b))).containsExactly("2026-01-01T08:00:00Z/2026-01-01T09:59:00Z",
                "2026-01-01T10:00:00Z/2026-01-01T12:00:00Z");
        assertThat(Rollups.merged(List.of(), List.of())).isEmpty();
    }
}
