package com.convosensei.admin.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitlistCsvTest {

    @Test
    void cell__quotesPerRfc4180_onlyWhenNeeded() {
        assertThat(WaitlistCsv.cell("plain")).isEqualTo("plain");
        assertThat(WaitlistCsv.cell(null)).isEmpty();
        assertThat(WaitlistCsv.cell("Acme, Inc")).isEqualTo("\"Acme, Inc\"");
        assertThat(WaitlistCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(WaitlistCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void cell__startingLikeAFormula__getsALeadingQuote() {
        assertThat(WaitlistCsv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(WaitlistCsv.cell("+1@example.com")).isEqualTo("'+1@example.com");
        assertThat(WaitlistCsv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(WaitlistCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(WaitlistCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(WaitlistCsv.cell("\rx")).isEqualTo("\"'\rx\"");
        assertThat(WaitlistCsv.cell("a=b")).isEqualTo("a=b"); // only the first character matters
    }

    @Test
    void row__endsWithCrlf_andKeepsEmptyFields() {
        assertThat(WaitlistCsv.row(java.util.Arrays.asList("a", null, "c"))).isEqualTo("a,,c\r\n");
        assertThat(WaitlistCsv.HEADER).startsWith("id,email,name,company,status,").endsWith("confirmed_at\r\n");
        assertThat(WaitlistCsv.row(List.of("x"))).isEqualTo("x\r\n");
    }
}
