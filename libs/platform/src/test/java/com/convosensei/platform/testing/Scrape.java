package com.convosensei.platform.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of a service's {@code /q/metrics} (Prometheus text format), for tests that compare two reads around real
 * activity: {@link #value} sums the samples of one name whose labels include the given pairs (0 when none), so
 * {@code after.value(..) - before.value(..)} is exactly what the activity added.
 */
public final class Scrape {

    /** One sample line: name, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final String text;

    private Scrape(String text) {
        this.text = text;
        this.samples = parse(text);
    }

    /** {@code /q/metrics} of the application under test (RestAssured's port). */
    public static Scrape now() {
        return of(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** {@code /q/metrics} at an explicit base URL (a management interface). */
    public static Scrape at(String baseUrl) {
        return of(given().baseUri(baseUrl).get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static Scrape of(String text) {
        return new Scrape(text);
    }

    /** Sum of the samples named {@code name} whose labels include every {@code key, value} pair given. */
    public double value(String name, String... labelPairs) {
        double sum = 0;
        for (Sample s : matching(name, labelPairs)) {
            sum += s.value();
        }
        return sum;
    }

    /** The samples named {@code name} whose labels include every pair given. */
    public List<Sample> matching(String name, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("label pairs come in twos");
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out.add(s);
            }
        }
        return out;
    }

    /** True when at least one sample has this name (and these labels). */
    public boolean has(String name, String... labelPairs) {
        return !matching(name, labelPairs).isEmpty();
    }

    public List<Sample> samples() {
        return samples;
    }

    public String text() {
        return text;
    }

    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            int rest;
            if (brace >= 0 && (space < 0 || brace < space)) {
                name = line.substring(0, brace);
                rest = labels(line, brace + 1, labels);
            } else {
                name = line.substring(0, space);
                rest = space;
            }
            String[] tail = line.substring(rest).strip().split("\\s+");
            out.add(new Sample(name, labels, Double.parseDouble(tail[0])));
        }
        return out;
    }

    /** Reads {@code k="v",...}} from {@code i}; returns the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> into) {
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
                j++;
            }
            into.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }
}
