// The scope picker (environment + optional metadata tag) shown above Overview, Conversations, Failures and Patterns,
// and the gate that gives a scoped page without ?env= its scope before the page asks for any data, so no number is
// ever shown for the wrong environment first.
import { useEffect, useMemo, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { scopeApi, scopeOptionsKey, type ScopeOptions } from '../api/scope';
import { formatNumber } from '../lib/format';
import {
  ALL_ENVIRONMENTS,
  cachedDefaultScope,
  DEFAULT_ENVIRONMENT,
  defaultScope,
  formatTag,
  isScopedPath,
  parseScope,
  rememberDefaultScope,
  rememberScope,
  scopeWithoutEnvironmentList,
  useScope,
  writeScope,
  type Scope,
} from '../lib/scope';
import '../styles/scope.css';

const OPTIONS_STALE_MS = 60_000;

type ScopeOptionsEnvironments = ScopeOptions['environments'];

/** The scope this page load took from the cached default, until the picker's fresh environment list confirmed it. */
let provisional: Scope | null = null;

/** Where part of the scope does not narrow a page's data: the picker says so instead of pretending. */
function scopeNote(pathname: string, scope: Scope): string | undefined {
  return pathname === '/patterns' && scope.tag
    ? 'Patterns are found per environment; the tag narrows the conversations they link to, not the patterns.'
    : undefined;
}

export function ScopeGate({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const scoped = isScopedPath(pathname);
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const scope = scoped ? parseScope(params) : null;
  const known = scoped && !scope ? scopeWithoutEnvironmentList(params) : null;
  const cached = scoped && !scope && !known ? cachedDefaultScope() : null;
  // only a first visit (no ?env=, nothing remembered, no default from an earlier visit) waits for the environment
  // list to pick the default
  const options = useQuery({
    queryKey: scopeOptionsKey(),
    queryFn: () => scopeApi.options(),
    enabled: scoped && !scope && !known && !cached,
    staleTime: OPTIONS_STALE_MS,
  });

  useEffect(() => {
    if (!scoped) return;
    if (scope) {
      rememberScope(scope);
      return;
    }
    if (cached && !known) provisional = cached;
    const next: Scope | null =
      known ??
      cached ??
      (options.data
        ? defaultScope(options.data.environments.map((e) => e.name))
        : options.isError
          ? { env: ALL_ENVIRONMENTS, tag: null }
          : null);
    if (next) navigate({ pathname, search: `?${writeScope(new URLSearchParams(params), next)}` }, { replace: true });
  }, [scoped, scope, known, cached, options.data, options.isError, navigate, pathname, params]);

  if (!scoped) return <>{children}</>;
  if (!scope) return <>{fallback}</>;
  return (
    <>
      <ScopePicker note={scopeNote(pathname, scope)} />
      {children}
    </>
  );
}

/**
 * Keeps the cached default current, and when this page load started from it and the fresh list gives another default
 * (production appeared, or is gone), moves to that one before anyone chose anything.
 */
function useCheckedDefault(scope: Scope | null, environments: ScopeOptionsEnvironments | undefined) {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  useEffect(() => {
    if (!environments) return;
    const names = environments.map((e) => e.name);
    rememberDefaultScope(names);
    const was = provisional;
    provisional = null;
    const fresh = defaultScope(names);
    if (was && scope && scope.env === was.env && scope.tag === was.tag && fresh.env !== was.env) {
      navigate({ pathname, search: `?${writeScope(new URLSearchParams(search), fresh)}` }, { replace: true });
    }
    // once per answer: the scope and URL of that moment
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [environments]);
}

function countLabel(n: number, capped: boolean): string {
  return `${formatNumber(n, { compact: true })}${capped ? '+' : ''}`;
}

export function ScopePicker({ note }: { note?: string }) {
  const [scope, setScope] = useScope();
  const env = scope?.env ?? ALL_ENVIRONMENTS;
  const tag = scope?.tag ?? null;
  const tagsOf = env === ALL_ENVIRONMENTS ? undefined : env;
  const options = useQuery({
    queryKey: scopeOptionsKey(tagsOf),
    queryFn: () => scopeApi.options(tagsOf),
    staleTime: OPTIONS_STALE_MS,
    // switching environment keeps the old lists on screen until the new tags arrive
    placeholderData: keepPreviousData,
  });
  const environments = options.data?.environments ?? [];
  useCheckedDefault(scope, options.data?.environments);
  const tags = options.data?.tags ?? [];
  const envListed = env === ALL_ENVIRONMENTS || environments.some((e) => e.name === env);
  const tagListed = !tag || tags.some((t) => t.values.some((v) => formatTag(t.key, v.value) === tag));
  const total = environments.reduce((n, e) => n + e.conversations, 0);
  const totalCapped = environments.some((e) => e.conversations_capped);
  const hasProduction = environments.some((e) => e.name === DEFAULT_ENVIRONMENT);

  return (
    <div
      className="scope-bar"
      role="group"
      aria-label="Scope"
      data-nonproduction={hasProduction && env !== DEFAULT_ENVIRONMENT ? 'true' : undefined}
    >
      <label className="scope-field">
        <span>Environment</span>
        <select
          className="select"
          value={env}
          onChange={(e) => setScope({ env: e.target.value, tag })}
          aria-describedby={options.isError ? 'scope-error' : undefined}
        >
          <option value={ALL_ENVIRONMENTS}>
            All environments{environments.length > 0 ? ` (${countLabel(total, totalCapped)})` : ''}
          </option>
          {environments.map((e) => (
            <option key={e.name} value={e.name}>
              {e.name} ({countLabel(e.conversations, e.conversations_capped)})
            </option>
          ))}
          {/* an environment typed into the URL that has no conversations still shows as chosen */}
          {!envListed && <option value={env}>{env} (no conversations)</option>}
        </select>
      </label>
      <label className="scope-field">
        <span>Tag</span>
        <select
          className="select"
          value={tag ?? ''}
          onChange={(e) => setScope({ env, tag: e.target.value || null })}
          disabled={tags.length === 0 && !tag}
          title={tags.length === 0 && !tag ? 'No metadata tags in the recent conversations of this scope' : undefined}
        >
          <option value="">Any metadata</option>
          {tags.map((t) => (
            <optgroup key={t.key} label={t.key}>
              {t.values.map((v) => (
                <option key={v.value} value={formatTag(t.key, v.value)}>
                  {t.key}: {v.value} ({formatNumber(v.conversations, { compact: true })})
                </option>
              ))}
            </optgroup>
          ))}
          {!tagListed && tag && <option value={tag}>{tag.replace(':', ': ')}</option>}
        </select>
      </label>
      {tag && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setScope({ env, tag: null })}>
          Clear tag
        </button>
      )}
      {options.isError && (
        <span id="scope-error" className="scope-note" role="status">
          Could not load the environment list; the current scope still applies.
        </span>
      )}
      {note && <span className="scope-note">{note}</span>}
    </div>
  );
}
