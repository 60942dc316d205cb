package com.convosensei.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void lineBreaksAndControlCharacters__becomeEscapes_soAValueCannotStartAForgedLine() {
        String forged = LogSafe.of("a@b.c\n12:00:00.000 INFO  [admin] login succeeded for root\r\u001b[2J\u2028x");
        assertThat(forged).doesNotContain("\n", "\r", "\u001b", "\u2028")
                .startsWith("a@b.c\\u000a12:00:00.000 INFO")
                .contains("\\u000d\\u001b[2J\\u2028x");
    }

    @Test
    void longValues__areCut_andNullIsADash() {
        assertThat(LogSafe.of("x".repeat(5000))).hasSize(LogSafe.MAX + 3).endsWith("...");
        assertThat(LogSafe.of(null)).isEqualTo("-");
        assertThat(LogSafe.of("plain value")).isEqualTo("plain value");
    }
}
