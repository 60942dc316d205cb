// Test helpers: a fetch stub that routes by method + path, and a render wrapper with router, query client, toasts.
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import { ToastProvider } from '../src/components/Toast';
import { setSession } from '../src/auth/session';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export type Reply = { status?: number; body?: unknown } | undefined;
export type Handler = (call: Call) => Reply | Promise<Reply>;

/** Replaces global fetch; unhandled requests answer 404 with the error envelope. Returns the recorded calls. */
export function stubFetch(handler: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const call: Call = {
        method: (init?.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
        headers: (init?.headers as Record<string, string>) ?? {},
      };
      calls.push(call);
      const reply = (await handler(call)) ?? {
        status: 404,
        body: { message: `no stub for ${call.method} ${call.path}`, code: 'not_found', details: [] },
      };
      const status = reply.status ?? 200;
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

export function signIn(email = 'admin@test.local'): void {
  setSession({ token: 'test-token', expiresAt: Date.now() + 3600_000, email, provider: 'local' });
}

export function LocationProbe() {
  const loc = useLocation();
  return <div data-testid="location">{loc.pathname + loc.search}</div>;
}

export function renderAt(url: string, routes: ReactNode) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  const utils = render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <MemoryRouter initialEntries={[url]}>
          <Routes>{routes}</Routes>
          <LocationProbe />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...utils, queryClient };
}

export function page<T>(items: T[], next_cursor: string | null = null) {
  return { items, next_cursor };
}

export function envelope(message: string, code: string, details: { field: string; reason: string }[] = []) {
  return { message, code, details };
}
