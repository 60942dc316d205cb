package com.convosensei.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {

    @Test
    void generate__createdKeyParsesAndVerifiesAgainstItsHash() {
        GeneratedKey key = ApiKeys.generate();

        ParseResult parsed = ApiKeys.parse(key.fullKey());

        assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
        ParsedKey parts = ((ParseResult.Valid) parsed).key();
        assertThat(parts.prefix()).isEqualTo(key.prefix()).hasSize(ApiKeys.PREFIX_LENGTH);
        assertThat(parts.secret()).hasSize(ApiKeys.SECRET_LENGTH);
        assertThat(key.fullKey()).isEqualTo("sk_" + key.prefix() + "_" + parts.secret());
        assertThat(ApiKeys.verify(parts.secret(), key.secretHash())).isTrue();
        assertThat(ApiKeys.needsRehash(key.secretHash())).isFalse();
    }

    @Test
    void verify__wrongSecret__fails() {
        GeneratedKey key = ApiKeys.generate();
        String secret = ((ParseResult.Valid) ApiKeys.parse(key.fullKey())).key().secret();
        String oneCharOff = (secret.charAt(0) == 'a' ? 'b' : 'a') + secret.substring(1);

        assertThat(ApiKeys.verify(oneCharOff, key.secretHash())).isFalse();
        assertThat(ApiKeys.verify("", key.secretHash())).isFalse();
        assertThat(ApiKeys.verify(null, key.secretHash())).isFalse();
    }

    @Test
    void verify__keyOfAnotherRow__fails() {
        GeneratedKey a = ApiKeys.generate();
        GeneratedKey b = ApiKeys.generate();
        String secretA = ((ParseResult.Valid) ApiKeys.parse(a.fullKey())).key().secret();

        assertThat(ApiKeys.verify(secretA, b.secretHash())).isFalse();
    }

    @Test
    void hash__isSelfDescribingAndNeverContainsTheSecret() {
        GeneratedKey key = ApiKeys.generate();
        String secret = ((ParseResult.Valid) ApiKeys.parse(key.fullKey())).key().secret();

        assertThat(key.secretHash()).startsWith("$scrypt$N=16384,r=8,p=1$");
        assertThat(key.secretHash()).doesNotContain(secret).doesNotContain(secret.substring(0, 12));
        assertThat(key.toString()).doesNotContain(secret);
        assertThat(new ParsedKey(key.prefix(), secret).toString()).doesNotContain(secret);
    }

    @Test
    void generate__twoKeysDifferInEveryPart() {
        GeneratedKey a = ApiKeys.generate();
        GeneratedKey b = ApiKeys.generate();

        assertThat(a.fullKey()).isNotEqualTo(b.fullKey());
        assertThat(a.prefix()).isNotEqualTo(b.prefix());
        assertThat(a.secretHash()).isNotEqualTo(b.secretHash());
    }

    @Test
    void hash__sameSecretTwice__differentSaltsBothVerify() {
        SecretHasher hasher = new SecretHasher();
        String h1 = hasher.hash("the-same-secret");
        String h2 = hasher.hash("the-same-secret");

        assertThat(h1).isNotEqualTo(h2);
        assertThat(hasher.verify("the-same-secret", h1)).isTrue();
        assertThat(hasher.verify("the-same-secret", h2)).isTrue();
    }

    @Test
    void verify__hashMadeWithOtherParameters__stillVerifiesAndAsksForRehash() {
        String cheap = new SecretHasher(1 << 10, 8, 1).hash("s3cret");

        assertThat(cheap).startsWith("$scrypt$N=1024,r=8,p=1$");
        assertThat(ApiKeys.verify("s3cret", cheap)).isTrue();
        assertThat(ApiKeys.needsRehash(cheap)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "$bcrypt$N=16384,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$scrypt$N=16384,r=8$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$scrypt$N=1000,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$scrypt$N=1073741824,r=8,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$scrypt$N=16384,r=8,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
            "$scrypt$N=16384,r=8,p=1$c2FsdHNhbHRzYWx0",
            "plain-text-secret"})
    void verify__unreadableStoredHash__isFalseNotAnException(String stored) {
        assertThat(ApiKeys.verify("anything", stored)).isFalse();
        assertThat(ApiKeys.needsRehash(stored)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "pk_abcdefghij_0123456789012345678901234567890123456789",     // wrong scheme
            "sk_abcdefghij",                                              // no secret part
            "sk_abcdefg_0123456789012345678901234567890123456789",        // prefix too short (7)
            "sk_abcdefghijklm_0123456789012345678901234567890123456789",  // prefix too long (13)
            "sk_abcde-ghij_0123456789012345678901234567890123456789",     // '-' in prefix
            "sk_abcdefghij_012345678901234567890123456789012345678",      // secret too short (39)
            "sk_abcdefghij_0123456789012345678901234567890123456789x",    // secret too long (41)
            "sk_abcdefghij_01234567890123456789012345678901234567_9",     // '_' in secret
            "sk_abcdefghij_0123456789012345678901234567890123456789 extra",
            "sk__0123456789012345678901234567890123456789"})
    void parse__malformedKeys__areRejectedWithAReason(String presented) {
        ParseResult result = ApiKeys.parse(presented);

        assertThat(result).isInstanceOf(ParseResult.Malformed.class);
        assertThat(((ParseResult.Malformed) result).reason()).isNotBlank();
        assertThat(result.valid()).isFalse();
    }

    @Test
    void parse__hugeInput__isRejectedAsTooLong() {
        ParseResult result = ApiKeys.parse("sk_" + "a".repeat(10_000));

        assertThat(((ParseResult.Malformed) result).reason()).contains("too long");
    }

    @Test
    void parse__surroundingWhitespace__isTolerated() {
        GeneratedKey key = ApiKeys.generate();

        assertThat(ApiKeys.parse("  " + key.fullKey() + "\n").valid()).isTrue();
    }

    @Test
    void cacheKey__isStableAndDoesNotContainTheKey() {
        GeneratedKey key = ApiKeys.generate();

        assertThat(ApiKeys.cacheKey(key.fullKey())).isEqualTo(ApiKeys.cacheKey(key.fullKey() + " "))
                .hasSize(64).doesNotContain(key.prefix());
    }
}
