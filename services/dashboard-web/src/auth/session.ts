// Where the bearer token lives. localStorage so a reload or a new tab stays signed in; expiry is checked locally
// so an expired token sends the user to login before the first request fails.

const KEY = 'sensei.session';

export interface Session {
  token: string;
  /** epoch millis; 0 = unknown (let the server decide) */
  expiresAt: number;
  email: string | null;
  /** 'local' (admin-api login) or 'supabase' */
  provider: 'local' | 'supabase';
}

type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();

export function getSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (!s.token) return null;
    if (s.expiresAt && s.expiresAt < Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

export function setSession(s: Session): void {
  localStorage.setItem(KEY, JSON.stringify(s));
  listeners.forEach((l) => l(s));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
  listeners.forEach((l) => l(null));
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
