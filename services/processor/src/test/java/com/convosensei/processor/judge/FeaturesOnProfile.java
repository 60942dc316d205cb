package com.convosensei.processor.judge;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The optional features switched on: the LLM judge (every conversation sampled, pointed at {@link FakeOpenAi} on a
 * port fixed for the JVM) and embeddings. Test classes sharing it share one application start.
 */
public class FeaturesOnProfile implements QuarkusTestProfile {

    private static final String PORT_PROPERTY = "sensei.test.fake-openai-port";

    /** The fake endpoint's port: chosen once per JVM (a system property survives the test class loaders). */
    public static synchronized int port() {
        String p = System.getProperty(PORT_PROPERTY);
        if (p == null) {
            try (ServerSocket s = new ServerSocket(0)) {
                p = Integer.toString(s.getLocalPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty(PORT_PROPERTY, p);
        }
        return Integer.parseInt(p);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "sensei.judge.enabled", "true",
                "sensei.judge.sample-rate", "1.0",
                "sensei.judge.only-uncertain", "false",
                "sensei.judge.base-url", "http://127.0.0.1:" + port(),
                "sensei.judge.model", "judge-test-model",
                "sensei.judge.api-key", "sk-judge-test",
                "sensei.judge.timeout", "5s",
                "sensei.features.embeddings", "true",
                "sensei.consumers.embed.enabled", "false");
    }
}
