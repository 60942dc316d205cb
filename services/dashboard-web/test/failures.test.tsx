import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import FailuresPage from '../src/pages/FailuresPage';
import { failure } from './fixtures';
import { page, renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const trends = (points: unknown[]) => ({ from: '2025-01-01T00:00:00Z', to: '2025-01-31T00:00:00Z', types: [], points });

const F1 = failure({ id: 'a1', conversation_external_id: 'conv-a' });
const F2 = failure({ id: 'b2', type: 'pii_exposure', severity: 'critical', conversation_external_id: 'conv-b' });
const F3 = failure({ id: 'c3', type: 'agent_refusal', severity: 'low', conversation_external_id: 'conv-c' });

describe('failures page', () => {
  it('filters__comeFromUrl_andGoToApi', async () => {
    signIn();
    const calls = stubFetch((c) =>
      c.path === '/api/v1/failures'
        ? { body: page([F2]) }
        : c.path === '/api/v1/analytics/failures/trends'
          ? { body: trends([]) }
          : undefined,
    );
    const user = userEvent.setup();
    renderAt(
      '/failures?severity=critical&type=pii_exposure&timeframe=30d',
      <Route path="/failures" element={<FailuresPage />} />,
    );
    await screen.findByRole('link', { name: 'conv-b' });
    const q = calls.find((c) => c.path === '/api/v1/failures')!.query;
    expect(Object.fromEntries(q)).toMatchObject({
      status: 'open',
      severity: 'critical',
      type: 'pii_exposure',
      timeframe: '30d',
    });
    expect(calls.find((c) => c.path === '/api/v1/analytics/failures/trends')!.query.get('timeframe')).toBe('30d');
    await user.selectOptions(screen.getByLabelText('Status'), 'all');
    expect(screen.getByTestId('location').textContent).toBe(
      '/failures?severity=critical&type=pii_exposure&timeframe=30d&status=all',
    );
    await waitFor(() =>
      expect(
        calls
          .filter((c) => c.path === '/api/v1/failures')
          .at(-1)!
          .query.has('status'),
      ).toBe(false),
    );
    expect(screen.getByText('No failures in this period')).toBeInTheDocument();
  });

  it('bulkResolve__sendsSelectedIds_andUpdatesRows', async () => {
    signIn();
    let resolved = new Set<string>();
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/failures')
        return { body: page([F1, F2, F3].map((f) => (resolved.has(f.id) ? { ...f, status: 'resolved' } : f))) };
      if (c.path === '/api/v1/analytics/failures/trends')
        return {
          body: trends([
            { day: '2025-01-01', counts: { user_frustration: 1, pii_exposure: 1, agent_refusal: 1 }, total: 3 },
          ]),
        };
      if (c.path === '/api/v1/failures/bulk-status') {
        resolved = new Set((c.body as { ids: string[] }).ids);
        return { body: { updated: 2 } };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/failures', <Route path="/failures" element={<FailuresPage />} />);
    await screen.findByRole('link', { name: 'conv-a' });
    await user.click(screen.getByRole('checkbox', { name: 'Select User frustration in conv-a' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select PII exposure in conv-b' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('2 selected');
    expect(screen.getByRole('checkbox', { name: 'Select all failures on this page' })).toHaveProperty(
      'indeterminate',
      true,
    );
    await user.click(within(bar).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/failures/bulk-status')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/failures/bulk-status')!.body).toEqual({
      ids: ['a1', 'b2'],
      status: 'resolved',
    });
    const row = (name: string) => screen.getByRole('link', { name }).closest('tr')!;
    await waitFor(() => expect(within(row('conv-a')).getByText('Resolved')).toBeInTheDocument());
    expect(within(row('conv-b')).getByText('Resolved')).toBeInTheDocument();
    expect(within(row('conv-c')).getByText('Open')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });

  it('selectAll__selectsEveryRowOnPage', async () => {
    signIn();
    stubFetch((c) =>
      c.path === '/api/v1/failures'
        ? { body: page([F1, F2, F3]) }
        : c.path === '/api/v1/analytics/failures/trends'
          ? { body: trends([]) }
          : undefined,
    );
    const user = userEvent.setup();
    renderAt('/failures', <Route path="/failures" element={<FailuresPage />} />);
    await screen.findByRole('link', { name: 'conv-a' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all failures on this page' }));
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent('3 selected');
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });
});
