package com.convosensei.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables one service reads, collected from its sources and those of the libraries its pom
 * depends on (so a new setting is known as soon as the code reads it, and a typo in a manifest is not):
 * <ul>
 *   <li>{@code ${NAME}} / {@code ${NAME:default}} references in application.properties and
 *       microprofile-config.properties;</li>
 *   <li>the environment form (SmallRye's rule: non-alphanumerics to {@code _}, upper case) of every property key
 *       in those files and of every property-name literal in Java ({@code @ConfigProperty(name = ...)}, constants such
 *       as {@code sensei.db.migrate});</li>
 *   <li>any name under the environment form of a {@code @ConfigMapping(prefix = ...)} (members are derived names);</li>
 *   <li>upper-case literals with an underscore in Java (names read by {@code System.getenv} and
 *       {@code DatabaseSettings});</li>
 *   <li>{@link #PLATFORM_EXTRAS}: what the image or Quarkus itself reads, named here with the reason.</li>
 * </ul>
 */
final class ServiceConfig {

    /** Read by something other than the service's own config: the image's launcher or Quarkus core. */
    static final Set<String> PLATFORM_EXTRAS = Set.of(
            // run-java.sh of the ubi9 openjdk runtime image (Dockerfile.jvm)
            "JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO", "JAVA_INITIAL_MEM_RATIO",
            // Quarkus core: listening interface and port (the images set the host), OTLP endpoint (docs/README)
            "QUARKUS_HTTP_HOST", "QUARKUS_HTTP_PORT", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern PROPERTY_KEY = Pattern.compile("(?m)^\\s*(?:%[a-z-]+\\.)?([a-z][a-zA-Z0-9.\\-\"\\[\\]]*)\\s*=");
    private static final Pattern PROPERTY_LITERAL = Pattern.compile("\"((?:sensei|quarkus|feature)\\.[a-z0-9.\\-]+)\"");
    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([a-z0-9.\\-]+)\"");
    private static final Pattern ENV_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    private static final Pattern LIBRARY = Pattern.compile("<artifactId>sensei-([a-z-]+)</artifactId>");

    final String service;
    final Set<String> names = new TreeSet<>();
    final Set<String> prefixes = new TreeSet<>();
    final Set<String> libraries = new TreeSet<>();
    final String httpPort;

    ServiceConfig(String service) {
        this.service = service;
        Path module = Manifests.ROOT.resolve("services").resolve(service);
        if (!Files.isDirectory(module)) {
            throw new IllegalArgumentException("no module services/" + service);
        }
        collect(module);
        Matcher lib = LIBRARY.matcher(Manifests.read(module.resolve("pom.xml")));
        while (lib.find()) {
            Path dir = Manifests.ROOT.resolve("libs").resolve(lib.group(1));
            if (Files.isDirectory(dir)) {
                libraries.add(lib.group(1));
                collect(dir);
            }
        }
        Matcher port = Pattern.compile("(?m)^quarkus\\.http\\.port=(\\d+)").matcher(
                Manifests.read(module.resolve("src/main/resources/application.properties")));
        httpPort = port.find() ? port.group(1) : null;
    }

    boolean reads(String env) {
        return names.contains(env) || PLATFORM_EXTRAS.contains(env) || prefixes.stream().anyMatch(p -> env.startsWith(p + "_"));
    }

    static String envForm(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void collect(Path module) {
        Path main = module.resolve("src/main");
        if (!Files.isDirectory(main)) {
            return;
        }
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("application.properties") || name.equals("microprofile-config.properties")) {
                    String text = Manifests.read(file);
                    add(ENV_REFERENCE.matcher(text), 1, false);
                    add(PROPERTY_KEY.matcher(text), 1, true);
                } else if (name.endsWith(".java")) {
                    String text = Manifests.read(file);
                    add(PROPERTY_LITERAL.matcher(text), 1, true);
                    add(ENV_LITERAL.matcher(text), 1, false);
                    Matcher prefix = MAPPING_PREFIX.matcher(text);
                    while (prefix.find()) {
                        prefixes.add(envForm(prefix.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(Matcher m, int group, boolean property) {
        while (m.find()) {
            names.add(property ? envForm(m.group(group)) : m.group(group));
        }
    }
}
