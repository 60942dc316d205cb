package com.convosensei.platform.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.error.ErrorDetail;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertThresholdRulesTest {

    /**
     * Stored JSON that the two former copies read differently: admin-api showed "urgent" and 250 (any text, any
     * number), the processor's whole-record Jackson read failed on "soon" and alerted with every default. Both now
     * read it key by key with the write rules.
     */
    static final String DRIFTED = """
            {"min_severity": "urgent", "health_below": 250, "cooldown_minutes": "soon", "digest_after_per_minute": 3}""";

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void merge__aKeyTheWriteRulesWouldRefuse__readsAsItsDefault_theOthersAreKept() throws Exception {
        AlertThresholds merged = AlertThresholdRules.merge(mapper.readTree(DRIFTED));

        assertThat(merged).isEqualTo(new AlertThresholds("high", 40.0, 10, 3));
    }

    @Test
    void merge__missingKeysNullAndNonObjects__readAsTheDefaults() throws Exception {
        assertThat(AlertThresholdRules.merge(null)).isEqualTo(AlertThresholds.DEFAULTS);
        assertThat(AlertThresholdRules.merge(mapper.readTree("[1]"))).isEqualTo(AlertThresholds.DEFAULTS);
        assertThat(AlertThresholdRules.merge(mapper.readTree("{\"health_below\": \"40\", \"cooldown_minutes\": 2.5}")))
                .isEqualTo(AlertThresholds.DEFAULTS);
        assertThat(AlertThresholdRules.merge(mapper.readTree("{\"min_severity\": \"low\", \"cooldown_minutes\": 0}")))
                .isEqualTo(new AlertThresholds("low", 40.0, 0, 5));
    }

    @Test
    void validate__acceptsWhatMergeKeeps_andNamesEveryRefusedKey() throws Exception {
        List<ErrorDetail> errors = new ArrayList<>();
        ObjectNode accepted = AlertThresholdRules.validate(mapper.readTree(DRIFTED), errors);

        assertThat(errors).extracting(ErrorDetail::field).containsExactlyInAnyOrder("alert_thresholds.min_severity",
                "alert_thresholds.health_below", "alert_thresholds.cooldown_minutes");
        assertThat(accepted.toString()).isEqualTo("{\"digest_after_per_minute\":3}");
    }

    @Test
    void validate__boundsAndUnknownKeys() throws Exception {
        List<ErrorDetail> errors = new ArrayList<>();
        JsonNode edges = mapper.readTree("""
                {"health_below": 0, "cooldown_minutes": 1440, "digest_after_per_minute": 1000, "min_severity": "critical"}""");
        assertThat(AlertThresholdRules.validate(edges, errors)).hasSize(4);
        assertThat(errors).isEmpty();

        AlertThresholdRules.validate(mapper.readTree("""
                {"health_below": 100.5, "cooldown_minutes": -1, "digest_after_per_minute": 0, "colour": "red"}"""), errors);
        assertThat(errors).extracting(ErrorDetail::field).containsExactlyInAnyOrder("alert_thresholds.health_below",
                "alert_thresholds.cooldown_minutes", "alert_thresholds.digest_after_per_minute", "alert_thresholds.colour");

        errors.clear();
        AlertThresholdRules.validate(mapper.readTree("[1]"), errors);
        assertThat(errors).extracting(ErrorDetail::field).containsExactly("alert_thresholds");
    }
}
