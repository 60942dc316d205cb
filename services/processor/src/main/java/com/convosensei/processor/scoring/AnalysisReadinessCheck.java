package com.convosensei.processor.scoring;

import com.convosensei.analysis.ConversationAnalyzer;
import com.convosensei.analysis.learned.LearnedModel;
import com.convosensei.analysis.model.Conversation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the analysis: the learned model is loaded (so the first conversation does not pay for it) and the
 * data says which health version this replica writes. {@code scripts/rescore.sh} reads {@code health_version} here,
 * so "re-score what is not current" means current for the processor that will do the scoring.
 */
@Readiness
@ApplicationScoped
public class AnalysisReadinessCheck implements HealthCheck {

    private final AnalysisSettings settings;
    private volatile String healthVersion;

    public AnalysisReadinessCheck(AnalysisSettings settings) {
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("analysis").up()
                .withData("health_version", healthVersion())
                .withData("model", LearnedModel.shared().version())
                .build();
    }

    /** The version the scoring writes, read off a real analysis rather than restated here. */
    String healthVersion() {
        if (healthVersion == null) {
            Conversation empty = new Conversation("readiness-probe", false, null, List.of(), Map.of());
            healthVersion = ConversationAnalyzer.analyze(empty, settings.toAnalysisConfig()).health().version();
        }
        return healthVersion;
    }
}
