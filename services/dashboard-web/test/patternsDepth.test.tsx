import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import PatternsPage, { distinctness } from '../src/pages/PatternsPage';
import { ConversationFiltersBar } from '../src/pages/conversations/ConversationFiltersBar';
import {
  activeFilterCount,
  filtersToApiQuery,
  filtersToParams,
  parseFilters,
  patternConversationsPath,
} from '../src/lib/filters';
import { renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const PID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const pattern = {
  id: PID,
  label: 'Refund request · order status',
  keywords: ['refund request', 'order status', 'refund'],
  size: 42,
  avg_health: 38,
  failure_share: 0.45,
  failure_breakdown: {},
  previous_size: null,
  growth: null,
  sample_conversation_ids: [],
};
const run = (environment: string | null, silhouette: number | null = 0.05) => ({
  id: 'r1',
  trigger: 'manual',
  status: 'succeeded',
  progress: 1,
  stage: 'done',
  conversation_count: 120,
  cluster_count: 1,
  silhouette,
  error: null,
  created_at: '2025-01-01T00:00:00Z',
  started_at: null,
  finished_at: '2025-01-01T00:01:00Z',
  patterns: [pattern],
  environment,
});
const days = ['2025-01-01', '2025-01-02', '2025-01-03'];
const trends = {
  run_id: 'r1',
  from: '2025-01-01T00:00:00Z',
  to: '2025-01-04T00:00:00Z',
  patterns: [
    {
      pattern_id: PID,
      points: [
        { day: days[0], conversations: 4, avg_health: 50, failure_share: 0.25 },
        { day: days[1], conversations: 0, avg_health: null, failure_share: null },
        { day: days[2], conversations: 9, avg_health: 31, failure_share: 0.5 },
      ],
    },
  ],
};

function stub(environmentOfRun: string | null, silhouette: number | null = 0.05) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/auth/me') return { body: { sub: 'u', sensei_role: 'admin' } };
    if (c.path === '/api/v1/analytics/patterns')
      return { body: { run: run(environmentOfRun, silhouette), patterns: [pattern], active_run: null } };
    if (c.path === '/api/v1/analytics/patterns/runs/r1/trends') return { body: trends };
    if (c.path === '/api/v1/analytics/patterns/run' && c.method === 'POST')
      return {
        status: 202,
        body: { id: 'r2', trigger: 'manual', status: 'queued', requested_by: 'a', created_at: '2025-01-01T00:00:00Z' },
      };
    if (c.path === '/api/v1/analytics/patterns/runs/r2') return { body: { ...run('staging'), id: 'r2' } };
    return undefined;
  });
}

describe('patterns depth', () => {
  it('distinctness__isAWordNotANumber', () => {
    expect(distinctness(0.03)).toBe('low');
    expect(distinctness(0.12)).toBe('medium');
    expect(distinctness(0.41)).toBe('high');
    expect(distinctness(null)).toBeNull();
  });

  it('page__showsTheReadableTitle_andPlainWords_noClusterJargon', async () => {
    signIn();
    stub('production', 0.09);
    renderAt('/patterns', <Route path="/patterns" element={<PatternsPage />} />);
    expect(await screen.findByRole('heading', { name: 'Refund request · order status' })).toBeInTheDocument();
    const summary = screen.getByTestId('patterns-summary');
    expect(summary).toHaveTextContent('how distinct the groups are: low');
    expect(summary).toHaveTextContent('in production');
    expect(document.body).not.toHaveTextContent(/cluster quality|silhouette|0\.09/i);
    expect(
      screen.getByRole('button', { name: /How clearly the conversations fall into separate groups/ }),
    ).toBeInTheDocument();
  });

  it('page__eachPatternHasViewConversations_toTheListFilteredByIt', async () => {
    signIn();
    stub('production');
    renderAt('/patterns', <Route path="/patterns" element={<PatternsPage />} />);
    const link = await screen.findByRole('link', { name: 'View conversations: Refund request · order status (42)' });
    const href = new URL(link.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/conversations');
    expect(href.searchParams.get('pattern')).toBe(PID);
    expect(href.searchParams.get('pattern_label')).toBe('Refund request · order status');
    expect(href.searchParams.get('env')).toBe('production');
    expect(href.searchParams.get('timeframe')).toBe('all');
  });

  it('page__dailyTrendsAsSparklines_withTheirLatestValues', async () => {
    signIn();
    stub('production');
    renderAt('/patterns', <Route path="/patterns" element={<PatternsPage />} />);
    const trend = await screen.findByRole('region', { name: /over the last 30 days/ });
    expect(
      await within(trend).findByRole('img', { name: /Conversations: latest 9, lowest 0, highest 9/ }),
    ).toBeInTheDocument();
    expect(
      within(trend).getByRole('img', { name: /Avg health: latest 31, lowest 31, highest 50/ }),
    ).toBeInTheDocument();
    expect(within(trend).getByRole('img', { name: /With failures: latest 50%/ })).toBeInTheDocument();
  });

  it('page__scopedToTheUrlEnvironment_asksForIt_andAnalysesOnlyIt', async () => {
    signIn();
    const calls = stub(null);
    const user = userEvent.setup();
    renderAt('/patterns?env=staging', <Route path="/patterns" element={<PatternsPage />} />);
    expect(await screen.findByRole('heading', { name: 'Refund request · order status' })).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/analytics/patterns')!.query.get('environment')).toBe('staging');
    // no staging run of its own yet: the all-environments one, said so
    expect(screen.getByRole('note')).toHaveTextContent('staging has not been analysed on its own yet');
    await user.click(screen.getByRole('button', { name: 'Analyse staging now' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === '/api/v1/analytics/patterns/run')?.query.get('environment')).toBe('staging'),
    );
  });

  it('page__envAll_isEveryEnvironment', async () => {
    signIn();
    const calls = stub(null);
    renderAt('/patterns?env=all', <Route path="/patterns" element={<PatternsPage />} />);
    expect(await screen.findByTestId('patterns-env')).toHaveTextContent('all environments');
    await screen.findByRole('heading', { name: 'Refund request · order status' });
    expect(calls.find((c) => c.path === '/api/v1/analytics/patterns')!.query.has('environment')).toBe(false);
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });
});

describe('pattern filter', () => {
  it('url__roundTripsAndReachesTheApiAsPatternId', () => {
    const f = parseFilters(new URL(`http://x${patternConversationsPath(PID, 'Refunds', 'production')}`).searchParams);
    expect(f.pattern).toBe(PID);
    expect(f.patternLabel).toBe('Refunds');
    expect(filtersToApiQuery(f).pattern_id).toBe(PID);
    expect(activeFilterCount(f)).toBe(1);
    expect(filtersToParams(f).get('pattern')).toBe(PID);
    // not an id: ignored, and its label with it
    const bad = parseFilters(new URLSearchParams('pattern=../x&pattern_label=Hi'));
    expect(bad.pattern).toBeNull();
    expect(bad.patternLabel).toBeNull();
    expect(filtersToApiQuery(bad).pattern_id).toBeUndefined();
  });

  it('chip__showsTheLabel_andRemovesOnlyThePatternFilter', async () => {
    const onChange = vi.fn();
    const filters = parseFilters(new URLSearchParams(`pattern=${PID}&pattern_label=Refunds&has_failures=true`));
    render(<ConversationFiltersBar filters={filters} onChange={onChange} onClear={() => {}} />);
    const chip = screen.getByTestId('pattern-filter');
    expect(chip).toHaveTextContent('Pattern: Refunds');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Remove the pattern filter' }));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ pattern: null, patternLabel: null, hasFailures: true }),
    );
    expect(screen.getByRole('button', { name: 'Clear filters (2)' })).toBeInTheDocument();
  });
});
