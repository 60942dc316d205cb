import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, setUnauthorizedHandler } from '../src/api/client';
import { authApi } from '../src/api/endpoints';
import { getSession } from '../src/auth/session';
import { envelope, signIn, stubFetch } from './helpers';

afterEach(() => {
  setUnauthorizedHandler(null);
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('request__whenSignedIn__sendsBearerToken', async () => {
    signIn();
    const calls = stubFetch(() => ({ body: { ok: true } }));
    await api.get('/conversations', { query: { timeframe: '7d', q: undefined, has_failures: false } });
    expect(calls[0].path).toBe('/api/v1/conversations');
    expect(calls[0].query.toString()).toBe('timeframe=7d&has_failures=false');
    expect(calls[0].headers.Authorization).toBe('Bearer test-token');
  });

  it('request__when401__clearsSessionAndRedirectsWithNext', async () => {
    signIn();
    window.history.pushState({}, '', '/conversations?type=abandonment');
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    stubFetch(() => ({ status: 401, body: envelope('token expired', 'unauthorized') }));
    await expect(api.get('/conversations')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(getSession()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledWith('/conversations?type=abandonment');
  });

  it('request__when401WithDefaultHandler__assignsLoginUrl', async () => {
    signIn();
    window.history.pushState({}, '', '/failures?status=ack');
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, pathname: '/failures', search: '?status=ack', assign });
    stubFetch(() => ({ status: 401, body: envelope('no token', 'unauthorized') }));
    await expect(api.get('/failures')).rejects.toBeInstanceOf(ApiError);
    expect(assign).toHaveBeenCalledWith('/login?next=%2Ffailures%3Fstatus%3Dack');
  });

  it('login__when401__doesNotRedirect', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    stubFetch(() => ({ status: 401, body: envelope('bad credentials', 'unauthorized') }));
    await expect(authApi.login('a@b.c', 'wrong')).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('request__when400__exposesEnvelopeDetailsPerField', async () => {
    signIn();
    stubFetch(() => ({
      status: 400,
      body: envelope('alert_thresholds.health_below: must be between 0 and 100', 'validation_failed', [
        { field: 'alert_thresholds.health_below', reason: 'must be between 0 and 100' },
        { field: 'slack_webhook_url', reason: 'must be an https URL' },
      ]),
    }));
    const err = (await api.put('/settings', {}).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('validation_failed');
    expect(err.fieldErrors()).toEqual({
      'alert_thresholds.health_below': 'must be between 0 and 100',
      slack_webhook_url: 'must be an https URL',
    });
  });

  it('request__whenErrorBodyIsNotJson__stillGivesApiError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })),
    );
    await expect(api.get('/x')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'Bad Gateway' });
  });

  it('request__whenNetworkDown__givesNetworkError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.get('/x')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('request__when204__resolvesUndefined', async () => {
    stubFetch(() => ({ status: 204 }));
    await expect(api.delete('/api-keys/1')).resolves.toBeUndefined();
  });

  it('session__whenExpired__isDropped', () => {
    localStorage.setItem(
      'sensei.session',
      JSON.stringify({ token: 't', expiresAt: Date.now() - 1000, email: null, provider: 'local' }),
    );
    expect(getSession()).toBeNull();
    expect(localStorage.getItem('sensei.session')).toBeNull();
  });
});
