package com.convosensei.analysis.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {

    @Test
    void luhnAndIban__validateChecksums() {
        assertThat(PiiScanner.luhn("4242424242424242")).isTrue();
        assertThat(PiiScanner.luhn("4242424242424241")).isFalse();
        assertThat(PiiScanner.ibanValid("DE89370400440532013000")).isTrue();
        assertThat(PiiScanner.ibanValid("DE89370400440532013001")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+44 7700 900123", "(415) 555-0132", "+1 212 555 0187", "07700 900456"})
    void scan__phoneFormats__found(String phone) {
        assertThat(PiiScanner.scan("call me on " + phone + " please")).extracting(PiiMatch::kind)
                .containsExactly(PiiKind.PHONE);
    }

    @Test
    void scan__ssnInvalidRanges__ignored() {
        assertThat(PiiScanner.scan("ssn 123-45-6789")).extracting(PiiMatch::kind).containsExactly(PiiKind.SSN);
        assertThat(PiiScanner.scan("id 000-12-3456 and 666-12-3456 and 900-12-3456 and 123-00-4567")).isEmpty();
    }

    @Test
    void scan__invalidCard_orderReference__ignored() {
        assertThat(PiiScanner.scan("card 4242 4242 4242 4241")).isEmpty();
        assertThat(PiiScanner.scan("order number 4242424242424242")).isEmpty();
    }

    @Test
    void mask__keepsOnlyWhatIdentifiesNothing() {
        assertThat(PiiScanner.mask("mail jane.doe@example.com now")).isEqualTo("mail j***@example.com now");
        assertThat(PiiScanner.mask("card 4242424242424242")).isEqualTo("card **** **** **** 4242");
        assertThat(PiiScanner.mask("card 4242-4242-4242-4242")).isEqualTo("card ****-****-****-4242");
        assertThat(PiiScanner.mask("ssn 123-45-6789")).isEqualTo("ssn ***-**-6789");
        assertThat(PiiScanner.mask("IBAN DE89 3704 0044 0532 0130 00")).isEqualTo("IBAN DE** **** **** **** **30 00");
        assertThat(PiiScanner.mask("key AKIAIOSFODNN7EXAMPLE")).isEqualTo("key AKIA****");
        assertThat(PiiScanner.mask("password: Hunter2024!")).isEqualTo("password: ****");
    }
}
