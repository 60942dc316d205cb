// Trends over time (GET /analytics/timeseries), metadata change markers (GET /analytics/changes) and the lookup of a
// conversation by the customer's own id (GET /conversations/by-external-id/{id}, behind /c/<id> links).
import { api, type QueryValue } from './client';
import type { components } from './schema.gen';

type Schemas = components['schemas'];

export type TimeSeries = Schemas['TimeSeries'];
export type TimeSeriesPoint = Schemas['TimeSeriesPoint'];
export type MetadataChanges = Schemas['MetadataChanges'];
export type MetadataChange = Schemas['MetadataChange'];
export type ConversationRef = Schemas['ConversationRef'];

export type Bucket = 'auto' | 'hour' | 'day';

/** The metadata keys offered for change markers before the period's own keys are known. */
export const DEFAULT_MARKER_KEYS = ['model', 'prompt_version', 'agent_version'] as const;

type Query = Record<string, QueryValue>;

export const trendsApi = {
  timeseries: (query: Query & { bucket?: Bucket }) => api.get<TimeSeries>('/analytics/timeseries', { query }),
  changes: (query: Query & { key: string }) => api.get<MetadataChanges>('/analytics/changes', { query }),
  /** 404 (ApiError) when no environment has a conversation with this id */
  byExternalId: (conversationId: string, environment?: string) =>
    api.get<ConversationRef[]>(`/conversations/by-external-id/${encodeURIComponent(conversationId)}`, {
      query: { environment },
    }),
};
