import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { Layout } from '../src/components/Layout';
import ConversationsPage from '../src/pages/ConversationsPage';
import FailuresPage from '../src/pages/FailuresPage';
import OverviewPage from '../src/pages/OverviewPage';
import PatternsPage from '../src/pages/PatternsPage';
import {
  ALL_ENVIRONMENTS,
  carryScope,
  defaultScope,
  isScopedPath,
  parseScope,
  parseTag,
  scopeQuery,
  withScope,
  writeScope,
} from '../src/lib/scope';
import { page, renderAt, signIn, stubFetch, type Call } from './helpers';

beforeEach(() => sessionStorage.clear());
afterEach(() => vi.unstubAllGlobals());

const metric = (current: number) => ({ current, previous: 0, change: null });
const summary = (n: number) => ({
  from: '2025-01-01T00:00:00Z',
  to: '2025-01-08T00:00:00Z',
  conversations: metric(n),
  messages: metric(n * 4),
  average_health: metric(70),
  failure_rate: metric(0.1),
  open_failures: metric(1),
  total_conversations: 1000,
});
const options = (names: [string, number][]) => ({
  environments: names.map(([name, conversations]) => ({
    name,
    conversations,
    conversations_capped: conversations >= 100_000,
    last_activity_at: '2025-01-07T00:00:00Z',
  })),
  tags: [
    {
      key: 'model',
      conversations: 10,
      values: [
        { value: 'gpt-4o', conversations: 7 },
        { value: 'claude', conversations: 3 },
      ],
    },
  ],
  tags_sampled: 10,
});
const COUNTS: Record<string, number> = { production: 94, staging: 94_700 };

function stub(envs: [string, number][]) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/auth/me') return { body: { sub: 'u', email: 'a@b.c', sensei_role: 'admin' } };
    if (c.path === '/api/v1/scope') return { body: options(envs) };
    if (c.path === '/api/v1/analytics/summary') {
      const env = c.query.get('environment');
      const n = env ? (COUNTS[env] ?? 0) : 94_794;
      return { body: summary(c.query.get('tag') ? 7 : n) };
    }
    if (c.path === '/api/v1/analytics/health-distribution') return { body: { buckets: [], scored: 0, unscored: 0 } };
    if (c.path === '/api/v1/analytics/failures/trends') return { body: { types: [], points: [] } };
    if (c.path === '/api/v1/analytics/patterns') return { body: { run: null, patterns: [], active_run: null } };
    if (c.path === '/api/v1/conversations' || c.path === '/api/v1/failures') return { body: page([]) };
    if (c.path === '/api/v1/saved-views') return { body: [] };
    return undefined;
  });
}

const app = (
  <Route element={<Layout />}>
    <Route index element={<OverviewPage />} />
    <Route path="conversations" element={<ConversationsPage />} />
    <Route path="failures" element={<FailuresPage />} />
    <Route path="patterns" element={<PatternsPage />} />
    <Route path="settings" element={<div>settings page</div>} />
  </Route>
);

const location = () => screen.getByTestId('location').textContent ?? '';
const calls = (all: Call[], path: string) => all.filter((c) => c.path === path);

describe('scope url helpers', () => {
  it('parse__needsEnv_andNormalisesTheTag', () => {
    expect(parseScope(new URLSearchParams(''))).toBeNull();
    expect(parseScope(new URLSearchParams('tag=model:x'))).toBeNull();
    expect(parseScope(new URLSearchParams('env=staging&tag= model : gpt-4o '))).toEqual({
      env: 'staging',
      tag: 'model:gpt-4o',
    });
    // a malformed tag is dropped rather than sent to the API to be refused
    expect(parseScope(new URLSearchParams('env=all&tag=nocolon'))).toEqual({ env: 'all', tag: null });
    expect(parseTag('url:https://x')).toEqual({ key: 'url', value: 'https://x' });
    expect(parseTag(':v')).toBeNull();
  });

  it('query__allEnvironmentsSendsNoEnvironment', () => {
    expect(scopeQuery({ env: ALL_ENVIRONMENTS, tag: null })).toEqual({ environment: undefined, tag: undefined });
    expect(scopeQuery({ env: 'production', tag: 'model:gpt-4o' })).toEqual({
      environment: 'production',
      tag: 'model:gpt-4o',
    });
  });

  it('default__isProductionOnlyWhenItExists', () => {
    expect(defaultScope(['staging', 'production'])).toEqual({ env: 'production', tag: null });
    expect(defaultScope(['staging'])).toEqual({ env: 'all', tag: null });
    expect(defaultScope([])).toEqual({ env: 'all', tag: null });
  });

  it('write_carry_withScope__keepOtherParams_andReplaceTheLegacyEnvironment', () => {
    const p = writeScope(new URLSearchParams('timeframe=30d&environment=old&tag=a:b'), { env: 'staging', tag: null });
    expect(p.toString()).toBe('timeframe=30d&env=staging');
    expect(carryScope(new URLSearchParams('env=prod&tag=k:v'), new URLSearchParams('sort=health')).toString()).toBe(
      'sort=health&env=prod&tag=k%3Av',
    );
    expect(withScope('/failures?timeframe=24h', { env: 'staging', tag: null })).toBe(
      '/failures?timeframe=24h&env=staging',
    );
    expect(withScope('/failures', null)).toBe('/failures');
    expect(isScopedPath('/')).toBe(true);
    expect(isScopedPath('/failures/')).toBe(true);
    expect(isScopedPath('/conversations/abc')).toBe(false);
    expect(isScopedPath('/settings')).toBe(false);
  });
});

describe('scope picker', () => {
  it('firstVisit__defaultsToProduction_beforeAnyNumberIsAsked', async () => {
    signIn();
    const all = stub([
      ['staging', 94_700],
      ['production', 94],
    ]);
    renderAt('/?timeframe=30d', app);
    await waitFor(() => expect(location()).toBe('/?timeframe=30d&env=production'));
    const conv = await screen.findByRole('region', { name: 'Conversations' });
    expect(await within(conv).findByText('94')).toBeInTheDocument();
    // every summary asked was production's: the gate held the page until the scope was known
    const asked = calls(all, '/api/v1/analytics/summary');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((c) => c.query.get('environment') === 'production')).toBe(true);
    expect(calls(all, '/api/v1/conversations').every((c) => c.query.get('environment') === 'production')).toBe(true);
    const env = screen.getByRole('combobox', { name: 'Environment' });
    expect(env).toHaveValue('production');
    expect(within(env).getByRole('option', { name: 'staging (94.7K)' })).toBeInTheDocument();
    expect(within(env).getByRole('option', { name: /^All environments/ })).toBeInTheDocument();
  });

  it('withoutProduction__defaultsToAllEnvironments', async () => {
    signIn();
    const all = stub([['staging', 12]]);
    renderAt('/', app);
    await waitFor(() => expect(location()).toBe('/?env=all'));
    await screen.findByRole('region', { name: 'Conversations' });
    await waitFor(() => expect(calls(all, '/api/v1/analytics/summary').length).toBeGreaterThan(0));
    expect(calls(all, '/api/v1/analytics/summary').every((c) => !c.query.has('environment'))).toBe(true);
  });

  it('switching__changesUrlAndNumbers_andIsCarriedToTheOtherPages', async () => {
    signIn();
    const all = stub([
      ['staging', 94_700],
      ['production', 94],
    ]);
    const user = userEvent.setup();
    renderAt('/?env=production', app);
    const conv = await screen.findByRole('region', { name: 'Conversations' });
    expect(await within(conv).findByText('94')).toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Environment' }), 'staging');
    expect(location()).toBe('/?env=staging');
    expect(await within(conv).findByText('94.7K')).toBeInTheDocument();
    // the other-than-production scope is marked
    expect(screen.getByRole('group', { name: 'Scope' })).toHaveAttribute('data-nonproduction', 'true');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tag' }), 'model:gpt-4o');
    expect(location()).toBe('/?env=staging&tag=model%3Agpt-4o');
    expect(await within(conv).findByText('7')).toBeInTheDocument();
    expect(calls(all, '/api/v1/analytics/summary').at(-1)!.query.get('tag')).toBe('model:gpt-4o');

    // the navigation links carry the scope
    await user.click(screen.getByRole('link', { name: 'Failures' }));
    await waitFor(() => expect(location()).toBe('/failures?env=staging&tag=model%3Agpt-4o'));
    await waitFor(() => expect(calls(all, '/api/v1/failures').length).toBeGreaterThan(0));
    const failures = calls(all, '/api/v1/failures').at(-1)!.query;
    expect(failures.get('environment')).toBe('staging');
    expect(failures.get('tag')).toBe('model:gpt-4o');
    expect(calls(all, '/api/v1/analytics/failures/trends').at(-1)!.query.get('environment')).toBe('staging');

    // a page's own filter change keeps the scope
    await user.click(screen.getByRole('link', { name: 'Conversations' }));
    await waitFor(() => expect(location()).toBe('/conversations?env=staging&tag=model%3Agpt-4o'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Failures' }), 'true');
    await waitFor(() => expect(location()).toBe('/conversations?has_failures=true&env=staging&tag=model%3Agpt-4o'));
    await waitFor(() => expect(calls(all, '/api/v1/conversations').at(-1)!.query.get('has_failures')).toBe('true'));
    expect(calls(all, '/api/v1/conversations').at(-1)!.query.get('environment')).toBe('staging');

    // clearing the tag keeps the environment
    await user.click(screen.getByRole('button', { name: 'Clear tag' }));
    await waitFor(() => expect(location()).toBe('/conversations?has_failures=true&env=staging'));
  });

  it('firstVisit__remembersTheDefault_andANewTabStartsFromIt_withoutWaitingForTheList', async () => {
    signIn();
    stub([
      ['staging', 94_700],
      ['production', 94],
    ]);
    const first = renderAt('/', app);
    await waitFor(() => expect(location()).toBe('/?env=production'));
    await waitFor(() => expect(localStorage.getItem('sensei.scope.default')).toBe('production'));
    first.unmount();

    // a new tab: nothing in this tab's sessionStorage, the default of the last visit in localStorage
    sessionStorage.clear();
    const all = stub([
      ['staging', 94_700],
      ['production', 94],
    ]);
    renderAt('/conversations?timeframe=24h', app);
    await waitFor(() => expect(location()).toBe('/conversations?timeframe=24h&env=production'));
    await waitFor(() => expect(calls(all, '/api/v1/conversations').length).toBeGreaterThan(0));
    expect(calls(all, '/api/v1/conversations').every((c) => c.query.get('environment') === 'production')).toBe(true);
    // the gate did not wait for the environment list (the picker asks for it, with its tags, alongside the data)
    expect(calls(all, '/api/v1/scope').every((c) => c.query.get('environment') === 'production')).toBe(true);
  });

  it('cachedDefault__thatTheFreshListContradicts_isReplacedByTheFreshDefault', async () => {
    signIn();
    // the last visit saw no production; it has some now
    localStorage.setItem('sensei.scope.default', 'all');
    stub([
      ['staging', 94_700],
      ['production', 94],
    ]);
    renderAt('/', app);
    await waitFor(() => expect(location()).toBe('/?env=production'));
    expect(localStorage.getItem('sensei.scope.default')).toBe('production');
    expect(await screen.findByRole('combobox', { name: 'Environment' })).toHaveValue('production');
  });

  it('linkWithoutScope__getsThisTabsLastScope_notTheDefault', async () => {
    signIn();
    sessionStorage.setItem('sensei.scope', JSON.stringify({ env: 'staging', tag: null }));
    const all = stub([
      ['staging', 94_700],
      ['production', 94],
    ]);
    renderAt('/failures?timeframe=24h', app);
    await waitFor(() => expect(location()).toBe('/failures?timeframe=24h&env=staging'));
    await waitFor(() => expect(calls(all, '/api/v1/failures').length).toBeGreaterThan(0));
    expect(calls(all, '/api/v1/failures').every((c) => c.query.get('environment') === 'staging')).toBe(true);
  });

  it('legacyEnvironmentParam__becomesTheScope', async () => {
    signIn();
    stub([['production', 94]]);
    renderAt('/conversations?environment=load-test&sort=health', app);
    await waitFor(() => expect(location()).toBe('/conversations?sort=health&env=load-test'));
    // an environment without conversations is still shown as chosen
    expect(await screen.findByRole('combobox', { name: 'Environment' })).toHaveValue('load-test');
    expect(screen.getByRole('option', { name: 'load-test (no conversations)' })).toBeInTheDocument();
  });

  it('unscopedPages__haveNoPicker_andPatternsIsScopedWithoutANote', async () => {
    signIn();
    stub([['production', 94]]);
    renderAt('/settings', app);
    expect(await screen.findByText('settings page')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Scope' })).not.toBeInTheDocument();
    expect(location()).toBe('/settings');

    const user = userEvent.setup();
    await user.click(screen.getByRole('link', { name: 'Patterns' }));
    await waitFor(() => expect(location()).toBe('/patterns?env=production'));
    expect(await screen.findByRole('group', { name: 'Scope' })).toBeInTheDocument();
    expect(screen.queryByText(/Patterns are found per environment/)).not.toBeInTheDocument();
  });

  it('scopeListFails__fallsBackToAllEnvironments_andSaysSo', async () => {
    signIn();
    const all = stubFetch((c) => {
      if (c.path === '/api/v1/auth/me') return { body: { sub: 'u', email: 'a@b.c', sensei_role: 'viewer' } };
      if (c.path === '/api/v1/scope') return { status: 500, body: { message: 'boom', code: 'internal', details: [] } };
      if (c.path === '/api/v1/failures') return { body: page([]) };
      if (c.path === '/api/v1/analytics/failures/trends') return { body: { types: [], points: [] } };
      return undefined;
    });
    renderAt('/failures', app);
    await waitFor(() => expect(location()).toBe('/failures?env=all'));
    expect(await screen.findByText(/Could not load the environment list/)).toBeInTheDocument();
    await waitFor(() => expect(calls(all, '/api/v1/failures').length).toBeGreaterThan(0));
  });
});
