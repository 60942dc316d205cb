import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import ApiKeysPage from '../src/pages/ApiKeysPage';
import type { ApiKey } from '../src/api/types';
import { renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const SECRET = 'sk_ab12cd34_ThisIsTheSecretPartOfTheKey0123456789';

function stubKeys() {
  let keys: ApiKey[] = [
    {
      id: 'k1',
      name: 'old key',
      prefix: 'zz99AbCd',
      created_at: '2025-01-01T00:00:00Z',
      created_by: 'admin@sensei.test',
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
      otlp_conversation_attribute: null,
    },
  ];
  const calls = stubFetch((c) => {
    if (c.path === '/api/v1/api-keys' && c.method === 'GET') return { body: keys };
    if (c.path === '/api/v1/api-keys' && c.method === 'POST') {
      const name = (c.body as { name: string }).name;
      keys = [
        ...keys,
        {
          id: 'k2',
          name,
          prefix: 'ab12cd34',
          created_at: new Date().toISOString(),
          created_by: 'admin@sensei.test',
          last_used_at: null,
          revoked_at: null,
          revoked_by: null,
          otlp_conversation_attribute: null,
        },
      ];
      return {
        status: 201,
        body: { id: 'k2', name, prefix: 'ab12cd34', key: SECRET, created_at: new Date().toISOString() },
      };
    }
    if (c.path === '/api/v1/api-keys/k1' && c.method === 'PATCH') {
      const attribute = (c.body as { otlp_conversation_attribute: string | null }).otlp_conversation_attribute;
      keys = keys.map((k) => (k.id === 'k1' ? { ...k, otlp_conversation_attribute: attribute } : k));
      return { body: keys[0] };
    }
    if (c.path === '/api/v1/api-keys/k1' && c.method === 'DELETE') {
      keys = keys.map((k) => (k.id === 'k1' ? { ...k, revoked_at: new Date().toISOString() } : k));
      return { status: 204 };
    }
    return undefined;
  });
  return calls;
}

describe('API keys', () => {
  it('create__showsSecretOnceWithCopyAndWarning', async () => {
    signIn();
    const calls = stubKeys();
    // user-event installs its own clipboard stub; we read back what was copied from it
    const user = userEvent.setup();
    renderAt('/api-keys', <Route path="/api-keys" element={<ApiKeysPage />} />);
    await screen.findByText('old key');

    await user.click(screen.getAllByRole('button', { name: 'Create API key' })[0]);
    const form = await screen.findByRole('dialog', { name: 'Create API key' });
    await user.click(within(form).getByRole('button', { name: 'Create key' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Give the key a name');
    await user.type(within(form).getByLabelText('Name'), 'backend');
    await user.click(within(form).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'Your new API key' });
    expect(within(shown).getByTestId('new-api-key')).toHaveTextContent(SECRET);
    expect(shown).toHaveTextContent('It will not be shown again');
    await user.click(within(shown).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(await within(shown).findByText('Copied')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: 'backend' });

    await user.click(within(shown).getByRole('button', { name: 'I have copied the key' }));
    await waitFor(() => expect(screen.queryByText(SECRET)).not.toBeInTheDocument());
    // the list only ever shows the prefix
    expect(await screen.findByText('backend')).toBeInTheDocument();
    expect(screen.getByText('sk_ab12cd34_…')).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('otlpConversationAttribute__editedAndCleared_invalidRefusedBeforeSending', async () => {
    signIn();
    const calls = stubKeys();
    const user = userEvent.setup();
    renderAt('/api-keys', <Route path="/api-keys" element={<ApiKeysPage />} />);
    await user.click(await screen.findByRole('button', { name: 'Edit OTLP conversation attribute of old key' }));
    let dialog = await screen.findByRole('dialog', { name: 'OTLP conversation attribute' });
    await user.type(within(dialog).getByLabelText('Attribute'), 'has space');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Up to 255 letters');
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    await user.clear(within(dialog).getByLabelText('Attribute'));
    await user.type(within(dialog).getByLabelText('Attribute'), 'app.thread_id');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('app.thread_id')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ otlp_conversation_attribute: 'app.thread_id' });

    await user.click(screen.getByRole('button', { name: 'Edit OTLP conversation attribute of old key' }));
    dialog = await screen.findByRole('dialog', { name: 'OTLP conversation attribute' });
    await user.clear(within(dialog).getByLabelText('Attribute'));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByText('app.thread_id')).not.toBeInTheDocument());
    expect(calls.filter((c) => c.method === 'PATCH').at(-1)!.body).toEqual({ otlp_conversation_attribute: null });
  });

  it('revoke__asksForConfirmation_thenMarksRevoked', async () => {
    signIn();
    const calls = stubKeys();
    const user = userEvent.setup();
    renderAt('/api-keys', <Route path="/api-keys" element={<ApiKeysPage />} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke key old key' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke API key?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Revoke key old key' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Revoke API key?' })).getByRole('button', {
        name: 'Revoke key',
      }),
    );
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/api-keys/k1')).toBe(true),
    );
    expect(await screen.findByText(/^Revoked/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke key old key' })).not.toBeInTheDocument();
  });
});
