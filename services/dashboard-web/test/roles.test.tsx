import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { AdminOnly } from '../src/components/ReadOnly';
import { Layout } from '../src/components/Layout';
import ApiKeysPage from '../src/pages/ApiKeysPage';
import FailuresPage from '../src/pages/FailuresPage';
import MembersPage from '../src/pages/MembersPage';
import PatternsPage from '../src/pages/PatternsPage';
import type { Member } from '../src/api/types';
import { failure } from './fixtures';
import { envelope, page, renderAt, signIn, stubFetch, type Handler } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const me = (role: 'admin' | 'viewer' | null) => ({
  sub: 'u1',
  email: 'u1@example.com',
  sensei_role: role,
  sensei_role_source: role ? 'stored' : null,
});
const trends = { from: '2025-01-01T00:00:00Z', to: '2025-01-31T00:00:00Z', types: [], points: [] };

function as(role: 'admin' | 'viewer' | null, more: Handler = () => undefined) {
  return stubFetch((c) => (c.path === '/api/v1/auth/me' ? { body: me(role) } : more(c)));
}

describe('role-aware dashboard', () => {
  it('viewer__seesNoAdminNavigation_andAReadOnlyNoteInsteadOfTheKeysPage', async () => {
    signIn('viewer@example.com');
    const calls = as('viewer');
    renderAt(
      '/api-keys',
      <Route element={<Layout />}>
        <Route
          path="/api-keys"
          element={
            <AdminOnly title="API keys">
              <ApiKeysPage />
            </AdminOnly>
          }
        />
      </Route>,
    );
    const note = await screen.findByRole('note', { name: 'Read-only access' });
    expect(note).toHaveTextContent('API keys can only be seen and changed by an admin');
    expect(screen.getByText('Viewer (read-only)')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Settings/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Members/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create API key' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === '/api/v1/api-keys')).toBe(false);
  });

  it('admin__seesTheAdminPagesInTheNavigation', async () => {
    signIn();
    as('admin');
    renderAt(
      '/',
      <Route element={<Layout />}>
        <Route path="/" element={<div>home</div>} />
      </Route>,
    );
    expect(await screen.findByText('Admin', { selector: '.who' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Members/ })).toHaveAttribute('href', '/members');
    expect(screen.getByRole('link', { name: /API keys/ })).toBeInTheDocument();
  });

  it('userWithoutARole__isToldToAskAnAdmin', async () => {
    signIn('new@example.com');
    as(null);
    renderAt(
      '/',
      <Route element={<Layout />}>
        <Route path="/" element={<div>home</div>} />
      </Route>,
    );
    expect(await screen.findByRole('note', { name: 'Read-only access' })).toHaveTextContent('no Sensei role');
    expect(screen.queryByRole('link', { name: /Settings/ })).not.toBeInTheDocument();
  });

  it('viewer__failuresHaveNoStatusButtons_andPatternsNoAnalyseButton', async () => {
    signIn('viewer@example.com');
    as('viewer', (c) =>
      c.path === '/api/v1/failures'
        ? { body: page([failure({ id: 'a1', conversation_external_id: 'conv-a' })]) }
        : c.path === '/api/v1/analytics/failures/trends'
          ? { body: trends }
          : c.path === '/api/v1/analytics/patterns'
            ? { body: { run: null, patterns: [] } }
            : undefined,
    );
    const { unmount } = renderAt('/failures', <Route path="/failures" element={<FailuresPage />} />);
    await screen.findByRole('link', { name: 'conv-a' });
    expect(await screen.findByRole('note', { name: 'Read-only access' })).toHaveTextContent(
      'failure statuses can only be changed by an admin',
    );
    expect(screen.queryByRole('button', { name: /^Resolve/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Acknowledge/ })).not.toBeInTheDocument();
    unmount();

    renderAt('/patterns', <Route path="/patterns" element={<PatternsPage />} />);
    await screen.findByRole('heading', { name: 'Patterns' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Analyse now' })).not.toBeInTheDocument());
  });

  it('admin__stillGetsTheStatusButtons', async () => {
    signIn();
    as('admin', (c) =>
      c.path === '/api/v1/failures'
        ? { body: page([failure({ id: 'a1', conversation_external_id: 'conv-a' })]) }
        : c.path === '/api/v1/analytics/failures/trends'
          ? { body: trends }
          : undefined,
    );
    renderAt('/failures', <Route path="/failures" element={<FailuresPage />} />);
    await screen.findByRole('link', { name: 'conv-a' });
    expect(await screen.findByRole('button', { name: /^Resolve/ })).toBeInTheDocument();
    expect(screen.queryByRole('note', { name: 'Read-only access' })).not.toBeInTheDocument();
  });
});

describe('members page', () => {
  const member = (m: Partial<Member>): Member => ({
    subject: 's',
    email: 'x@example.com',
    role: null,
    role_source: null,
    stored_role: null,
    last_seen_at: '2025-01-01T00:00:00Z',
    role_editable: true,
    note: null,
    ...m,
  });

  it('listsMembers_withWhereTheirRoleComesFrom_andChangesAStoredRole', async () => {
    signIn();
    let members = [
      member({
        subject: 'sub-admin',
        email: 'admin@example.com',
        role: 'admin',
        role_source: 'claim',
        role_editable: false,
        note: "this role comes from the token's app_metadata.sensei_role (set in Supabase)",
      }),
      member({ subject: 'sub-new', email: 'new@example.com' }),
    ];
    const calls = as('admin', (c) => {
      if (c.path === '/api/v1/members' && c.method === 'GET') return { body: members };
      if (c.path === '/api/v1/members/sub-new/role' && c.method === 'PUT') {
        const role = (c.body as { role: 'viewer' }).role;
        members = members.map((m) =>
          m.subject === 'sub-new' ? { ...m, role, stored_role: role, role_source: 'stored' } : m,
        );
        return { body: members[1] };
      }
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/members', <Route path="/members" element={<MembersPage />} />);
    const adminRow = (await screen.findByText('admin@example.com')).closest('tr')!;
    expect(adminRow).toHaveTextContent('Supabase app_metadata');
    expect(adminRow).toHaveTextContent('cannot');
    expect(within(adminRow).queryByRole('combobox')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Role of new@example.com'), 'viewer');
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ role: 'viewer' });
    const newRow = screen.getByText('new@example.com').closest('tr')!;
    await waitFor(() => expect(newRow).toHaveTextContent('Set here'));
    expect(await screen.findByText('new@example.com is now viewer')).toBeInTheDocument();
  });

  it('aRefusedChange__showsTheServersReason', async () => {
    signIn();
    as('admin', (c) => {
      if (c.path === '/api/v1/members' && c.method === 'GET')
        return {
          body: [
            member({
              subject: 'me',
              email: 'me@example.com',
              role: 'admin',
              role_source: 'stored',
              stored_role: 'admin',
            }),
          ],
        };
      if (c.method === 'PUT')
        return { status: 409, body: envelope('you are the last admin; make someone else admin first', 'conflict') };
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/members', <Route path="/members" element={<MembersPage />} />);
    await user.selectOptions(await screen.findByLabelText('Role of me@example.com'), 'viewer');
    expect(await screen.findByText(/you are the last admin/)).toBeInTheDocument();
  });
});
