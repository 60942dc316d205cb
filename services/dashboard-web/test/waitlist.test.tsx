import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { AdminOnly } from '../src/components/ReadOnly';
import { Layout } from '../src/components/Layout';
import WaitlistPage from '../src/pages/WaitlistPage';
import type { WaitlistEntry } from '../src/pages/waitlist/api';
import { renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function entry(over: Partial<WaitlistEntry>): WaitlistEntry {
  return {
    id: 'id-1',
    email: 'ann@example.com',
    name: 'Ann',
    company: 'Acme',
    source: 'landing',
    utm_source: 'newsletter',
    utm_medium: 'email',
    utm_campaign: 'launch',
    utm_term: null,
    utm_content: null,
    referrer: null,
    status: 'pending',
    created_at: new Date(Date.now() - 3600_000).toISOString(),
    confirmation_sent_at: new Date(Date.now() - 3600_000).toISOString(),
    confirmed_at: null,
    confirmations_sent: 1,
    ...over,
  };
}

function stubWaitlist(initial: WaitlistEntry[]) {
  let rows = initial;
  const calls = stubFetch((c: Call) => {
    if (c.path === '/api/v1/auth/me')
      return { body: { sub: 'u1', email: 'u1@example.com', sensei_role: 'admin', sensei_role_source: 'stored' } };
    if (c.path === '/api/v1/waitlist' && c.method === 'GET') {
      const status = c.query.get('status');
      const q = c.query.get('q')?.toLowerCase();
      const items = rows.filter((r) => (!status || r.status === status) && (!q || r.email.toLowerCase().startsWith(q)));
      return {
        body: {
          items,
          total: items.length,
          limit: Number(c.query.get('limit')),
          offset: Number(c.query.get('offset')),
        },
      };
    }
    if (c.path.startsWith('/api/v1/waitlist/') && c.method === 'DELETE') {
      const id = c.path.substring('/api/v1/waitlist/'.length);
      const before = rows.length;
      rows = rows.filter((r) => r.id !== id);
      return { body: { deleted: before - rows.length, emails_deleted: 1 } };
    }
    if (c.path === '/api/v1/waitlist/export.csv') return { body: 'id,email\r\n' };
    return undefined;
  });
  return calls;
}

const rowsFixture = [
  entry({}),
  entry({
    id: 'id-2',
    email: 'bob@example.com',
    name: null,
    company: null,
    status: 'confirmed',
    confirmed_at: new Date().toISOString(),
  }),
  entry({
    id: 'id-3',
    email: 'bot@spam.example',
    status: 'spam',
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
  }),
];

describe('waitlist page', () => {
  it('listsSignUps_withSourceUtmAndStatus_andFiltersByStatusAndEmailPrefix', async () => {
    signIn();
    const calls = stubWaitlist(rowsFixture);
    const user = userEvent.setup();
    renderAt('/waitlist', <Route path="/waitlist" element={<WaitlistPage />} />);
    const table = await screen.findByRole('table');
    expect(await within(table).findByText('ann@example.com')).toBeInTheDocument();
    expect(within(table).getAllByText('newsletter / email / launch')).toHaveLength(2);
    expect(within(table).getByText('Confirmed', { selector: '.badge' })).toBeInTheDocument();
    expect(within(table).getByText('Spam', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.getByTestId('waitlist-total')).toHaveTextContent('3 entries');

    await user.selectOptions(screen.getByLabelText('Status'), 'spam');
    await waitFor(() =>
      expect(within(screen.getByRole('table')).queryByText('ann@example.com')).not.toBeInTheDocument(),
    );
    expect(within(screen.getByRole('table')).getByText('bot@spam.example')).toBeInTheDocument();
    expect(calls.some((c) => c.query.get('status') === 'spam')).toBe(true);

    await user.selectOptions(screen.getByLabelText('Status'), '');
    await user.type(screen.getByLabelText('Search'), 'BO');
    await waitFor(() => expect(screen.getByTestId('waitlist-total')).toHaveTextContent('2 entries'));
    expect(calls.some((c) => c.query.get('q') === 'BO')).toBe(true);
    expect(within(screen.getByRole('table')).queryByText('ann@example.com')).not.toBeInTheDocument();
  });

  it('delete__asksFirst_cancelKeepsTheEntry_confirmDeletesIt', async () => {
    signIn();
    const calls = stubWaitlist(rowsFixture);
    const user = userEvent.setup();
    renderAt('/waitlist', <Route path="/waitlist" element={<WaitlistPage />} />);
    await screen.findByText('ann@example.com');

    await user.click(screen.getByRole('button', { name: 'Delete ann@example.com' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete this sign-up?' });
    expect(dialog).toHaveTextContent('ann@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Delete ann@example.com' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete this sign-up?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('ann@example.com', { selector: 'td' })).not.toBeInTheDocument());
    const del = calls.find((c) => c.method === 'DELETE')!;
    expect(del.path).toBe('/api/v1/waitlist/id-1');
    expect(await screen.findByText('ann@example.com was deleted from the waitlist')).toBeInTheDocument();
  });

  it('exportCsv__downloadsFromTheEndpointWithTheBearerToken_andTheCurrentFilter', async () => {
    signIn();
    const calls = stubWaitlist(rowsFixture);
    const created = vi.fn(() => 'blob:waitlist');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    renderAt('/waitlist', <Route path="/waitlist" element={<WaitlistPage />} />);
    await screen.findByText('ann@example.com');
    await user.selectOptions(screen.getByLabelText('Status'), 'confirmed');

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    const exp = calls.find((c) => c.path === '/api/v1/waitlist/export.csv')!;
    expect(exp.headers.Authorization).toBe('Bearer test-token');
    expect(exp.query.get('status')).toBe('confirmed');
    expect(created).toHaveBeenCalled();
  });

  it('exportFailure__isShownNotSwallowed', async () => {
    signIn();
    stubFetch((c) => {
      if (c.path === '/api/v1/waitlist' && c.method === 'GET')
        return { body: { items: [], total: 0, limit: 50, offset: 0 } };
      if (c.path === '/api/v1/waitlist/export.csv')
        return { status: 403, body: { message: 'this needs the admin role', code: 'forbidden', details: [] } };
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/waitlist', <Route path="/waitlist" element={<WaitlistPage />} />);
    expect(await screen.findByText('Nobody has signed up yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('Could not export: this needs the admin role')).toBeInTheDocument();
  });

  it('viewer__hasNoWaitlistNavigation_andGetsTheReadOnlyNoteWithoutCallingTheApi', async () => {
    signIn('viewer@example.com');
    const calls = stubFetch((c) =>
      c.path === '/api/v1/auth/me'
        ? { body: { sub: 'v', email: 'viewer@example.com', sensei_role: 'viewer', sensei_role_source: 'stored' } }
        : undefined,
    );
    renderAt(
      '/waitlist',
      <Route element={<Layout />}>
        <Route
          path="/waitlist"
          element={
            <AdminOnly title="Waitlist">
              <WaitlistPage />
            </AdminOnly>
          }
        />
      </Route>,
    );
    expect(await screen.findByRole('note', { name: 'Read-only access' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Waitlist/ })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path.startsWith('/api/v1/waitlist'))).toBe(false);
  });

  it('admin__seesTheWaitlistInTheNavigation', async () => {
    signIn();
    stubWaitlist([]);
    renderAt(
      '/',
      <Route element={<Layout />}>
        <Route path="/" element={<div>home</div>} />
      </Route>,
    );
    expect(await screen.findByRole('link', { name: /Waitlist/ })).toHaveAttribute('href', '/waitlist');
  });
});
