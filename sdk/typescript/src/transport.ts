import type { WireItemResult } from './types.js';
import { parseRetryAfter, unrefTimeout } from './util.js';

/** What one HTTP attempt came to; the client decides about retries from this alone. */
export type Outcome =
  | { kind: 'ok'; status: number; results?: WireItemResult[] }
  /** Worth trying again. `unlimited`: Sensei is unreachable or overloaded (not a poison batch). */
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number; unlimited: boolean; cause?: unknown }
  /** The API refused the request itself (4xx): retrying would give the same answer. */
  | { kind: 'reject'; status: number; message: string; code?: string; details?: unknown };

/** Statuses that mean "not now" rather than "this batch is broken": retried for as long as it takes. */
const TRANSIENT = new Set([408, 425, 429, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT.has(status);
}

export interface TransportOptions {
  url: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
  userAgent: string;
}

/** Sends one batch body; never throws. */
export async function sendBatch(o: TransportOptions, body: string, keepalive: boolean): Promise<Outcome> {
  const controller = typeof AbortController !== 'undefined' ? new AbortController() : undefined;
  let timedOut = false;
  const timer = controller
    ? unrefTimeout(() => {
        timedOut = true;
        controller.abort();
      }, o.timeoutMs)
    : undefined;
  try {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${o.apiKey}`,
    };
    // browsers refuse to set User-Agent; Node sends it and the server logs which SDK version talks to it
    if (typeof (globalThis as { window?: unknown }).window === 'undefined') headers['user-agent'] = o.userAgent;
    const res = await o.fetch(o.url, {
      method: 'POST',
      headers,
      body,
      signal: controller?.signal,
      keepalive,
    });
    const text = await res.text(); // read the whole answer inside the timeout
    return classify(res.status, res.headers, text);
  } catch (e) {
    return {
      kind: 'retry',
      reason: timedOut ? `timed out after ${o.timeoutMs} ms` : `network error: ${describe(e)}`,
      unlimited: true,
      cause: e,
    };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function describe(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = err?.cause?.code ?? err?.cause?.message;
  return (err?.message ?? String(e)) + (cause ? ` (${cause})` : '');
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function classify(status: number, headers: { get(name: string): string | null }, text: string): Outcome {
  const json = parseJson(text) as
    { results?: WireItemResult[]; message?: string; code?: string; details?: unknown } | undefined;
  if (status >= 200 && status < 300) {
    return { kind: 'ok', status, results: Array.isArray(json?.results) ? json!.results : undefined };
  }
  if (status === 429 || status === 503 || status >= 500 || status === 408 || status === 425) {
    return {
      kind: 'retry',
      reason: `HTTP ${status}${json?.message ? `: ${json.message}` : ''}`,
      status,
      retryAfterMs: parseRetryAfter(headers.get('retry-after')),
      unlimited: TRANSIENT.has(status),
    };
  }
  return {
    kind: 'reject',
    status,
    message: json?.message ?? (text.slice(0, 200) || `HTTP ${status}`),
    code: json?.code,
    details: json?.details,
  };
}

/** Per-item status of a 207 answer as a number: accepts numeric statuses and a few words. */
export function itemStatus(r: WireItemResult): number {
  if (typeof r.status === 'number') return r.status;
  const s = String(r.status).toLowerCase();
  if (/^\d{3}$/.test(s)) return Number(s);
  if (['ok', 'accepted', 'queued', 'created', 'success', 'duplicate'].includes(s)) return 202;
  if (['unavailable', 'retry', 'busy'].includes(s)) return 503;
  if (['error', 'failed', 'internal_error'].includes(s)) return 500;
  return 400; // rejected / invalid / anything else: not retried
}
