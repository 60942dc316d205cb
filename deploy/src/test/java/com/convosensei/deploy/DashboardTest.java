package com.convosensei.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/grafana/sensei-dashboard.json} against what the services export: every metric a PromQL expression
 * names is one the services register (MetricNames, read from its source, with the Prometheus suffixes of its kind,
 * plus the Micrometer/Quarkus names the dashboard uses and the service tests assert), every label it groups or
 * filters by is a tag those meters carry, and every panel queries the {@code ${DS_PROMETHEUS}} data source. Also:
 * each MetricNames name is registered somewhere in a service and documented in docs/architecture.md.
 */
class DashboardTest {

    static final Path DASHBOARD = Manifests.ROOT.resolve("deploy/grafana/sensei-dashboard.json");
    static final Path METRIC_NAMES = Manifests.ROOT.resolve(
            "libs/platform/src/main/java/com/convosensei/platform/metrics/MetricNames.java");

    /** Framework meters the dashboard reads; each is asserted on a real scrape by a service test. */
    static final Set<String> FRAMEWORK = Set.of("http_server_requests_seconds_bucket", "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum", "http_server_requests_seconds_max", "jvm_memory_used_bytes",
            "jvm_memory_max_bytes");
    /** Labels of the framework meters (HTTP: method, uri, status, outcome; JVM memory: area, id) and of histograms. */
    static final Set<String> FRAMEWORK_LABELS = Set.of("method", "uri", "status", "outcome", "area", "id", "le");

    static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "count_values", "group", "rate", "irate", "increase", "delta", "idelta", "deriv",
            "histogram_quantile", "abs", "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "absent",
            "absent_over_time", "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time",
            "last_over_time", "label_replace", "label_join", "time", "vector", "scalar", "sort", "sort_desc", "by",
            "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    private static final Pattern CONSTANT = Pattern.compile(
            "/\\*\\*\\s*(?:\\*\\s*)?(Counter|Timer|Gauge in seconds|Gauge):(?:(?!\\*/).)*\\*/\\s*"
                    + "public static final String (\\w+) = \"([a-z.]+)\";",
            Pattern.DOTALL);
    private static final Pattern ANY_NAME = Pattern.compile("public static final String (\\w+) = \"(sensei\\.[a-z.]+)\";");
    private static final Pattern TAG = Pattern.compile("public static final String TAG_\\w+ = \"([a-z_]+)\";");

    private static JsonNode dashboard;
    private static Map<String, String> constants;
    private static Set<String> exported;
    private static Set<String> labels;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        String source = Files.readString(METRIC_NAMES);
        constants = new LinkedHashMap<>();
        exported = new TreeSet<>(FRAMEWORK);
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            constants.put(m.group(2), m.group(3));
            exported.addAll(prometheusNames(m.group(1), m.group(3)));
        }
        labels = new TreeSet<>(FRAMEWORK_LABELS);
        Matcher t = TAG.matcher(source);
        while (t.find()) {
            labels.add(t.group(1));
        }
    }

    /** What Micrometer's Prometheus registry calls a meter of this kind. */
    static List<String> prometheusNames(String kind, String dotted) {
        String base = dotted.replace('.', '_');
        return switch (kind) {
            case "Counter" -> List.of(base + "_total");
            case "Timer" -> List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max",
                    base + "_seconds_bucket");
            case "Gauge in seconds" -> List.of(base + "_seconds");
            default -> List.of(base);
        };
    }

    /** The metric names in a PromQL expression: identifiers outside strings, label sets, ranges and groupings. */
    static Set<String> metricsOf(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(bare);
        while (m.find()) {
            String word = m.group(1);
            int after = m.end();
            boolean call = after < bare.length() && bare.substring(after).stripLeading().startsWith("(");
            if (!PROMQL_WORDS.contains(word.toLowerCase()) && !call) {
                names.add(word);
            }
        }
        return names;
    }

    /** The labels an expression filters or groups by. */
    static Set<String> labelsOf(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher sets = Pattern.compile("\\{([^}]*)}").matcher(expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
        while (sets.find()) {
            Matcher k = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)").matcher(sets.group(1));
            while (k.find()) {
                out.add(k.group(1));
            }
        }
        Matcher groups = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)").matcher(expr);
        while (groups.find()) {
            for (String l : groups.group(1).split(",")) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
        }
        return out;
    }

    private static List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    private static List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode p : panels()) {
            p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    @Test
    void metricNames__areAllReadWithTheirKind() throws IOException {
        Matcher all = ANY_NAME.matcher(Files.readString(METRIC_NAMES));
        Set<String> declared = new TreeSet<>();
        while (all.find()) {
            declared.add(all.group(1));
        }
        assertThat(constants.keySet()).as("every name's comment starts with its kind").containsExactlyInAnyOrderElementsOf(declared);
        assertThat(constants).hasSizeGreaterThanOrEqualTo(15);
        assertThat(exported).contains("sensei_intake_accepted_total", "sensei_stream_lag_seconds_bucket",
                "sensei_stream_pending", "sensei_stream_in_flight_oldest_seconds");
    }

    @Test
    void everyMetricInEveryPanel__isOneTheServicesExport_everyLabelOneTheyCarry() {
        List<String> problems = new ArrayList<>();
        List<String> exprs = expressions();
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(15);
        for (String expr : exprs) {
            Set<String> names = metricsOf(expr);
            if (names.isEmpty()) {
                problems.add("no metric in: " + expr);
            }
            for (String name : names) {
                if (!exported.contains(name)) {
                    problems.add(name + " is exported by no service (in: " + expr + ")");
                }
            }
            for (String label : labelsOf(expr)) {
                if (!labels.contains(label)) {
                    problems.add("label " + label + " is on no meter (in: " + expr + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheck__catchesAMetricNobodyExports() {
        assertThat(metricsOf("histogram_quantile(0.95, sum by (stream, le) (rate(sensei_stream_lagg_seconds_bucket"
                + "{stream=\"sensei:ingest\"}[$__rate_interval])))")).containsExactly("sensei_stream_lagg_seconds_bucket");
        assertThat(exported).doesNotContain("sensei_stream_lagg_seconds_bucket", "sensei_stream_lag_total",
                "sensei_intake_accepted");
        assertThat(metricsOf("max by (stream) (sensei_stream_pending) / on (stream) sensei_stream_backlog"))
                .containsExactly("sensei_stream_backlog", "sensei_stream_pending");
        assertThat(labelsOf("sum by (service, le) (rate(x{outcome=\"SERVER_ERROR\",uri!~\"/q.*\"}[5m]))"))
                .containsExactly("le", "outcome", "service", "uri");
    }

    @Test
    void everyPanel__queriesThePrometheusInput__andTheDashboardCoversEachArea() {
        assertThat(dashboard.path("__inputs").findValuesAsText("name")).contains("DS_PROMETHEUS");
        List<String> titles = new ArrayList<>();
        for (JsonNode p : panels()) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(p.path("title").asText());
            assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
        }
        String all = String.join("\n", expressions());
        for (String needed : List.of("sensei_intake_accepted_total", "sensei_intake_refused_total",
                "http_server_requests_seconds_bucket", "sensei_stream_processed_total", "sensei_stream_failed_total",
                "sensei_stream_dead_lettered_total", "sensei_stream_lag_seconds_bucket", "sensei_stream_pending",
                "sensei_scoring_duration_seconds_bucket", "sensei_alerts_handled_seconds_count", "jvm_memory_used_bytes")) {
            assertThat(all).as("a panel over " + needed).contains(needed);
        }
        assertThat(titles).doesNotHaveDuplicates();
    }

    @Test
    void everyMetricName__isRegisteredByAService__andDocumented() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Manifests.ROOT.resolve("services"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
                sources.append(Files.readString(f)).append('\n');
            }
        }
        String architecture = Files.readString(Manifests.ROOT.resolve("docs/architecture.md"));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> c : constants.entrySet()) {
            if (!sources.toString().contains("MetricNames." + c.getKey())) {
                problems.add(c.getKey() + " (" + c.getValue() + ") is registered by no service");
            }
            if (!architecture.contains(c.getValue().replace('.', '_'))) {
                problems.add(c.getValue() + " is not in docs/architecture.md \"Metrics\"");
            }
        }
        assertThat(problems).isEmpty();
    }
}
