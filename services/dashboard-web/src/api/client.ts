// The one HTTP client of the dashboard: adds the bearer token, parses the {message, code, details} error envelope
// and sends the user to /login?next=<where they were> on any 401.
import { clearSession, getToken } from '../auth/session';
import type { ApiErrorBody, ErrorDetail } from './types';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, body: ApiErrorBody) {
    super(body.message || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code || 'unknown';
    this.details = body.details ?? [];
  }

  /** details as {field: reason}; the first reason wins when a field repeats. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (d.field && !(d.field in out)) out[d.field] = d.reason;
    }
    return out;
  }
}

export type QueryValue = string | number | boolean | null | undefined | string[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** false for the login call itself: its 401 means "wrong password", not "session expired" */
  redirectOn401?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

type UnauthorizedHandler = (next: string) => void;

function defaultUnauthorized(next: string): void {
  if (window.location.pathname === '/login') return;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

let unauthorizedHandler: UnauthorizedHandler = defaultUnauthorized;

/** The app swaps in a router-aware handler (no full reload); tests swap in a spy. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler ?? defaultUnauthorized;
}

export function currentLocation(): string {
  return window.location.pathname + window.location.search;
}

export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
    else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = getToken();
  if (token && !headers.Authorization) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}${buildQuery(opts.query)}`, { method, headers, body, signal: opts.signal });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e;
    throw new ApiError(0, {
      message: 'Cannot reach the Sensei API. Check your connection and retry.',
      code: 'network_error',
    });
  }

  if (res.status === 401 && opts.redirectOn401 !== false) {
    clearSession();
    unauthorizedHandler(currentLocation());
  }
  if (!res.ok) throw new ApiError(res.status, await readErrorBody(res));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function readErrorBody(res: Response): Promise<ApiErrorBody> {
  const fallback: ApiErrorBody = {
    message: res.statusText || `Request failed (${res.status})`,
    code: `http_${res.status}`,
  };
  try {
    const text = await res.text();
    if (!text) return fallback;
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    return {
      message: parsed.message || fallback.message,
      code: parsed.code || fallback.code,
      details: Array.isArray(parsed.details) ? parsed.details : [],
    };
  } catch {
    return fallback;
  }
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};
