package com.convosensei.analysis.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

    @ParameterizedTest
    @ValueSource(strings = {"I moved to 742 Evergreen Terrace, Springfield", "send it to Lindenstrasse 14, Zürich",
        "my address is Rua das Flores 87", "we live at 15 Rue Lepic", "PSC 1203, Box 4410 APO AE 09012",
        "my new address is Kirkegata 5, apt 12", "meet me at the corner of 5th Avenue 210 and Elm Street"})
    void scan__streetAddresses__found(String text) {
        assertThat(PiiScanner.scan(text)).extracting(PiiMatch::kind).containsExactly(PiiKind.ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a table for 4 at 7 pm please", "I have Windows 11 and Office 2021", "we won 3 in a row",
        "your flight number is 2231 4456 778", "booking reference 555-123-4567", "the total is $1,250 for 3 nights",
        "set the router to 192.168.1.1", "update to version 4.2.10.1",
        "please cancel purchase 00184523", "my order 0412889917 never came"})
    void scan__countsTimesReferencesAndVersions__notPii(String text) {
        assertThat(PiiScanner.scan(text)).isEmpty();
    }

    @Test
    void scan__cuedShortPhones_cards_ibanAndIp__found() {
        assertThat(PiiScanner.scan("can you call me on 6842 3190?")).extracting(PiiMatch::kind)
                .containsExactly(PiiKind.PHONE);
        assertThat(PiiScanner.scan("Phone: 0471 22 58 90")).extracting(PiiMatch::kind).containsExactly(PiiKind.PHONE);
        assertThat(PiiScanner.scan("my card 501846203914 was declined")).extracting(PiiMatch::kind)
                .containsExactly(PiiKind.CARD);
        assertThat(PiiScanner.scan("my iban is gb82west12345698765432")).extracting(PiiMatch::kind)
                .containsExactly(PiiKind.IBAN);
        assertThat(PiiScanner.scan("my driving licence number is K4402-1187-55 if you need it"))
                .extracting(PiiMatch::kind, PiiMatch::value).containsExactly(tuple(PiiKind.DRIVER_LICENSE, "K4402-1187-55"));
        assertThat(PiiScanner.scan("my driving licence is valid until June")).isEmpty();
        assertThat(PiiScanner.scan("the site blocks my address 84.23.117.9")).extracting(PiiMatch::kind)
                .containsExactly(PiiKind.IP_ADDRESS);
    }

    @Test
    void mask__newKinds__hideNumbersKeepTheKindReadable() {
        assertThat(PiiScanner.mask("ship to 742 Evergreen Terrace")).isEqualTo("ship to *** Evergreen Terrace");
        assertThat(PiiScanner.mask("blocked at 84.23.117.9 today")).isEqualTo("blocked at 84.***.***.*** today");
    }

    @Test
    void scan__longAdversarialMessage__staysFast() {
        PiiScanner.scan("warm up: 12 Main Street"); // pattern compilation is not what this measures
        String text = "Lorem Ipsum Dolor 12 Sit Amet 34 consectetur Street address: ".repeat(120)
                + "1 2 3 4 5 6 7 8 9 0 ".repeat(150) + "Aaaa Bbbb Cccc Dddd Eeee ".repeat(100);
        long start = System.nanoTime();
        PiiScanner.scan(text);
        // a catastrophic backtrack would take seconds; the bound is loose because the CI machine is shared
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }
}
