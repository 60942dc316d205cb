package com.convosensei.analysis.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SentimentAnalyzerTest {

    private final SentimentAnalyzer s = SentimentAnalyzer.shared();

    @Test
    void score__negation__flipsPolarity() {
        assertThat(s.score("This is good")).isPositive();
        assertThat(s.score("This is not good")).isNegative();
        assertThat(s.score("It never was helpful")).isNegative();
        assertThat(s.score("not bad")).isPositive();
    }

    @Test
    void score__intensifiersAndDampeners__scaleMagnitude() {
        double plain = s.score("annoying");
        assertThat(s.score("extremely annoying")).isLessThan(plain);
        assertThat(s.score("slightly annoying")).isGreaterThan(plain).isNegative();
        assertThat(s.score("very good")).isGreaterThan(s.score("good"));
    }

    @Test
    void score__capsAndExclamations__addEmphasis() {
        assertThat(s.score("This is VERY GOOD")).isGreaterThan(s.score("This is very good"));
        assertThat(s.score("This is great!!!")).isGreaterThan(s.score("This is great"));
        assertThat(s.score("This is awful!!!")).isLessThan(s.score("This is awful"));
    }

    @Test
    void score__emoji__carrySentiment() {
        assertThat(s.score("ok 👍")).isGreaterThan(s.score("ok"));
        assertThat(s.score("my order 😡")).isLessThan(-0.5);
        assertThat(s.score("❤️ love it")).isGreaterThan(0.6);
        assertThat(s.score("😞")).isNegative();
    }

    @Test
    void score__supportPhrases__matchTheirMeaning() {
        assertThat(s.score("It still doesn't work")).isLessThan(-0.5);
        assertThat(s.score("this is a waste of time")).isLessThan(-0.5);
        assertThat(s.score("useless")).isLessThan(-0.5);
        assertThat(s.score("Finally, that fixed it! Thanks so much")).isGreaterThan(0.8);
        assertThat(s.score("works now")).isGreaterThan(0.4);
    }

    @Test
    void score__hardNegatives__arePositive() {
        assertThat(s.score("no problem, thanks")).isPositive();
        assertThat(s.score("I can't wait to try it")).isPositive();
        assertThat(s.score("no worries")).isPositive();
    }

    @Test
    void score__butShiftsWeightToTheSecondClause() {
        assertThat(s.score("The app is great, but it still crashes")).isNegative();
        assertThat(s.score("It was slow, but it works now and I love it")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "order 48213", "http://example.com/a:b", "?!?!"})
    void score__neutralOrEmpty__isZero(String text) {
        assertThat(s.score(text)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GREAT GREAT GREAT AMAZING LOVE IT!!!!!!!! 😍😍😍",
            "terrible awful horrible worst useless 😡😡😡 !!!!!!!"})
    void score__extremes__stayWithinMinusOneAndOne(String text) {
        assertThat(s.score(text)).isBetween(-1.0, 1.0);
    }
}
