package com.convosensei.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmark from Surefire, skipped unless {@code -Dbench=true}:
 * {@code mvn -B -q -o test -pl libs/analysis -Dtest=AnalyzerBenchmarkLauncher -Dbench=true}.
 * Prints JMH's table and each benchmark's conversations/second.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AnalyzerBenchmarkLauncher {

    @Test
    void runAnalyzerBenchmark() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(AnalyzerBenchmark.class.getName()).threads(1).build()).run();
        assertThat(results).isNotEmpty();
        for (RunResult r : results) {
            System.out.printf("%s: %.0f conversations/s per core%n", r.getParams().getBenchmark(),
                    r.getPrimaryResult().getScore());
        }
    }
}
