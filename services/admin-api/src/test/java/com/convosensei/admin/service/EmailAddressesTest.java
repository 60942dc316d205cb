package com.convosensei.admin.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        " Ann.Lee@EXAMPLE.com  | Ann.Lee@example.com",
        "ann+news@example.co.uk | ann+news@example.co.uk",
        "o'brien@example.ie | o'brien@example.ie",
        "=cmd@example.com | =cmd@example.com",
        "x@sub-domain.example.museum | x@sub-domain.example.museum",
        "ann@bücher.de | ann@xn--bcher-kva.de",
        "ann@example.xn--p1ai | ann@example.xn--p1ai"
    })
    void valid__isNormalised_trimmedWithLowerCaseDomain(String raw, String expected) {
        EmailAddresses.Result r = EmailAddresses.check(raw);
        assertThat(r.reason()).isNull();
        assertThat(r.normalised()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                             | is required",
        "annexample.com                 | must contain an @",
        "ann@@example.com               | exactly one @",
        "ann@bob@example.com            | exactly one @",
        "@example.com                   | the part before the @ is empty",
        "ann@                           | the domain after the @ is empty",
        "ann lee@example.com            | must not contain spaces",
        "ann..lee@example.com           | consecutive dots",
        "ann@example..com               | consecutive dots",
        ".ann@example.com               | must not start or end with a dot",
        "ann.@example.com               | must not start or end with a dot",
        "ann@localhost                  | needs a top-level domain",
        "ann@example.c                  | top-level domain must be at least two letters",
        "ann@example.123                | top-level domain must be at least two letters",
        "ann@-example.com               | must not start or end with a hyphen",
        "ann@exa_mple.com               | only letters, digits, hyphens and dots",
        "ann@[127.0.0.1]                | only letters, digits, hyphens and dots",
        "\"ann\"@example.com            | must not contain '\"'",
        "ann(comment)@example.com       | must not contain '('",
        "jörg@example.com               | must be plain ASCII",
        "ann@.example.com               | must not start or end with a dot"
    })
    void invalid__isRefused_namingTheRule(String raw, String reason) {
        EmailAddresses.Result r = EmailAddresses.check(raw);
        assertThat(r.valid()).as(raw).isFalse();
        assertThat(r.reason()).contains(reason);
    }

    @org.junit.jupiter.api.Test
    void lengthLimits__localPart64_whole254() {
        String local64 = "a".repeat(64);
        assertThat(EmailAddresses.check(local64 + "@example.com").valid()).isTrue();
        assertThat(EmailAddresses.check(local64 + "a@example.com").reason()).contains("at most 64");
        String domain = ("b".repeat(61) + ".").repeat(4) + "com"; // 251 characters: a valid domain
        assertThat(EmailAddresses.check("aa@" + domain).valid()).isTrue();
        assertThat(EmailAddresses.check("aaaa@" + domain).reason()).contains("at most 254");
        assertThat(EmailAddresses.check("a@" + "c".repeat(64) + ".com").reason()).contains("1-63 characters");
        assertThat(EmailAddresses.check("ann@example.com\u0000").reason()).contains("control characters");
        assertThat(EmailAddresses.check("ann@exam\tple.com").reason()).contains("spaces");
    }
}
