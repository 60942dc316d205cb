import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { getSession } from './session';

/** Pages behind login: without a (non-expired) token, go to /login and come back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  if (!getSession()) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Only same-app paths are followed after login (no open redirect to another site). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
