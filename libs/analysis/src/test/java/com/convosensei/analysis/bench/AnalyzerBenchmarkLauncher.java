package com.convosensei.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
            System.out.printf("%s: %.0f conversations/s per core (JMH, wall clock)%n", r.getParams().getBenchmark(),
                    r.getPrimaryResult().getScore());
        }
        // On a shared machine wall-clock throughput drops with the load average; CPU time of this thread shows
        // what one core actually delivers. Printed next to JMH's figure, clearly labelled, never instead of it.
        AnalyzerBenchmark b = new AnalyzerBenchmark();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) { // the first round warms up
            long cpu0 = mx.getCurrentThreadCpuTime();
            int healthy = 0;
            while (mx.getCurrentThreadCpuTime() - cpu0 < 3_000_000_000L) {
                b.healthyConversation();
                healthy++;
            }
            long cpu1 = mx.getCurrentThreadCpuTime();
            int troubled = 0;
            while (mx.getCurrentThreadCpuTime() - cpu1 < 3_000_000_000L) {
                b.troubledConversation();
                troubled++;
            }
            if (round == 1) {
                System.out.printf("healthyConversation: %.0f conversations per CPU-second%n", healthy / 3.0);
                System.out.printf("troubledConversation: %.0f conversations per CPU-second%n", troubled / 3.0);
                System.out.printf("load average during the run: %.1f on %d cores%n",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
            }
        }
    }
}
