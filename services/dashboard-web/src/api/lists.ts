// List totals (GET /conversations/count; the Failures page counts exactly through triage.ts) and the server-side CSV / JSONL exports of a filtered list.
import { API_BASE, ApiError, api, buildQuery, type QueryValue } from './client';
import { getToken } from '../auth/session';

type Query = Record<string, QueryValue>;

/** exact up to `cap`; past it "at least cap" or the query planner's estimate */
export interface ListCount {
  count: number;
  exact: boolean;
  method: 'exact' | 'at_least' | 'estimate';
  cap: number;
}

export type ExportFormat = 'csv' | 'jsonl';
export type ExportList = 'conversations' | 'failures';

/** Only filters count: paging and sort parameters are dropped (the count endpoint refuses none, but they change nothing). */
function filtersOnly(query: Query): Query {
  const { limit: _limit, cursor: _cursor, sort: _sort, order: _order, ...rest } = query;
  void _limit;
  void _cursor;
  void _sort;
  void _order;
  return rest;
}

export const listsApi = {
  conversationsCount: (query: Query, signal?: AbortSignal) =>
    api.get<ListCount>('/conversations/count', { query: filtersOnly(query), signal }),
};

/** The export URL of a filtered list (same filters and sort as the list, paging dropped). */
export function exportUrl(list: ExportList, format: ExportFormat, query: Query): string {
  const { limit: _limit, cursor: _cursor, ...rest } = query;
  void _limit;
  void _cursor;
  return `${API_BASE}/${list}/export${buildQuery({ ...rest, format })}`;
}

/** "sensei-conversations-2026-12-01.csv" from Content-Disposition, else a name of our own. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const m = disposition?.match(/filename="?([^";]+)"?/i);
  return m ? m[1] : fallback;
}

/**
 * Downloads an export: the bearer token rules out a plain link, so the response is read as it streams (onProgress
 * gets the bytes so far) and handed to the browser as a file once complete.
 */
export async function downloadExport(
  list: ExportList,
  format: ExportFormat,
  query: Query,
  onProgress?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<{ filename: string; bytes: number }> {
  const headers: Record<string, string> = { Accept: format === 'csv' ? 'text/csv, */*' : 'application/x-ndjson, */*' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(exportUrl(list, format, query), { headers, signal });
  if (!res.ok) {
    let body = { message: `Export failed (${res.status})`, code: `http_${res.status}` };
    try {
      body = { ...body, ...(JSON.parse(await res.text()) as typeof body) };
    } catch {
      // not the error envelope: keep the status line
    }
    throw new ApiError(res.status, body);
  }
  const chunks: BlobPart[] = [];
  let bytes = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      onProgress?.(bytes);
    }
  } else {
    const whole = await res.blob();
    chunks.push(whole);
    bytes = whole.size;
  }
  const filename = filenameOf(res.headers.get('Content-Disposition'), `sensei-${list}.${format}`);
  const blob = new Blob(chunks, { type: res.headers.get('Content-Type') ?? 'application/octet-stream' });
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoked on the next task: the click has handed the blob to the download manager by then
  setTimeout(() => URL.revokeObjectURL(href), 0);
  return { filename, bytes };
}
