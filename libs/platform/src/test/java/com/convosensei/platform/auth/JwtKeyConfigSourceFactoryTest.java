package com.convosensei.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JwtKeyConfigSourceFactoryTest {

    @Test
    void hs256Secret__isHandedToSmallryeJwtInline_andNoKeyFileIsWritten() throws IOException {
        long before = keyFiles();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("sensei.auth.jwt-secret", "a-secret-of-enough-length-0123456789"), "test", 100))
                .withSources(new JwtKeyConfigSourceFactory())
                .build();

        assertThat(config.getValue("mp.jwt.verify.publickey", String.class))
                .isEqualTo(JwtKeyConfigSourceFactory.jwkFor("a-secret-of-enough-length-0123456789"));
        assertThat(config.getOptionalValue("smallrye.jwt.verify.key.location", String.class)).isEmpty();
        assertThat(config.getValue("smallrye.jwt.verify.algorithm", String.class)).isEqualTo("HS256");
        assertThat(keyFiles()).as("sensei-jwt-*.jwk files in the temp folder").isEqualTo(before);
    }

    private static long keyFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("sensei-jwt-")).count();
        }
    }
}
