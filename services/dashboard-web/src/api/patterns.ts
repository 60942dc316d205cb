// Patterns by environment, their daily trends, and starting an analysis of one environment.
import { api } from './client';
import type { components } from './schema.gen';

type Schemas = components['schemas'];
export type LatestPatterns = Schemas['LatestPatterns'];
export type PatternRunAccepted = Schemas['PatternRunAccepted'];
export type PatternTrends = Schemas['PatternTrends'];
export type PatternTrendSeries = Schemas['PatternTrendSeries'];
export type PatternTrendPoint = Schemas['PatternTrendPoint'];

const id = (v: string) => encodeURIComponent(v);

export const patternsApi = {
  /** the environment's latest run, or the latest over every environment when it has none of its own */
  latest: (environment: string | null) =>
    api.get<LatestPatterns>('/analytics/patterns', { query: { environment: environment ?? undefined } }),
  trends: (runId: string, timeframe = '30d') =>
    api.get<PatternTrends>(`/analytics/patterns/runs/${id(runId)}/trends`, { query: { timeframe } }),
  /** null analyses every environment together */
  start: (environment: string | null) =>
    api.post<PatternRunAccepted>('/analytics/patterns/run', undefined, {
      query: { environment: environment ?? undefined },
    }),
};
