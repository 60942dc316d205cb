import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import PatternsPage from '../src/pages/PatternsPage';
import { envelope, renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const pattern = {
  id: 'p1',
  label: 'Refund requests',
  keywords: ['refund', 'order', 'money'],
  size: 42,
  avg_health: 38,
  failure_share: 0.45,
  failure_breakdown: { user_frustration: 0.3 },
  previous_size: 30,
  growth: 0.4,
  sample_conversation_ids: ['c1'],
};
const run = (status: string, progress: number, patterns: unknown[] = []) => ({
  id: 'r1',
  trigger: 'manual',
  status,
  progress,
  stage: status === 'running' ? 'clustering' : null,
  conversation_count: 120,
  cluster_count: patterns.length,
  silhouette: 0.41,
  error: null,
  created_at: '2025-01-01T00:00:00Z',
  started_at: null,
  finished_at: '2025-01-01T00:01:00Z',
  patterns,
});

describe('patterns', () => {
  it('analyseNow__pollsProgressUntilDone_thenShowsPatterns', async () => {
    signIn();
    let polls = 0;
    let done = false;
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/analytics/patterns')
        return {
          body: done
            ? { run: run('succeeded', 1, [pattern]), patterns: [pattern], active_run: null }
            : { run: null, patterns: [], active_run: null },
        };
      if (c.path === '/api/v1/analytics/patterns/run' && c.method === 'POST')
        return {
          status: 202,
          body: {
            id: 'r1',
            trigger: 'manual',
            status: 'queued',
            requested_by: 'a',
            created_at: '2025-01-01T00:00:00Z',
          },
        };
      if (c.path === '/api/v1/analytics/patterns/runs/r1') {
        polls++;
        if (polls >= 2) done = true;
        return { body: polls >= 2 ? run('succeeded', 1, [pattern]) : run('running', 0.5) };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/patterns', <Route path="/patterns" element={<PatternsPage />} />);
    expect(await screen.findByText('No patterns yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Analyse production now' }));
    expect(await screen.findByRole('progressbar', { name: 'Pattern analysis progress' })).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    expect(screen.getByRole('button', { name: 'Analysing…' })).toBeDisabled();
    expect(await screen.findByRole('heading', { name: 'Refund requests' }, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByText('+40%')).toBeInTheDocument();
    expect(screen.getByText('45%')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/analytics/patterns/runs/r1').length).toBe(2);
  });

  it('analyseNow__whenOneIsRunning__followsIt', async () => {
    signIn();
    stubFetch((c) => {
      if (c.path === '/api/v1/analytics/patterns') return { body: { run: null, patterns: [], active_run: null } };
      if (c.path === '/api/v1/analytics/patterns/run')
        return {
          status: 409,
          body: envelope('already running', 'conflict', [{ field: 'active_run_id', reason: 'r1' }]),
        };
      if (c.path === '/api/v1/analytics/patterns/runs/r1') return { body: run('running', 0.25) };
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/patterns', <Route path="/patterns" element={<PatternsPage />} />);
    await user.click(await screen.findByRole('button', { name: 'Analyse production now' }));
    await waitFor(() => expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25'));
    expect(screen.getByText('An analysis is already running — following it.')).toBeInTheDocument();
  });
});
