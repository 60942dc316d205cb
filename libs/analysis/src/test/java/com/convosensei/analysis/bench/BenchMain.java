package com.convosensei.analysis.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link AnalyzerBenchmark} with JMH (one fork, one thread, pinned to one core's worth of CPU):
 * <pre>
 *   mvn -B -q -o test-compile dependency:build-classpath -pl libs/analysis \
 *       -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 *   java -cp libs/analysis/target/test-classes:libs/analysis/target/classes:$(cat libs/analysis/target/bench.cp) \
 *       com.convosensei.analysis.bench.BenchMain [benchmark regex]
 * </pre>
 * from the repository root, or through Surefire: {@code make bench-analysis}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : AnalyzerBenchmark.class.getSimpleName();
        Options opts = new OptionsBuilder().include(include).threads(1).build();
        new Runner(opts).run();
    }
}
