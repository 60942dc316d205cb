// Wire types of the Sensei API (snake_case JSON), mirrored from libs/contracts and the services' REST resources.

export type Uuid = string;
/** ISO-8601 instant, e.g. 2025-01-01T10:00:00Z */
export type Instant = string;

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

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FAILURE_STATUSES = ['open', 'ack', 'resolved'] as const;
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

export const TIMEFRAMES = ['24h', '7d', '30d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export interface ErrorDetail {
  field: string;
  reason: string;
}

/** The one error envelope every service answers with. */
export interface ApiErrorBody {
  message: string;
  code: string;
  details?: ErrorDetail[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface AuthUser {
  id: string;
  email: string | null;
}

export interface LoginResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  user: AuthUser;
}

export type SenseiRole = 'admin' | 'viewer';

export interface MeResponse {
  id?: string;
  subject?: string;
  email?: string | null;
  /** the role admin-api gave this token; null: signed in, but no role (every page answers 403) */
  sensei_role?: SenseiRole | null;
  sensei_role_source?: RoleSource | null;
  [key: string]: unknown;
}

/** where a member's role comes from: token claim (app_metadata.sensei_role), SENSEI_ADMIN_EMAILS, members page, SENSEI_DEFAULT_ROLE */
export type RoleSource = 'claim' | 'allowlist' | 'stored' | 'default';

export interface Member {
  subject: string;
  email: string | null;
  role: SenseiRole | null;
  role_source: RoleSource | null;
  stored_role: SenseiRole | null;
  last_seen_at: string | null;
  /** false when the role comes from the token or the allowlist (then `note` says so) */
  role_editable: boolean;
  note: string | null;
}

export interface ConversationSummary {
  id: Uuid;
  external_id: string;
  environment: string;
  user_id: string | null;
  message_count: number;
  first_message_at: Instant | null;
  last_message_at: Instant | null;
  last_activity_at: Instant;
  ended: boolean;
  health_score: number | null;
  sentiment_avg: number | null;
  has_failures: boolean;
  failure_count: number;
  failure_types: string[];
  max_severity: Severity | null;
  last_message_preview: string | null;
  /** negative and positive feedback items on the conversation */
  feedback?: FeedbackCounts | null;
}

export interface FeedbackCounts {
  negative: number;
  positive: number;
}

export type FeedbackKind = 'thumbs' | 'rating';

/** GET /conversations/{id}/feedback item; the comment is masked like the transcript unless revealed. */
export interface FeedbackView {
  id: Uuid;
  kind: FeedbackKind | string;
  /** thumbs: -1 | 1; rating: 1..5 */
  value: number;
  /** -1 negative, 0 neutral, 1 positive (rating 1-2 negative, 3 neutral, 4-5 positive) */
  polarity: -1 | 0 | 1;
  comment: string | null;
  /** the client's message id (a message's external_id); null for feedback on the whole conversation */
  message_id: string | null;
  user_id: string | null;
  given_at: Instant;
  source: 'api' | 'otlp' | string;
}

export interface ConversationDetail {
  id: Uuid;
  external_id: string;
  environment: string;
  user_id: string | null;
  metadata: Record<string, unknown> | null;
  message_count: number;
  first_message_at: Instant | null;
  last_message_at: Instant | null;
  last_activity_at: Instant;
  ended: boolean;
  ended_at: Instant | null;
  ended_reason: string | null;
  health_score: number | null;
  health_version: string | null;
  scored_at: Instant | null;
  sentiment_avg: number | null;
  sentiment_min: number | null;
  sentiment_last: number | null;
  sentiment_trend: number | null;
  has_failures: boolean;
  failure_count: number;
  failure_types: string[];
  max_severity: Severity | null;
  created_at: Instant;
}

export interface MessageView {
  id: number;
  external_id: string | null;
  role: 'user' | 'assistant' | 'system' | 'tool' | string;
  content: string;
  timestamp: Instant;
  metadata: Record<string, unknown> | null;
  latency_ms: number | null;
  tokens: number | null;
  sentiment_score: number | null;
}

export interface HealthComponent {
  name: string;
  score: number;
  weight: number;
  reason: string;
}

export interface HealthView {
  conversation_id: Uuid;
  scored: boolean;
  score: number | null;
  version: string | null;
  scored_at: Instant | null;
  components: HealthComponent[] | null;
  summary: string | null;
}

export interface Evidence {
  message_id: string | null;
  message_index: number | null;
  excerpt: string | null;
}

export interface FailureView {
  id: Uuid;
  conversation_id: Uuid;
  conversation_external_id: string | null;
  type: FailureType | string;
  severity: Severity;
  confidence: number;
  explanation: string;
  evidence: Evidence[];
  source: string;
  status: FailureStatus;
  status_changed_at: Instant | null;
  status_changed_by: string | null;
  detected_at: Instant;
  last_seen_at: Instant;
}

export interface MetricComparison {
  current: number | null;
  previous: number | null;
  change: number | null;
}

export interface AnalyticsSummary {
  from: Instant;
  to: Instant;
  conversations: MetricComparison;
  messages: MetricComparison;
  average_health: MetricComparison;
  failure_rate: MetricComparison;
  open_failures: MetricComparison;
  total_conversations: number;
  /** share of the period's conversations that received any feedback */
  feedback_rate?: MetricComparison;
  /** share of the period's conversations with at least one negative feedback */
  negative_feedback_rate?: MetricComparison;
}

/** One bar of the health histogram: scored conversations with min <= health < max (the last bucket includes 100). */
export interface HealthBucket {
  min: number;
  max: number;
  count: number;
}

/** GET /analytics/health-distribution: always ten buckets (0-10 ... 90-100), zero-filled. */
export interface HealthDistribution {
  from: Instant;
  to: Instant;
  buckets: HealthBucket[];
  scored: number;
  unscored: number;
}

export interface FailureTrendPoint {
  /** UTC day, yyyy-mm-dd */
  day: string;
  counts: Record<string, number>;
  total: number;
}

/** GET /analytics/failures/trends: every day of the range, every type zero-filled. */
export interface FailureTrends {
  from: Instant;
  to: Instant;
  types: string[];
  points: FailureTrendPoint[];
}

export interface PatternView {
  id: Uuid;
  label: string;
  keywords: string[];
  size: number;
  avg_health: number | null;
  failure_share: number;
  failure_breakdown: Record<string, number>;
  previous_size: number | null;
  growth: number | null;
  sample_conversation_ids: Uuid[];
}

export type PatternRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface PatternRunView {
  id: Uuid;
  trigger: string;
  status: PatternRunStatus;
  progress: number;
  stage: string | null;
  conversation_count: number | null;
  cluster_count: number | null;
  silhouette: number | null;
  error: string | null;
  created_at: Instant;
  started_at: Instant | null;
  finished_at: Instant | null;
  patterns: PatternView[] | null;
}

/** GET /analytics/patterns: the latest succeeded run (null before the first) and the run in progress, if any. */
export interface LatestPatterns {
  run: PatternRunView | null;
  patterns: PatternView[];
  active_run: PatternRunView | null;
}

/** POST /analytics/patterns/run (202). */
export interface PatternRunAccepted {
  id: Uuid;
  trigger: string;
  status: PatternRunStatus;
  requested_by: string | null;
  created_at: Instant;
}

export interface BulkStatusResult {
  status: FailureStatus;
  updated: number;
  unchanged: number;
  not_found: number;
  results: { id: Uuid; result: 'updated' | 'unchanged' | 'not_found' }[];
}

export interface AlertThresholds {
  min_severity: Severity;
  health_below: number;
  cooldown_minutes: number;
  digest_after_per_minute: number;
}

export interface Settings {
  slack_webhook_url: string | null;
  alert_thresholds: AlertThresholds;
  updated_at?: Instant | null;
  updated_by?: string | null;
}

export interface TestAlertResult {
  delivered: boolean;
  /** HTTP status the webhook answered (0 when it could not be reached) */
  status: number | null;
  body: string | null;
  alert_id?: Uuid | null;
}

export interface AlertView {
  id: Uuid;
  kind: string;
  conversation_id: Uuid | null;
  failure_id: Uuid | null;
  dedupe_key?: string;
  failure_type: string | null;
  severity: string | null;
  status: string;
  payload?: unknown;
  attempts: number;
  response_status: number | null;
  response_body?: string | null;
  created_at: Instant;
  sent_at: Instant | null;
}

export interface ApiKey {
  id: Uuid;
  name: string;
  prefix: string;
  created_at: Instant;
  created_by?: string | null;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
  revoked_by?: string | null;
  /** OTLP intake: the span/resource attribute naming the conversation, after the conventional ones (docs/otlp.md) */
  otlp_conversation_attribute?: string | null;
}

/** POST /api-keys answer: the only time the full key is ever shown. */
export interface CreatedApiKey {
  id: Uuid;
  name: string;
  prefix: string;
  key: string;
  created_at: Instant;
}

export interface SavedView {
  id: Uuid;
  name: string;
  scope: string;
  config: Record<string, unknown>;
  created_at?: Instant;
  updated_at?: Instant;
}

/** GET/PATCH /me/preferences: the signed-in user's own choices (admin-api). PATCH takes any subset. */
export interface OnboardingPreferences {
  tour_dismissed: boolean;
  tour_steps_seen: string[];
}

export interface Preferences {
  weekly_summary: boolean;
  product_analytics: boolean;
  onboarding: OnboardingPreferences;
}

export type PreferencesPatch = Partial<Omit<Preferences, 'onboarding'>> & {
  onboarding?: Partial<OnboardingPreferences>;
};
