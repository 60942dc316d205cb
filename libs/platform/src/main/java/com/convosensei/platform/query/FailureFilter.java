package com.convosensei.platform.query;

import com.convosensei.contracts.Limits;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.failure.FailureStatus;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.platform.error.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The failure list's filter, shared by dashboard-api (list, count, groups) and admin-api (bulk status by filter) so
 * "acknowledge all N matching" changes exactly the rows the list showed. Null means "not filtered"; lists match any
 * of their values. {@code patternId} keeps failures whose conversation is in that usage pattern; {@code environment}
 * and {@code tags} (all must hold) are the failing conversation's, the dashboard's scope.
 */
public record FailureFilter(List<String> statuses, List<String> types, List<String> severities, Instant from,
                            Instant to, UUID conversationId, UUID patternId, String environment,
                            List<MetadataTag> tags) {

    public static final String STATUS = "status";
    public static final String TYPE = "type";
    public static final String SEVERITY = "severity";
    public static final String CONVERSATION_ID = "conversation_id";
    public static final String PATTERN_ID = "pattern_id";
    public static final String ENVIRONMENT = "environment";
    public static final String TAG = "tag";

    /** From the list's text parameters; a bad value is a 400 naming {@code prefix + field}. */
    public static FailureFilter parse(String prefix, String status, String type, String severity, String timeframe,
                                      String from, String to, String conversationId, String patternId,
                                      String environment, List<String> tags, Clock clock) {
        Timeframe range;
        try {
            range = Timeframe.optional(timeframe, from, to, clock);
        } catch (ApiException e) {
            throw prefix.isEmpty() ? e : prefixed(prefix, e);
        }
        return new FailureFilter(
                QueryParams.wireList(prefix + STATUS, status, FailureStatus::fromWire, FailureStatus.values()),
                QueryParams.wireList(prefix + TYPE, type, FailureType::fromWire, FailureType.values()),
                QueryParams.wireList(prefix + SEVERITY, severity, Severity::fromWire, Severity.values()),
                range.from(), range.to(), QueryParams.optionalUuid(prefix + CONVERSATION_ID, conversationId),
                QueryParams.optionalUuid(prefix + PATTERN_ID, patternId),
                QueryParams.text(prefix + ENVIRONMENT, environment, Limits.MAX_ENVIRONMENT_LENGTH),
                MetadataTag.parse(prefix + TAG, tags));
    }

    public FailureFilter withStatuses(List<String> replaced) {
        return new FailureFilter(replaced, types, severities, from, to, conversationId, patternId, environment, tags);
    }

    /**
     * The filter as SQL conditions on a {@code failures} row aliased {@code f}; {@code bind} adds a parameter and
     * returns its placeholder. Each single-column condition matches one of the (column, detected_at desc, id desc)
     * indexes of V1, so counts and keyset pages stay index scans.
     */
    public List<String> conditions(Function<Object, String> bind) {
        List<String> out = new ArrayList<>();
        if (statuses != null) {
            out.add(oneOf(bind, "f.status", statuses));
        }
        if (types != null) {
            out.add(oneOf(bind, "f.type", types));
        }
        if (severities != null) {
            out.add(oneOf(bind, "f.severity", severities));
        }
        if (from != null) {
            out.add("f.detected_at >= " + bind.apply(from.atOffset(ZoneOffset.UTC)) + "::timestamptz");
        }
        if (to != null) {
            out.add("f.detected_at < " + bind.apply(to.atOffset(ZoneOffset.UTC)) + "::timestamptz");
        }
        if (conversationId != null) {
            out.add("f.conversation_id = " + bind.apply(conversationId) + "::uuid");
        }
        if (patternId != null) {
            out.add("f.conversation_id in (select pc.conversation_id from pattern_conversations pc where pc.pattern_id = "
                    + bind.apply(patternId) + "::uuid)");
        }
        String scope = MetadataTag.condition(bind, "sc", environment, tags);
        if (scope != null) {
            out.add("exists (select 1 from conversations sc where sc.id = f.conversation_id and " + scope + ")");
        }
        return out;
    }

    /** {@code column = $n} for one value, {@code column = any($n)} for several (one value keeps the btree order). */
    private static String oneOf(Function<Object, String> bind, String column, List<String> values) {
        return values.size() == 1 ? column + " = " + bind.apply(values.get(0))
                : column + " = any(" + bind.apply(values.toArray(new String[0])) + "::text[])";
    }

    private static ApiException prefixed(String prefix, ApiException e) {
        List<ErrorDetail> details = e.error().details() == null ? List.of()
                : e.error().details().stream()
                        .map(d -> new ErrorDetail(prefix + d.field(), d.reason()))
                        .toList();
        return ApiException.badRequest(details);
    }
}
