import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import LoginPage from '../src/pages/LoginPage';
import { getSession } from '../src/auth/session';
import { setRuntimeConfig } from '../src/lib/runtimeConfig';
import { renderAt, stubFetch } from './helpers';

const signInWithPassword = vi.fn();
vi.mock('@supabase/supabase-js', () => ({
  createClient: vi.fn(() => ({
    auth: {
      signInWithPassword,
      onAuthStateChange: vi.fn(() => ({ data: { subscription: { unsubscribe() {} } } })),
      signOut: vi.fn(async () => ({ error: null })),
      getSession: vi.fn(async () => ({ data: { session: null }, error: null })),
    },
  })),
}));

afterEach(() => {
  vi.unstubAllGlobals();
  setRuntimeConfig({});
});

describe('supabase sign-in', () => {
  it('whenConfigured__signsInWithSupabase_andUsesItsAccessToken', async () => {
    setRuntimeConfig({ supabase_url: 'https://abc.supabase.co', supabase_anon_key: 'anon' });
    const calls = stubFetch(() => undefined);
    signInWithPassword.mockResolvedValueOnce({
      data: { session: null, user: null },
      error: { message: 'Invalid login credentials' },
    });
    signInWithPassword.mockResolvedValueOnce({
      data: {
        session: { access_token: 'sb-jwt', expires_at: Math.floor(Date.now() / 1000) + 3600 },
        user: { email: 'me@x.io' },
      },
      error: null,
    });
    const user = userEvent.setup();
    renderAt('/login?next=%2Fpatterns', <Route path="/login" element={<LoginPage />} />);
    expect(await screen.findByText('Use your Supabase account.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Email'), 'me@x.io');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid login credentials');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/patterns'));
    expect(signInWithPassword).toHaveBeenLastCalledWith({ email: 'me@x.io', password: 'pw' });
    expect(getSession()).toMatchObject({ token: 'sb-jwt', provider: 'supabase', email: 'me@x.io' });
    // the local login endpoint was never used
    expect(calls.some((c) => c.path === '/api/v1/auth/login')).toBe(false);
  });

  it('whenConfigured__canStillUseTheLocalAdminAccount', async () => {
    setRuntimeConfig({ supabase_url: 'https://abc.supabase.co', supabase_anon_key: 'anon' });
    const calls = stubFetch((c) =>
      c.path === '/api/v1/auth/login'
        ? { body: { access_token: 'local', token_type: 'bearer', expires_in: 60, user: { id: 'a', email: 'admin@x' } } }
        : undefined,
    );
    const user = userEvent.setup();
    renderAt('/login', <Route path="/login" element={<LoginPage />} />);
    await user.click(await screen.findByRole('button', { name: 'Use local admin account' }));
    await user.type(screen.getByLabelText('Email'), 'admin@x');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(getSession()?.token).toBe('local'));
    expect(calls.find((c) => c.path === '/api/v1/auth/login')!.body).toEqual({ email: 'admin@x', password: 'pw' });
  });
});
