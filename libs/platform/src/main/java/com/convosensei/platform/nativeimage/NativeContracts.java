package com.convosensei.platform.nativeimage;

import com.convosensei.contracts.Page;
import com.convosensei.contracts.admin.AlertThresholds;
import com.convosensei.contracts.admin.AlertView;
import com.convosensei.contracts.admin.ApiKeyCreateRequest;
import com.convosensei.contracts.admin.ApiKeyCreated;
import com.convosensei.contracts.admin.ApiKeyUpdateRequest;
import com.convosensei.contracts.admin.ApiKeyView;
import com.convosensei.contracts.admin.BulkFailureStatusRequest;
import com.convosensei.contracts.admin.BulkFailureStatusResult;
import com.convosensei.contracts.admin.DlqEntry;
import com.convosensei.contracts.admin.DlqReplayResult;
import com.convosensei.contracts.admin.ErasureResult;
import com.convosensei.contracts.admin.FailureStatusRequest;
import com.convosensei.contracts.admin.LoginRequest;
import com.convosensei.contracts.admin.LoginResponse;
import com.convosensei.contracts.admin.PatternRunAccepted;
import com.convosensei.contracts.admin.RetentionSettings;
import com.convosensei.contracts.admin.SavedView;
import com.convosensei.contracts.admin.SavedViewRequest;
import com.convosensei.contracts.admin.SettingsView;
import com.convosensei.contracts.admin.FailureFilterRequest;
import com.convosensei.contracts.admin.FailureNoteRequest;
import com.convosensei.contracts.admin.TestAlertRequest;
import com.convosensei.contracts.admin.TestAlertResult;
import com.convosensei.contracts.analytics.AnalyticsSummary;
import com.convosensei.contracts.analytics.FailureTrendPoint;
import com.convosensei.contracts.analytics.FailureTrends;
import com.convosensei.contracts.analytics.HealthBucket;
import com.convosensei.contracts.analytics.HealthDistribution;
import com.convosensei.contracts.analytics.LatestPatterns;
import com.convosensei.contracts.analytics.MetricComparison;
import com.convosensei.contracts.analytics.PatternRunView;
import com.convosensei.contracts.analytics.PatternView;
import com.convosensei.contracts.conversation.ConversationDetail;
import com.convosensei.contracts.conversation.ConversationSummary;
import com.convosensei.contracts.conversation.FeedbackCounts;
import com.convosensei.contracts.conversation.FeedbackView;
import com.convosensei.contracts.conversation.HealthBreakdown;
import com.convosensei.contracts.conversation.HealthComponent;
import com.convosensei.contracts.conversation.HealthView;
import com.convosensei.contracts.conversation.MessageView;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorDetail;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureGroups;
import com.convosensei.contracts.failure.FailureNoteView;
import com.convosensei.contracts.failure.FailureStatus;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.FailureView;
import com.convosensei.contracts.failure.Severity;
import com.convosensei.contracts.ingest.FeedbackRequest;
import com.convosensei.contracts.ingest.FeedbackValidator;
import com.convosensei.contracts.ingest.TrackMessage;
import com.convosensei.contracts.ingest.TrackRequest;
import com.convosensei.contracts.ingest.TrackValidator;
import com.convosensei.contracts.stream.FeedbackEvent;
import com.convosensei.contracts.stream.IngestEvent;
import com.convosensei.contracts.stream.PatternRunRequest;
import com.convosensei.contracts.stream.ProcessEvent;
import com.convosensei.contracts.ListCount;
import com.convosensei.contracts.admin.AlertDeliveryHealth;
import com.convosensei.contracts.admin.AlertDeliveryView;
import com.convosensei.contracts.analytics.EnvironmentOption;
import com.convosensei.contracts.analytics.MetadataChange;
import com.convosensei.contracts.analytics.MetadataChanges;
import com.convosensei.contracts.analytics.MetadataKeyCount;
import com.convosensei.contracts.analytics.PatternTrendPoint;
import com.convosensei.contracts.analytics.PatternTrendSeries;
import com.convosensei.contracts.analytics.PatternTrends;
import com.convosensei.contracts.analytics.ScopeOptions;
import com.convosensei.contracts.analytics.TagOption;
import com.convosensei.contracts.analytics.TagValueOption;
import com.convosensei.contracts.analytics.TimeSeries;
import com.convosensei.contracts.analytics.TimeSeriesPoint;
import com.convosensei.contracts.conversation.ConversationRef;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: every record and enum of libs/contracts, registered for reflection in every service (all of them
 * depend on this module, and it is in their Jandex index). Jackson builds these reflectively wherever they are
 * (de)serialized by hand: stream payloads through {@code ObjectMapper} (the Redis streams carry JSON strings), JSON
 * columns, and REST answers wrapped in a {@code Response}, none of which Quarkus can see at build time. libs/contracts
 * stays framework-free, so the list lives here. {@code NativeContractsTest} fails when a contract type is missing.
 */
@RegisterForReflection(targets = {
        Page.class,
        ListCount.class,
        AlertDeliveryHealth.class,
        AlertDeliveryView.class,
        EnvironmentOption.class,
        MetadataChange.class,
        MetadataChanges.class,
        MetadataKeyCount.class,
        PatternTrendPoint.class,
        PatternTrendSeries.class,
        PatternTrends.class,
        ScopeOptions.class,
        TagOption.class,
        TagValueOption.class,
        TimeSeries.class,
        TimeSeriesPoint.class,
        ConversationRef.class,
        AlertThresholds.class,
        AlertView.class,
        ApiKeyCreateRequest.class,
        ApiKeyCreated.class,
        ApiKeyUpdateRequest.class,
        ApiKeyView.class,
        BulkFailureStatusRequest.class,
        BulkFailureStatusResult.class,
        BulkFailureStatusResult.Item.class,
        DlqEntry.class,
        DlqReplayResult.class,
        ErasureResult.class,
        FailureStatusRequest.class,
        LoginRequest.class,
        LoginResponse.class,
        LoginResponse.User.class,
        PatternRunAccepted.class,
        RetentionSettings.class,
        RetentionSettings.Environment.class,
        SavedView.class,
        SavedViewRequest.class,
        SettingsView.class,
        FailureFilterRequest.class,
        FailureNoteRequest.class,
        TestAlertRequest.class,
        TestAlertResult.class,
        AnalyticsSummary.class,
        FailureTrendPoint.class,
        FailureTrends.class,
        HealthBucket.class,
        HealthDistribution.class,
        LatestPatterns.class,
        MetricComparison.class,
        PatternRunView.class,
        PatternView.class,
        ConversationDetail.class,
        ConversationSummary.class,
        FeedbackCounts.class,
        FeedbackView.class,
        HealthBreakdown.class,
        HealthComponent.class,
        HealthView.class,
        MessageView.class,
        ApiError.class,
        ErrorDetail.class,
        Evidence.class,
        FailureGroups.class,
        FailureGroups.FailureGroup.class,
        FailureNoteView.class,
        FailureStatus.class,
        FailureType.class,
        FailureView.class,
        Severity.class,
        FeedbackRequest.class,
        FeedbackValidator.Result.class,
        TrackMessage.class,
        TrackRequest.class,
        TrackValidator.Result.class,
        FeedbackEvent.class,
        IngestEvent.class,
        PatternRunRequest.class,
        ProcessEvent.class
})
public final class NativeContracts {

    private NativeContracts() {
    }
}
