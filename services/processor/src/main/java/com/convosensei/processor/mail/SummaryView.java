package com.convosensei.processor.mail;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The weekly summary as the templates show it: every number already formatted, every link absolute, every colour
 * chosen, so the HTML and the text part cannot disagree and the templates hold no logic beyond loops.
 */
@TemplateData
public record SummaryView(String period, List<Kpi> kpis, List<Bar> trend, List<Failure> failures, String failuresUrl,
        List<Pattern> patterns, String patternsUrl, List<Conversation> worst, String conversationsUrl, String dashboardUrl,
        String settingsUrl, String unsubscribeUrl, boolean onDemand, boolean empty) {

    public static final String GOOD = "#1d6b31";
    public static final String BAD = "#b42318";
    public static final String MUTED = "#555e68";
    public static final String PRIMARY = "#4338ca";
    /** Bars are at most this tall (health 100). */
    static final int BAR_MAX_PX = 60;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /** One KPI: its value this period and how it moved ("new" over a zero base), coloured good or bad. */
    @TemplateData
    public record Kpi(String label, String value, String change, String colour) {
    }

    /** One day of the health trend: {@code height} px of bar (0 without data), its label, and a text bar. */
    @TemplateData
    public record Bar(String day, String health, int height, int gap, String colour, String textBar) {
    }

    @TemplateData
    public record Failure(String type, long count, String change, String url) {
    }

    @TemplateData
    public record Pattern(String label, String change, String colour) {
    }

    @TemplateData
    public record Conversation(String name, String health, String healthColour, String failure, String url) {
    }

    static SummaryView of(WeeklyStats s, String base, String unsubscribeUrl, boolean onDemand) {
        WeeklyStats.Kpis k = s.kpis();
        List<Kpi> kpis = List.of(
                new Kpi("Conversations", String.format(Locale.ENGLISH, "%,d", k.conversations()),
                        countChange(k.conversations(), k.previousConversations()), MUTED),
                new Kpi("Average health", k.avgHealth() == null ? "–" : String.format(Locale.ENGLISH, "%.1f", k.avgHealth()),
                        pointsChange(k.avgHealth(), k.previousAvgHealth()),
                        colour(k.avgHealth(), k.previousAvgHealth(), true)),
                new Kpi("Failure rate", k.failureRate() == null ? "–" : percent(k.failureRate()),
                        pointsChange(pct(k.failureRate()), pct(k.previousFailureRate())),
                        colour(k.failureRate(), k.previousFailureRate(), false)),
                new Kpi("Open failures", String.format(Locale.ENGLISH, "%,d", k.openFailures()),
                        countChange(k.openFailures(), k.previousOpenFailures()),
                        colour((double) k.openFailures(), (double) k.previousOpenFailures(), false)));
        List<Bar> trend = new ArrayList<>();
        for (WeeklyStats.Day d : s.days()) {
            Double h = d.avgHealth();
            int height = h == null ? 0 : Math.max(2, (int) Math.round(h / 100 * BAR_MAX_PX));
            String colour = h == null ? MUTED : healthColour(h);
            trend.add(new Bar(DAY.format(d.day()), h == null ? "no data" : String.format(Locale.ENGLISH, "%.0f", h), height,
                    BAR_MAX_PX - height, colour, h == null ? "" : "#".repeat((int) Math.round(h / 5))));
        }
        String range = "&from=" + enc(s.from().toString()) + "&to=" + enc(s.to().toString());
        List<Failure> failures = s.failures().stream().map(f -> new Failure(f.type(), f.count(),
                countChange(f.count(), f.previous()), base + "/failures?status=open&type=" + enc(f.type()) + range)).toList();
        List<Pattern> patterns = s.patterns().stream().map(p -> new Pattern(p.label(), patternChange(p),
                p.previousSize() == null || p.size() > p.previousSize() ? PRIMARY : MUTED)).toList();
        List<Conversation> worst = s.worst().stream().map(w -> new Conversation(
                w.externalId() + ("production".equals(w.environment()) ? "" : " (" + w.environment() + ")"),
                String.format(Locale.ENGLISH, "%.0f", w.health()), healthColour(w.health()),
                w.topFailure() == null ? "" : w.topFailure(),
                base + "/conversations/" + w.id())).toList();
        String period = DATE.format(s.from().atOffset(ZoneOffset.UTC)) + " – "
                + DATE.format(s.to().minusNanos(1000).atOffset(ZoneOffset.UTC));
        return new SummaryView(period, kpis, trend, failures, base + "/failures?status=open" + range, patterns,
                base + "/patterns", worst, base + "/conversations?sort=health&order=asc" + range,
                base + "/", base + "/settings", unsubscribeUrl, onDemand, k.conversations() == 0 && k.openFailures() == 0);
    }

    /** A health figure's colour, by the dashboard's bands: good from 70, bad below 50 (the trend bars use it too). */
    static String healthColour(double health) {
        return health >= 70 ? GOOD : health < 50 ? BAD : PRIMARY;
    }

    /** "+12% vs previous week", "new" over a zero base, "no change". */
    static String countChange(long current, long previous) {
        if (previous == 0) {
            return current == 0 ? "no change" : "new";
        }
        if (current == previous) {
            return "no change";
        }
        double change = (current - previous) * 100.0 / previous;
        return String.format(Locale.ENGLISH, "%+.0f%%", change);
    }

    /** A difference of two levels in points ("+3.1 pts"); "new" when there was nothing before. */
    static String pointsChange(Double current, Double previous) {
        if (current == null) {
            return previous == null ? "no data" : "no data this week";
        }
        if (previous == null) {
            return "new";
        }
        double diff = current - previous;
        if (Math.abs(diff) < 0.05) {
            return "no change";
        }
        return String.format(Locale.ENGLISH, "%+.1f pts", diff);
    }

    private static Double pct(Double share) {
        return share == null ? null : share * 100;
    }

    /** Up is good for health, bad for failures; unchanged or not comparable is muted. */
    static String colour(Double current, Double previous, boolean upIsGood) {
        if (current == null || previous == null || Math.abs(current - previous) < 1e-9) {
            return MUTED;
        }
        return (current > previous) == upIsGood ? GOOD : BAD;
    }

    private static String percent(double share) {
        return String.format(Locale.ENGLISH, "%.1f%%", share * 100);
    }

    private static String patternChange(WeeklyStats.PatternChange p) {
        if (p.previousSize() == null) {
            return "new pattern, " + p.size() + " conversations";
        }
        int diff = p.size() - p.previousSize();
        return String.format(Locale.ENGLISH, "%s%d conversations (%d → %d)", diff > 0 ? "+" : "", diff, p.previousSize(),
                p.size());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String isoWeek(Instant at) {
        var d = at.atOffset(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%d-W%02d", d.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                d.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
