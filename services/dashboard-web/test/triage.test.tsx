import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import FailuresPage from '../src/pages/FailuresPage';
import { failure } from './fixtures';
import { envelope, page, renderAt, signIn, stubFetch, type Call, type Reply } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const trends = { from: '2025-01-01T00:00:00Z', to: '2025-01-31T00:00:00Z', types: [], points: [] };
const F1 = failure({ id: 'a1', conversation_external_id: 'conv-a' });
const F2 = failure({ id: 'b2', type: 'pii_exposure', conversation_external_id: 'conv-b' });
const ACKED = failure({ id: 'c3', status: 'ack', conversation_external_id: 'conv-c' });
const FALSE_POSITIVE = failure({ id: 'd4', status: 'false_positive', conversation_external_id: 'conv-d' });

/** The Failures page's reads, plus whatever the test adds; `total` is what GET /failures/count answers. */
function stub(total: number, more: (c: Call) => Reply = () => undefined, items = [F1, F2]) {
  return stubFetch((c) => {
    const extra = more(c);
    if (extra) return extra;
    if (c.path === '/api/v1/failures') return { body: page(items, 'next') };
    if (c.path === '/api/v1/failures/count')
      return { body: { count: total, exact: true, method: 'exact', cap: total } };
    if (c.path === '/api/v1/analytics/failures/trends') return { body: trends };
    if (c.path === '/api/v1/auth/me') return { body: { sensei_role: 'admin' } };
    return undefined;
  });
}

const render = (url = '/failures') => renderAt(url, <Route path="/failures" element={<FailuresPage />} />);

describe('failures triage', () => {
  it('selectAllMatching__sendsTheFilterWithTheConfirmedCount_andReportsHowManyChanged', async () => {
    signIn();
    const calls = stub(3214, (c) =>
      c.path === '/api/v1/failures/bulk-status'
        ? { body: { status: 'ack', matched: 3214, updated: 3200, unchanged: 14, not_found: 0, results: [] } }
        : undefined,
    );
    const user = userEvent.setup();
    render('/failures?type=user_frustration&timeframe=7d');
    await screen.findByRole('link', { name: 'conv-a' });
    // the banner appears only once every loaded row is selected
    expect(screen.queryByRole('button', { name: /Select all .* matching/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Select all failures on this page' }));
    await user.click(await screen.findByRole('button', { name: 'Select all 3,214 matching' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('3,214 matching selected');
    await user.click(within(bar).getByRole('button', { name: 'Acknowledge all 3,214' }));

    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/failures/bulk-status')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/failures/bulk-status')!.body).toEqual({
      filter: { status: 'open', type: 'user_frustration', timeframe: '7d' },
      expected_count: 3214,
      status: 'ack',
    });
    expect(await screen.findByText('3,200 failures marked acknowledged (14 already were)')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Bulk actions' })).not.toBeInTheDocument();
    // Reopen means nothing for a filter of open failures
    expect(calls.find((c) => c.path === '/api/v1/failures/count')!.query.get('type')).toBe('user_frustration');
  });

  it('selectAllMatching__whenMoreMatchNow__saysSoAndChangesNothingLocally', async () => {
    signIn();
    stub(120, (c) =>
      c.path === '/api/v1/failures/bulk-status'
        ? { status: 409, body: envelope('more failures match', 'conflict', [{ field: 'expected_count', reason: 'x' }]) }
        : undefined,
    );
    const user = userEvent.setup();
    render();
    await screen.findByRole('link', { name: 'conv-a' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all failures on this page' }));
    await user.click(await screen.findByRole('button', { name: 'Select all 120 matching' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(within(bar).queryByRole('button', { name: /Reopen/ })).not.toBeInTheDocument();
    await user.click(within(bar).getByRole('button', { name: 'Mark all 120 false positive' }));
    expect(await screen.findByText(/More failures match now than you confirmed/)).toBeInTheDocument();
    expect(within(screen.getByRole('link', { name: 'conv-a' }).closest('tr')!).getByText('Open')).toBeInTheDocument();
  });

  it('noBanner__whenEverythingMatchingIsLoaded', async () => {
    signIn();
    stub(2);
    const user = userEvent.setup();
    render();
    await screen.findByRole('link', { name: 'conv-a' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all failures on this page' }));
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent('2 selected');
    expect(screen.queryByRole('button', { name: /matching/ })).not.toBeInTheDocument();
  });

  it('groupByType__countsTheFilter_andAGroupNarrowsTheList', async () => {
    signIn();
    const calls = stub(5, (c) =>
      c.path === '/api/v1/failures/groups'
        ? {
            body: {
              by: 'type',
              total: 5,
              groups: [
                { key: 'user_frustration', label: 'user_frustration', count: 4 },
                { key: 'pii_exposure', label: 'pii_exposure', count: 1 },
              ],
            },
          }
        : undefined,
    );
    const user = userEvent.setup();
    render('/failures?severity=high');
    await screen.findByRole('link', { name: 'conv-a' });
    await user.click(screen.getByRole('button', { name: 'Type' }));
    const groups = await screen.findByRole('list', { name: 'Failures by type' });
    expect(
      within(groups)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['User frustration4', 'PII exposure1']);
    const q = calls.find((c) => c.path === '/api/v1/failures/groups')!.query;
    expect(Object.fromEntries(q)).toEqual({ by: 'type', status: 'open', severity: 'high', timeframe: '7d' });
    await user.click(within(groups).getByRole('button', { name: /PII exposure/ }));
    expect(screen.getByTestId('location').textContent).toBe('/failures?severity=high&type=pii_exposure');
  });

  it('rowActions__falsePositiveEverywhere_reopenOnlyWhereNotOpen', async () => {
    signIn();
    const calls = stub(3, (c) => (c.method === 'PATCH' ? { body: { ...F1, status: 'false_positive' } } : undefined), [
      F1,
      ACKED,
      FALSE_POSITIVE,
    ]);
    const user = userEvent.setup();
    render('/failures?status=all');
    const row = (name: string) => screen.getByRole('link', { name }).closest('tr')!;
    await screen.findByRole('link', { name: 'conv-a' });
    expect(within(row('conv-a')).queryByRole('button', { name: /Reopen/ })).not.toBeInTheDocument();
    expect(within(row('conv-c')).getByRole('button', { name: /Reopen/ })).toBeInTheDocument();
    expect(within(row('conv-d')).getByRole('button', { name: /Reopen/ })).toBeInTheDocument();
    expect(within(row('conv-d')).getByText('False positive')).toBeInTheDocument();
    expect(within(row('conv-d')).queryByRole('button', { name: /as false positive/ })).not.toBeInTheDocument();

    await user.click(within(row('conv-a')).getByRole('button', { name: 'Mark user frustration as false positive' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')!).toMatchObject({
      path: '/api/v1/failures/a1',
      body: { status: 'false_positive' },
    });
    // the status filter offers false positives
    expect(screen.getByRole('option', { name: 'False positive' })).toBeInTheDocument();
  });

  it('notes__expandedRowListsThem_andAnAdminAddsOne', async () => {
    signIn();
    let notes = [
      {
        id: 'n1',
        failure_id: 'a1',
        author: 'ann@example.com',
        body: 'Known upstream bug',
        created_at: '2025-01-01T10:00:00Z',
      },
    ];
    const calls = stub(2, (c) => {
      if (c.path === '/api/v1/failures/a1/notes' && c.method === 'GET') return { body: notes };
      if (c.path === '/api/v1/failures/a1/notes' && c.method === 'POST') {
        const note = { ...notes[0], id: 'n2', body: (c.body as { body: string }).body, author: 'admin@test.local' };
        notes = [...notes, note];
        return { status: 201, body: note };
      }
      return undefined;
    });
    const user = userEvent.setup();
    render();
    await screen.findByRole('link', { name: 'conv-a' });
    await user.click(screen.getByRole('button', { name: 'Show details and notes of User frustration' }));
    const section = await screen.findByRole('region', { name: 'Notes' });
    expect(await within(section).findByText('Known upstream bug')).toBeInTheDocument();
    await user.type(within(section).getByLabelText('Add a note'), '  Ticket OPS-12 ');
    await user.click(within(section).getByRole('button', { name: 'Add note' }));
    expect(await within(section).findByText('Ticket OPS-12')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ body: 'Ticket OPS-12' });
  });

  it('viewer__readsNotesButCannotWriteThemOrSelectAllMatching', async () => {
    signIn('viewer@example.com');
    stub(500, (c) => {
      if (c.path === '/api/v1/auth/me') return { body: { sensei_role: 'viewer' } };
      if (c.path === '/api/v1/failures/a1/notes') return { body: [] };
      return undefined;
    });
    const user = userEvent.setup();
    render();
    await screen.findByRole('link', { name: 'conv-a' });
    await screen.findByText(/You are a viewer/);
    await user.click(screen.getByRole('checkbox', { name: 'Select all failures on this page' }));
    expect(screen.queryByRole('button', { name: /matching/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show details and notes of User frustration' }));
    const section = await screen.findByRole('region', { name: 'Notes' });
    expect(await within(section).findByText('No notes yet.')).toBeInTheDocument();
    expect(within(section).queryByLabelText('Add a note')).not.toBeInTheDocument();
  });
});
