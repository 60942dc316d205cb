// Triage at scale: counts and groups of the failure list's filter (dashboard-api), bulk status by filter and notes
// (admin-api writes, dashboard-api reads).
import { api, type QueryValue } from './client';
import type { BulkStatusResult, FailureStatus } from './types';
import type { components } from './schema.gen';

type Schemas = components['schemas'];
export type ListCount = Schemas['ListCount'];
export type FailureGroups = Schemas['FailureGroups'];
export type FailureGroup = Schemas['FailureGroup'];
export type FailureNote = Schemas['FailureNoteView'];
export type GroupBy = 'type' | 'pattern';

/** The list's filter exactly as GET /failures takes it; the bulk action sends the same keys as its `filter`. */
export interface FailureListFilter {
  status?: string;
  type?: string;
  severity?: string;
  timeframe?: string;
  from?: string;
  to?: string;
  conversation_id?: string;
  pattern_id?: string;
  /** the dashboard's scope (lib/scope.ts): the failing conversation's environment and one metadata tag */
  environment?: string;
  tag?: string;
  [key: string]: QueryValue;
}

const id = (v: string) => encodeURIComponent(v);

/** Drops absent values: the server treats a missing key and an empty one alike, the audit reads better without. */
/** The filter as the bulk request's body takes it: set fields only, `tag` as the list of tags it is there. */
function compact(filter: FailureListFilter): Record<string, string | string[]> {
  const set = Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return Object.fromEntries(set.map(([k, v]) => [k, k === 'tag' ? [v] : v]));
}

export const triageApi = {
  /** Exact (never the capped estimate the lists show): a bulk action is refused when more match than this. */
  count: (filter: FailureListFilter, signal?: AbortSignal) =>
    api.get<ListCount>('/failures/count', { query: { ...filter, exact: 'true' }, signal }),
  groups: (by: GroupBy, filter: FailureListFilter, signal?: AbortSignal) =>
    api.get<FailureGroups>('/failures/groups', { query: { ...filter, by }, signal }),
  /** Every failure the filter matches; refused (409) when more match now than `expectedCount`. */
  bulkByFilter: (filter: FailureListFilter, expectedCount: number, status: FailureStatus) =>
    api.post<BulkStatusResult>('/failures/bulk-status', {
      filter: compact(filter),
      expected_count: expectedCount,
      status,
    }),
  notes: (fid: string, signal?: AbortSignal) => api.get<FailureNote[]>(`/failures/${id(fid)}/notes`, { signal }),
  addNote: (fid: string, body: string) => api.post<FailureNote>(`/failures/${id(fid)}/notes`, { body }),
  deleteNote: (fid: string, nid: string) => api.delete<void>(`/failures/${id(fid)}/notes/${id(nid)}`),
};
