package com.convosensei.analysis.bench;

import com.convosensei.analysis.pii.PiiKind;
import com.convosensei.analysis.pii.PiiScanner;
import com.convosensei.analysis.pii.PiiTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Cost of redaction at intake per message (what ingestion-gateway adds to each request), skipped unless
 * {@code -Dbench=true}: {@code mvn -B -q -o test -pl libs/contracts,libs/analysis -Dtest=RedactionThroughputLauncher
 * -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}. Prints microseconds of this thread's CPU per message for the
 * default kinds (card, IBAN, national id) and, for comparison, the full scan the dashboard masks with.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RedactionThroughputLauncher {

    private static final String[] MESSAGES = {
        "Hi, I was charged twice for my order 1234 this month, can you check?",
        "Sure! Use Forgot password on the sign-in page, then follow the email link we send to you.",
        "My card is 4242 4242 4242 4242 and my IBAN DE89 3704 0044 0532 0130 00, please refund.",
        "I'm sorry to hear that. Could you tell me more about the charge on your account? ".repeat(6),
    };

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    @Test
    void redactionCostPerMessage() {
        PiiTokens tokens = new PiiTokens("bench-secret");
        Set<PiiKind> defaults = EnumSet.of(PiiKind.CARD, PiiKind.IBAN, PiiKind.SSN);
        for (int round = 0; round < 3; round++) {
            report("redact card,iban,national_id", () -> {
                for (String m : MESSAGES) {
                    tokens.redact(m, defaults);
                }
            });
            report("full scan + mask (dashboard)", () -> {
                for (String m : MESSAGES) {
                    PiiScanner.mask(m);
                }
            });
        }
    }

    private void report(String what, Runnable fourMessages) {
        long n = 0;
        long start = mx.getCurrentThreadCpuTime();
        while (mx.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
            fourMessages.run();
            n += MESSAGES.length;
        }
        double us = (mx.getCurrentThreadCpuTime() - start) / 1000.0 / n;
        System.out.printf("%s: %.1f us CPU per message (%d messages, mean of %d shapes)%n", what, us, n, MESSAGES.length);
    }
}
