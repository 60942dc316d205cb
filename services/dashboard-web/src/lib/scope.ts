// The dashboard's scope: which environment (and optionally which metadata tag) Overview, Conversations, Failures and
// Patterns show. The URL holds it (?env=production&tag=model:gpt-4o; env=all for every environment) so a view can be
// shared and survives a reload; the last scope of this tab is remembered so in-app links that only carry their own
// params (time range, filters) land in the same scope.
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const ENV_PARAM = 'env';
export const TAG_PARAM = 'tag';
/** env=all: every environment, chosen explicitly (an absent env means "not decided yet": the default applies) */
export const ALL_ENVIRONMENTS = 'all';
export const DEFAULT_ENVIRONMENT = 'production';
/** what the Conversations page's own filter used before the scope existed; old links and saved views still carry it */
const LEGACY_ENV_PARAM = 'environment';

/** The pages the scope applies to (the picker is shown there and their links carry it). */
export const SCOPED_PATHS = ['/', '/conversations', '/failures', '/patterns'] as const;

export interface Scope {
  /** an environment name, or ALL_ENVIRONMENTS */
  env: string;
  /** one metadata filter as key:value, or null */
  tag: string | null;
}

export function isScopedPath(pathname: string): boolean {
  const p = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return (SCOPED_PATHS as readonly string[]).includes(p);
}

/** A tag as the API takes it: key:value, both non-empty (split at the first colon, values may hold colons). */
export function parseTag(raw: string | null | undefined): { key: string; value: string } | null {
  if (!raw) return null;
  const i = raw.indexOf(':');
  if (i <= 0) return null;
  const key = raw.slice(0, i).trim();
  const value = raw.slice(i + 1).trim();
  return key && value ? { key, value } : null;
}

export function formatTag(key: string, value: string): string {
  return `${key}:${value}`;
}

/** The scope in the URL, or null when it has none yet (the gate then fills in the remembered or default one). */
export function parseScope(params: URLSearchParams): Scope | null {
  const env = params.get(ENV_PARAM)?.trim();
  if (!env) return null;
  const tag = parseTag(params.get(TAG_PARAM));
  return { env, tag: tag ? formatTag(tag.key, tag.value) : null };
}

/** Writes the scope into params (dropping the legacy environment param it replaces). */
export function writeScope(params: URLSearchParams, scope: Scope): URLSearchParams {
  params.delete(LEGACY_ENV_PARAM);
  params.set(ENV_PARAM, scope.env);
  if (scope.tag) params.set(TAG_PARAM, scope.tag);
  else params.delete(TAG_PARAM);
  return params;
}

/** Copies the scope of `from` into `to`: for pages that rebuild their query string from their own state. */
export function carryScope(from: URLSearchParams, to: URLSearchParams): URLSearchParams {
  const scope = parseScope(from);
  return scope ? writeScope(to, scope) : to;
}

/** The query parameters every scoped API call takes. */
export function scopeQuery(scope: Scope | null): { environment?: string; tag?: string } {
  if (!scope) return {};
  return {
    environment: scope.env === ALL_ENVIRONMENTS ? undefined : scope.env,
    tag: scope.tag ?? undefined,
  };
}

/** production when the data has it; otherwise every environment (a single staging-only setup still sees its data). */
export function defaultScope(environments: readonly string[]): Scope {
  return { env: environments.includes(DEFAULT_ENVIRONMENT) ? DEFAULT_ENVIRONMENT : ALL_ENVIRONMENTS, tag: null };
}

/** A link's URL with the current scope added, for navigation between the scoped pages. */
export function withScope(to: string, scope: Scope | null): string {
  if (!scope) return to;
  const [path, query = ''] = to.split('?');
  const params = writeScope(new URLSearchParams(query), scope);
  return `${path}?${params.toString()}`;
}

const STORAGE_KEY = 'sensei.scope';

/** This tab's last scope (sessionStorage: a new tab or a new visit starts from the default again). */
export function rememberedScope(): Scope | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Scope>;
    if (typeof v.env !== 'string' || !v.env) return null;
    const tag = typeof v.tag === 'string' ? parseTag(v.tag) : null;
    return { env: v.env, tag: tag ? formatTag(tag.key, tag.value) : null };
  } catch {
    return null;
  }
}

export function rememberScope(scope: Scope): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(scope));
  } catch {
    // storage refused (private mode quota): the URL still holds the scope
  }
}

const DEFAULT_KEY = 'sensei.scope.default';

/**
 * The default scope the last environment list gave (localStorage: it outlives the tab). A new tab opens its first
 * scoped page in it at once instead of waiting a round trip for the list before asking for any data; the picker then
 * checks it against the fresh list (useCheckedDefault).
 */
export function cachedDefaultScope(): Scope | null {
  try {
    const env = localStorage.getItem(DEFAULT_KEY);
    return env === DEFAULT_ENVIRONMENT || env === ALL_ENVIRONMENTS ? { env, tag: null } : null;
  } catch {
    return null;
  }
}

export function rememberDefaultScope(environments: readonly string[]): void {
  try {
    localStorage.setItem(DEFAULT_KEY, defaultScope(environments).env);
  } catch {
    // storage refused: the next new tab waits for the list again
  }
}

/**
 * The scope a URL without one should get: the legacy ?environment= if present, else this tab's last scope, else
 * null (the default needs the environment list).
 */
export function scopeWithoutEnvironmentList(params: URLSearchParams): Scope | null {
  const legacy = params.get(LEGACY_ENV_PARAM)?.trim();
  if (legacy) return { env: legacy, tag: parseTag(params.get(TAG_PARAM)) ? params.get(TAG_PARAM) : null };
  return rememberedScope();
}

/** The current page's scope and a setter that keeps every other param. */
export function useScope(): [Scope | null, (next: Scope) => void] {
  const [params, setParams] = useSearchParams();
  const key = `${params.get(ENV_PARAM) ?? ''}\n${params.get(TAG_PARAM) ?? ''}`;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const scope = useMemo(() => parseScope(params), [key]);
  const set = (next: Scope) => setParams((p) => writeScope(new URLSearchParams(p), next));
  return [scope, set];
}

/** Links to the scoped pages with the current page's scope, or this tab's last one from an unscoped page. */
export function useScopedLink(): (to: string) => string {
  const [scope] = useScope();
  return (to: string) => withScope(to, scope ?? rememberedScope());
}

/** What every scoped page spreads into its API queries (stable while the scope does not change). */
export function useScopeQuery(): { environment?: string; tag?: string } {
  const [scope] = useScope();
  return useMemo(() => scopeQuery(scope), [scope]);
}
