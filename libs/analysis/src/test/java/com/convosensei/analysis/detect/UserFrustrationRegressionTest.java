package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.contracts.failure.FailureType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dialogues shaped like real task and chit-chat logs (written by us, not taken from any dataset): frustration
 * aimed at the assistant must be found, negative words about the topic and routine "no"s must not.
 */
class UserFrustrationRegressionTest {

    static List<Arguments> dialogues() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                UserFrustrationRegressionTest.class.getResourceAsStream("/frustration/regression.jsonl")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode n = json.readTree(line);
                    out.add(Arguments.of(n.path("id").asText(), n.path("frustrated").asBoolean(), n.path("messages")));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialogues")
    void detect__regressionDialogue__matchesLabel(String id, boolean frustrated, JsonNode messages) {
        Convs conv = Convs.of();
        for (JsonNode m : messages) {
            if (m.path("role").asText().equals("user")) {
                conv.user(m.path("content").asText());
            } else {
                conv.bot(m.path("content").asText());
            }
        }
        assertThat(finding(conv.analyze(), FailureType.USER_FRUSTRATION)).as(id).matches(f -> f.isPresent() == frustrated);
    }
}
