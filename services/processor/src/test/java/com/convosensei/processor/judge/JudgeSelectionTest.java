package com.convosensei.processor.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which scored conversations the judge is asked about: by default only those the analysis was unsure of. */
class JudgeSelectionTest {

    private static final UUID ID = UUID.fromString("7c6f1d4e-0000-4000-8000-000000000001");

    @Test
    void onlyUncertain__certainConversation__isNotJudged_uncertainOneIs() {
        JudgeService judge = new JudgeService(config(true, true), null, null, null);
        assertThat(judge.wanted(ID, false)).isFalse();
        assertThat(judge.wanted(ID, true)).isTrue();
    }

    @Test
    void onlyUncertainOff__everySampledConversation__isJudged() {
        JudgeService judge = new JudgeService(config(true, false), null, null, null);
        assertThat(judge.wanted(ID, false)).isTrue();
        assertThat(judge.wanted(ID, true)).isTrue();
    }

    @Test
    void judgeOff__nothingIsJudged() {
        JudgeService judge = new JudgeService(config(false, false), null, null, null);
        assertThat(judge.wanted(ID, true)).isFalse();
    }

    private static JudgeConfig config(boolean enabled, boolean onlyUncertain) {
        return new JudgeConfig() {
            public boolean enabled() {
                return enabled;
            }

            public double sampleRate() {
                return 1.0;
            }

            public Optional<String> baseUrl() {
                return Optional.of("http://127.0.0.1:9");
            }

            public Optional<String> model() {
                return Optional.of("judge-test-model");
            }

            public Optional<String> apiKey() {
                return Optional.empty();
            }

            public boolean onlyEnded() {
                return true;
            }

            public boolean onlyUncertain() {
                return onlyUncertain;
            }

            public int maxChars() {
                return 12_000;
            }

            public Duration timeout() {
                return Duration.ofSeconds(5);
            }

            public int maxConcurrent() {
                return 4;
            }
        };
    }
}
