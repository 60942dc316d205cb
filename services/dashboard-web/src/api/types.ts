// Wire types of the Sensei API (snake_case JSON). The shapes are not typed here: they are the services' OpenAPI
// documents (docs/openapi/*.json) turned into TypeScript by openapi-typescript (schema.gen.ts, `make openapi`), and
// tests fail when either link drifts (each service's OpenApiSnapshotTest; test/schemaDrift.test.ts). What is left
// here is client-side: names, the value lists the pages iterate over, and refinements of free-form answers.
import type { components } from './schema.gen';

type Schemas = components['schemas'];

export type Uuid = Schemas['UUID'];
/** ISO-8601 instant, e.g. 2025-01-01T10:00:00Z */
export type Instant = Schemas['Instant'];

/** Compile-time check that a value list names exactly the members of a wire enum. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertExact<T extends true>(): T | undefined {
  return undefined;
}

// The detector types the dashboard knows labels for; a failure's `type` is an open string on the wire (judges and
// later releases may add types), so this list is client-side.
export const FAILURE_TYPES = [
  'user_frustration',
  'agent_refusal',
  'escalation_request',
  'repetition_loop',
  'error_response',
  'latency_spike',
  'abandonment',
  'pii_exposure',
  'negative_feedback',
  'prompt_injection',
] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];

export type Severity = Schemas['FailureView']['severity'];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
assertExact<Exactly<(typeof SEVERITIES)[number], Severity>>();

export type FailureStatus = Schemas['FailureView']['status'];
export const FAILURE_STATUSES = [
  'open',
  'ack',
  'resolved',
  'false_positive',
] as const satisfies readonly FailureStatus[];
assertExact<Exactly<(typeof FAILURE_STATUSES)[number], FailureStatus>>();

// query parameter values of the list and analytics endpoints (strings on the wire)
export const TIMEFRAMES = ['24h', '7d', '30d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export type ErrorDetail = Schemas['ErrorDetail'];

/**
 * The one error envelope every service answers with. `details` is always sent by the services; it is optional here
 * because the client also builds envelopes itself (network errors, non-JSON answers from a proxy).
 */
export type ApiErrorBody = Omit<Schemas['ApiError'], 'details'> & { details?: ErrorDetail[] };

/** A keyset page (the generated PageConversationSummary, PageFailureView, ... are instances of it). */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type AuthUser = Schemas['User'];
export type LoginResponse = Schemas['LoginResponse'];

export type Member = Schemas['Member'];
export type SenseiRole = NonNullable<Member['role']>;
/** where a member's role comes from: token claim (app_metadata.sensei_role), SENSEI_ADMIN_EMAILS, members page, SENSEI_DEFAULT_ROLE */
export type RoleSource = NonNullable<Member['role_source']>;

/**
 * GET /auth/me: the token's verified claims as they are (the document says only "an object"), plus the role
 * admin-api gave this token; a null role: signed in, but no role (every page answers 403).
 */
export interface MeResponse {
  id?: string;
  subject?: string;
  email?: string | null;
  sensei_role?: SenseiRole | null;
  sensei_role_source?: RoleSource | null;
  [key: string]: unknown;
}

export type ConversationSummary = Schemas['ConversationSummary'];
export type FeedbackCounts = Schemas['FeedbackCounts'];
export type FeedbackView = Schemas['FeedbackView'];
export type FeedbackKind = FeedbackView['kind'];
export type ConversationDetail = Schemas['ConversationDetail'];
export type MessageView = Schemas['MessageView'];
export type HealthComponent = Schemas['HealthComponent'];
export type HealthView = Schemas['HealthView'];
export type Evidence = Schemas['Evidence'];
export type FailureView = Schemas['FailureView'];

export type MetricComparison = Schemas['MetricComparison'];
export type AnalyticsSummary = Schemas['AnalyticsSummary'];
/** One bar of the health histogram: scored conversations with min <= health < max (the last bucket includes 100). */
export type HealthBucket = Schemas['HealthBucket'];
/** GET /analytics/health-distribution: always ten buckets (0-10 ... 90-100), zero-filled. */
export type HealthDistribution = Schemas['HealthDistribution'];
export type FailureTrendPoint = Schemas['FailureTrendPoint'];
/** GET /analytics/failures/trends: every day of the range, every type zero-filled. */
export type FailureTrends = Schemas['FailureTrends'];

export type PatternView = Schemas['PatternView'];
export type PatternRunView = Schemas['PatternRunView'];
export type PatternRunStatus = PatternRunView['status'];
/** GET /analytics/patterns: the latest succeeded run (null before the first) and the run in progress, if any. */
export type LatestPatterns = Schemas['LatestPatterns'];
/** POST /analytics/patterns/run (202). */
export type PatternRunAccepted = Schemas['PatternRunAccepted'];

export type BulkStatusResult = Schemas['BulkFailureStatusResult'];

export type AlertThresholds = Schemas['AlertThresholds'];
export type Settings = Schemas['SettingsView'];
/**
 * POST /settings/test-alert. On the wire `status` is always a number (0: the webhook could not be reached) and
 * `alert_id` always present; the settings page also keeps its own result here when the call itself failed (no status).
 */
export type TestAlertResult = Omit<Schemas['TestAlertResult'], 'status' | 'alert_id'> & {
  status: number | null;
  alert_id?: Uuid | null;
};
export type AlertView = Schemas['AlertView'];

export type ApiKey = Schemas['ApiKeyView'];
/** POST /api-keys answer: the only time the full key is ever shown. */
export type CreatedApiKey = Schemas['ApiKeyCreated'];

export type SavedView = Schemas['SavedView'];

/** GET/PATCH /me/preferences: the signed-in user's own choices (admin-api). PATCH takes any subset. */
export interface OnboardingPreferences {
  tour_dismissed: boolean;
  tour_steps_seen: string[];
}

export interface Preferences {
  weekly_summary: boolean;
  /** false for viewers: the opt-in is kept, but the weekly summary only goes to admins */
  weekly_summary_applies: boolean;
  product_analytics: boolean;
  onboarding: OnboardingPreferences;
}

export type PreferencesPatch = Partial<Omit<Preferences, 'onboarding' | 'weekly_summary_applies'>> & {
  onboarding?: Partial<OnboardingPreferences>;
};

/** POST /me/summary-email answer. */
export interface SummaryEmailQueued {
  /** false when one was already requested in the last 10 minutes (it is still on its way) */
  queued: boolean;
  recipient: string;
  message: string;
}
