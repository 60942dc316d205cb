import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { AppRoutes, UnauthorizedRedirect } from '../src/App';
import { setUnauthorizedHandler } from '../src/api/client';
import { safeNext } from '../src/auth/RequireAuth';
import { getSession } from '../src/auth/session';
import { ToastProvider } from '../src/components/Toast';
import { setRuntimeConfig } from '../src/lib/runtimeConfig';
import { conversation } from './fixtures';
import { envelope, LocationProbe, page, signIn, stubFetch } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthorizedHandler(null);
});

function renderApp(url: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <MemoryRouter initialEntries={[url]}>
          <UnauthorizedRedirect />
          <AppRoutes />
          <LocationProbe />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}
const location = () => screen.getByTestId('location').textContent;

describe('authentication', () => {
  it('protectedPage__withoutSession__goesToLoginWithNext', async () => {
    stubFetch(() => undefined);
    setRuntimeConfig({});
    renderApp('/failures?status=ack');
    await waitFor(() => expect(location()).toBe('/login?next=%2Ffailures%3Fstatus%3Dack'));
    expect(await screen.findByRole('heading', { name: 'Sign in' }, { timeout: 8000 })).toBeInTheDocument();
  });

  it('login__success__storesTokenAndReturnsToNext', async () => {
    setRuntimeConfig({});
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/auth/login') {
        const b = c.body as { email: string; password: string };
        return b.password === 'right'
          ? {
              body: {
                access_token: 'jwt-1',
                token_type: 'bearer',
                expires_in: 3600,
                user: { id: 'u', email: b.email },
              },
            }
          : { status: 401, body: envelope('invalid credentials', 'unauthorized') };
      }
      if (c.path === '/api/v1/conversations') return { body: page([conversation()]) };
      if (c.path === '/api/v1/saved-views') return { body: [] };
      return undefined;
    });
    const user = userEvent.setup();
    renderApp('/login?next=%2Fconversations%3Ftype%3Duser_frustration');
    await user.type(await screen.findByLabelText('Email', {}, { timeout: 8000 }), 'admin@x.io');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(location()).toMatch(/^\/login/);

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'right');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(location()).toBe('/conversations?type=user_frustration'));
    expect(getSession()).toMatchObject({ token: 'jwt-1', email: 'admin@x.io', provider: 'local' });
    // the page is a lazy chunk: give the first import time
    expect(await screen.findByRole('link', { name: 'conv-1' }, { timeout: 8000 })).toBeInTheDocument();
    const listCall = calls.find((c) => c.path === '/api/v1/conversations')!;
    expect(listCall.headers.Authorization).toBe('Bearer jwt-1');
  });

  it('anyRequest__when401__returnsToLoginAndBackAfterwards', async () => {
    signIn();
    setRuntimeConfig({});
    stubFetch((c) =>
      c.path.startsWith('/api/v1/') && c.path !== '/api/v1/auth/login'
        ? { status: 401, body: envelope('expired', 'unauthorized') }
        : undefined,
    );
    renderApp('/conversations?has_failures=true');
    await waitFor(() => expect(location()).toBe('/login?next=%2Fconversations%3Fhas_failures%3Dtrue%26env%3Dall'));
    expect(getSession()).toBeNull();
    expect(await screen.findByText('Sign in to continue where you were.', {}, { timeout: 8000 })).toBeInTheDocument();
  });

  it('safeNext__refusesOtherSites', () => {
    expect(safeNext('/conversations?x=1')).toBe('/conversations?x=1');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/login?next=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
