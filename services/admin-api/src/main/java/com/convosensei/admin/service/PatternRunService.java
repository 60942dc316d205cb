package com.convosensei.admin.service;

import com.convosensei.admin.repository.PatternRunRepository;
import com.convosensei.admin.repository.Sql;
import com.convosensei.admin.stream.PatternRunPublisher;
import com.convosensei.contracts.admin.PatternRunAccepted;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.platform.error.ApiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Run pattern analysis now": a {@code pattern_runs} row (queued) plus a stream entry for the processor. The
 * database's single-active index is the lock, so two clicks or two replicas can never start two runs.
 */
@ApplicationScoped
public class PatternRunService {

    public static final String RUNS_PATH = "/api/v1/analytics/patterns/runs/";

    private final PatternRunRepository runs;
    private final PatternRunPublisher publisher;

    public PatternRunService(PatternRunRepository runs, PatternRunPublisher publisher) {
        this.runs = runs;
        this.publisher = publisher;
    }

    /** {@code environment} null: analyse every environment's conversations together. */
    public Uni<PatternRunAccepted> request(String requestedBy, String environment) {
        return runs.queueManual(requestedBy, environment)
                .onFailure(e -> Sql.isUniqueViolation(e, PatternRunRepository.SINGLE_ACTIVE_INDEX))
                .recoverWithUni(() -> runs.active().map(this::alreadyActive))
                .flatMap(run -> publisher.publish(new PatternRunRequest(run.id(), requestedBy, Instant.now()))
                        .replaceWith(run)
                        .onFailure().call(e -> {
                            // without the entry nobody would ever pick the run up, and it would block every later one
                            Log.errorf("could not enqueue pattern run %s: %s", run.id(), e.toString());
                            return runs.markFailed(run.id(), "could not enqueue the run: " + e.getMessage());
                        })
                        .onFailure(e -> !(e instanceof ApiException))
                        .transform(e -> ApiException.unavailable("could not hand the run to the processor (Redis unavailable); try again", 5)));
    }

    private PatternRunAccepted alreadyActive(UUID activeId) {
        String message = activeId == null
                ? "a pattern run was active a moment ago; try again"
                : "a pattern run is already queued or running (id " + activeId + ")";
        Map<String, String> headers = activeId == null ? Map.of() : Map.of("Location", RUNS_PATH + activeId);
        List<ErrorDetail> details = activeId == null ? List.of() : List.of(new ErrorDetail("active_run_id", activeId.toString()));
        throw new ApiException(409, new ApiError(message, ErrorCodes.CONFLICT, details), headers);
    }
}
