// Typed calls, one per API endpoint the dashboard uses. Paths are relative to /api/v1.
import { api, type QueryValue } from './client';
import type {
  AlertView,
  AnalyticsSummary,
  ApiKey,
  ConversationDetail,
  ConversationSummary,
  CreatedApiKey,
  FailureStatus,
  BulkStatusResult,
  FailureTrends,
  FailureView,
  FeedbackView,
  HealthDistribution,
  HealthView,
  LatestPatterns,
  LoginResponse,
  MeResponse,
  Member,
  SenseiRole,
  MessageView,
  Page,
  PatternRunAccepted,
  PatternRunView,
  Preferences,
  PreferencesPatch,
  SummaryEmailQueued,
  SavedView,
  Settings,
  TestAlertResult,
} from './types';

type Query = Record<string, QueryValue>;
const id = (v: string) => encodeURIComponent(v);

export const authApi = {
  login: (email: string, password: string) =>
    api.post<LoginResponse>('/auth/login', { email, password }, { redirectOn401: false }),
  me: () => api.get<MeResponse>('/auth/me'),
};

export const membersApi = {
  list: () => api.get<Member[]>('/members'),
  /** null clears the stored role (SENSEI_DEFAULT_ROLE applies) */
  setRole: (subject: string, role: SenseiRole | null) => api.put<Member>(`/members/${id(subject)}/role`, { role }),
};

export const conversationsApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<ConversationSummary>>('/conversations', { query, signal }),
  get: (cid: string) => api.get<ConversationDetail>(`/conversations/${id(cid)}`),
  /** Personal data comes masked; `reveal` (admins only, audited) asks for the text as stored. */
  messages: (cid: string, cursor?: string | null, reveal = false) =>
    api.get<Page<MessageView>>(`/conversations/${id(cid)}/messages`, {
      query: { limit: 200, cursor, reveal: reveal ? 'true' : undefined },
    }),
  health: (cid: string) => api.get<HealthView>(`/conversations/${id(cid)}/health`),
  failures: (cid: string) => api.get<FailureView[]>(`/conversations/${id(cid)}/failures`),
  /** Comments are customer text: masked unless `reveal` (admins only, audited), like the messages. */
  feedback: (cid: string, reveal = false) =>
    api.get<FeedbackView[]>(`/conversations/${id(cid)}/feedback`, { query: { reveal: reveal ? 'true' : undefined } }),
};

export const failuresApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<FailureView>>('/failures', { query, signal }),
  setStatus: (fid: string, status: FailureStatus) => api.patch<FailureView>(`/failures/${id(fid)}`, { status }),
  bulkStatus: (ids: string[], status: FailureStatus) =>
    api.post<BulkStatusResult>('/failures/bulk-status', { ids, status }),
};

export const analyticsApi = {
  summary: (query: Query) => api.get<AnalyticsSummary>('/analytics/summary', { query }),
  healthDistribution: (query: Query) => api.get<HealthDistribution>('/analytics/health-distribution', { query }),
  failureTrends: (query: Query) => api.get<FailureTrends>('/analytics/failures/trends', { query }),
  patterns: () => api.get<LatestPatterns>('/analytics/patterns'),
  patternRun: (rid: string) => api.get<PatternRunView>(`/analytics/patterns/runs/${id(rid)}`),
  startPatternRun: () => api.post<PatternRunAccepted>('/analytics/patterns/run'),
};

export const settingsApi = {
  get: () => api.get<Settings>('/settings'),
  put: (s: Pick<Settings, 'slack_webhook_url' | 'alert_thresholds'>) => api.put<Settings>('/settings', s),
  /** tries `slackWebhookUrl` when given (not saved), else the saved webhook */
  testAlert: (slackWebhookUrl?: string) =>
    api.post<TestAlertResult>(
      '/settings/test-alert',
      slackWebhookUrl ? { slack_webhook_url: slackWebhookUrl } : undefined,
    ),
  alerts: (query: Query = {}) => api.get<AlertView[]>('/alerts', { query }),
};

export const apiKeysApi = {
  list: () => api.get<ApiKey[]>('/api-keys'),
  create: (name: string) => api.post<CreatedApiKey>('/api-keys', { name }),
  revoke: (kid: string) => api.delete<void>(`/api-keys/${id(kid)}`),
  /** null clears the attribute */
  setOtlpConversationAttribute: (kid: string, attribute: string | null) =>
    api.patch<ApiKey>(`/api-keys/${id(kid)}`, { otlp_conversation_attribute: attribute }),
};

export const savedViewsApi = {
  list: (scope: string) => api.get<SavedView[]>('/saved-views', { query: { scope } }),
  create: (v: { name: string; scope: string; config: Record<string, unknown> }) =>
    api.post<SavedView>('/saved-views', v),
  update: (vid: string, v: { name: string; scope: string; config: Record<string, unknown> }) =>
    api.put<SavedView>(`/saved-views/${id(vid)}`, v),
  remove: (vid: string) => api.delete<void>(`/saved-views/${id(vid)}`),
};

export const preferencesApi = {
  get: () => api.get<Preferences>('/me/preferences'),
  patch: (p: PreferencesPatch) => api.patch<Preferences>('/me/preferences', p),
  sendSummaryNow: () => api.post<SummaryEmailQueued>('/me/summary-email'),
};

/** Lists may come bare or as a page; the dashboard reads both. */
export function itemsOf<T>(v: T[] | Page<T> | null | undefined): T[] {
  if (!v) return [];
  return Array.isArray(v) ? v : (v.items ?? []);
}
