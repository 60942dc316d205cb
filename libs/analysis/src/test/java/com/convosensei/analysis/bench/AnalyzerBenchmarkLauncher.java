package com.convosensei.analysis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.learned.Language;
import com.convosensei.analysis.learned.LearnedModel;
import com.convosensei.analysis.learned.StaticEmbedder;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.sentiment.SentimentAnalyzer;
import com.convosensei.analysis.text.Text;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmark from Surefire, skipped unless {@code -Dbench=true}:
 * {@code mvn -B -q -o test -pl libs/analysis -Dtest=AnalyzerBenchmarkLauncher -Dbench=true}.
 * Prints JMH's table, each benchmark's conversations and messages per second, then per CPU-second of this thread
 * the same figures and where a cold message's time goes (tokenizer, embedding, language and lexicon, heads).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AnalyzerBenchmarkLauncher {

    private static final long CPU_BUDGET_NS = 3_000_000_000L;
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    @Test
    void runAnalyzerBenchmark() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(AnalyzerBenchmark.class.getName()).threads(1).build()).run();
        assertThat(results).isNotEmpty();
        for (RunResult r : results) {
            int n = Integer.parseInt(r.getParams().getParam("messages"));
            double ops = r.getPrimaryResult().getScore();
            System.out.printf("%s (%d messages): %.0f conversations/s, %.0f messages/s per core (JMH, wall clock)%n",
                    r.getParams().getBenchmark(), n, ops, ops * n);
        }
        cpuTime();
    }

    /**
     * On a shared machine wall-clock throughput drops with the load average; CPU time of this thread shows what one
     * core actually delivers. Printed next to JMH's figures, clearly labelled, never instead of them.
     */
    private void cpuTime() {
        double cold25 = 0;
        for (int n : new int[] {10, 25}) {
            AnalyzerBenchmark b = new AnalyzerBenchmark();
            b.messages = n;
            b.setup();
            cold25 = perCpuSecond(n, "learnedCold", b::learnedCold);
            perCpuSecond(n, "learnedWarm", b::learnedWarm);
            perCpuSecond(n, "rulesOnly", b::rulesOnly);
        }
        // A cold message stage by stage, over the 25 turns made distinct as in learnedCold; the rest of
        // learnedCold's time per message is the conversation-level work.
        LearnedModel model = LearnedModel.shared();
        StaticEmbedder embedder = model.embedder();
        List<Message> ms = new ArrayList<>();
        for (int round = 0; ms.size() < 50_000; round++) {
            ms.addAll(AnalyzerBenchmark.conversation(25, " " + AnalyzerBenchmark.letters(round + 1)).messages());
        }
        List<int[]> tokens = new ArrayList<>(ms.size());
        ms.forEach(m -> tokens.add(embedder.tokenizer().encode(m.content(), StaticEmbedder.MAX_TOKENS)));
        double tokenize = nanosEach(ms, m -> embedder.tokenizer().encode(m.content(), StaticEmbedder.MAX_TOKENS));
        double embed = nanosEach(tokens, embedder::embedTokens);
        double language = nanosEach(ms, m -> Language.isEnglish(Text.words(Text.normalize(m.content()))));
        double lexicon = nanosEach(ms, m -> SentimentAnalyzer.shared().score(m.content()));
        double compute = nanosEach(ms, model::compute);
        System.out.printf("cold message, microseconds of CPU: compute %.1f = tokenizer %.1f + embedding %.1f + "
                        + "language %.1f + lexicon sentiment %.1f + heads and the rest %.1f; the conversation's "
                        + "detectors, fusion, breakdown head and health take %.1f per message%n",
                compute / 1e3, tokenize / 1e3, embed / 1e3, language / 1e3, lexicon / 1e3,
                (compute - tokenize - embed - language - lexicon) / 1e3, (1e9 / cold25 - compute) / 1e3);
        System.out.printf("load average during the run: %.1f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** Messages per CPU-second of {@code run}, after a first round that warms up. */
    private double perCpuSecond(int n, String name, Runnable run) {
        double perSecond = 0;
        for (int round = 0; round < 2; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            int conversations = 0;
            while (mx.getCurrentThreadCpuTime() - cpu0 < CPU_BUDGET_NS) {
                run.run();
                conversations++;
            }
            perSecond = conversations * 1e9 / (mx.getCurrentThreadCpuTime() - cpu0);
        }
        System.out.printf("%s (%d messages): %.0f conversations, %.0f messages per CPU-second%n", name, n, perSecond,
                perSecond * n);
        return perSecond * n;
    }

    /** CPU nanoseconds per item of {@code stage} over {@code items}, after a warm-up pass. */
    private <T> double nanosEach(List<T> items, Consumer<T> stage) {
        items.forEach(stage);
        long cpu0 = mx.getCurrentThreadCpuTime();
        items.forEach(stage);
        return (double) (mx.getCurrentThreadCpuTime() - cpu0) / items.size();
    }
}
