import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import SettingsPage from '../src/pages/SettingsPage';
import { AlertsFailingBanner } from '../src/components/AlertsFailingBanner';
import { renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const MASK = 'https://hooks.slack.com/services/T0…/…/••••XYZ1';
const thresholds = { min_severity: 'high', health_below: 40, cooldown_minutes: 10, digest_after_per_minute: 5 };
const failed = {
  id: 'a1',
  kind: 'failure',
  state: 'failed',
  conversation_id: 'c1',
  failure_type: 'user_frustration',
  response_status: 404,
  answer: 'no_service',
  attempts: 1,
  created_at: '2025-01-01T10:00:00Z',
  last_attempt_at: '2025-01-01T10:00:00Z',
  next_retry_at: null,
};
const retrying = {
  ...failed,
  id: 'a2',
  kind: 'health',
  failure_type: null,
  response_status: 503,
  answer: 'upstream down',
  attempts: 5,
  next_retry_at: '2025-01-01T10:01:05Z',
  state: 'retrying',
};
const health = (failing: boolean, deliveries: unknown[] = []) => ({
  failing,
  summary: failing ? 'Slack answered 404 no_service' : null,
  last_failure_at: deliveries.length ? '2025-01-01T10:00:00Z' : null,
  last_success_at: null,
  failed_last_hour: deliveries.length,
  failing_after: 3,
  deliveries,
});

function stub(role: 'admin' | 'viewer', deliveries: ReturnType<typeof health>, put?: (c: Call) => unknown) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/auth/me') return { body: { sub: 'u', sensei_role: role } };
    if (c.path === '/api/v1/alerts/deliveries') return { body: deliveries };
    if (c.path === '/api/v1/settings' && c.method === 'GET')
      return { body: { slack_webhook_url: MASK, alert_thresholds: thresholds } };
    if (c.path === '/api/v1/settings' && c.method === 'PUT') {
      const body = c.body as { slack_webhook_url: string | null };
      put?.(c);
      // the server masks what it saved
      const saved =
        body.slack_webhook_url === MASK || !body.slack_webhook_url
          ? body.slack_webhook_url
          : 'https://hooks.slack.com/services/T9…/…/••••NEW1';
      return { body: { slack_webhook_url: saved, alert_thresholds: thresholds } };
    }
    if (c.path === '/api/v1/alerts') return { body: [] };
    return undefined;
  });
}

describe('alerts failing banner', () => {
  it('failing__tellsEveryoneWhy_andAdminsWhereToFixIt', async () => {
    signIn();
    stub('admin', health(true, [failed]));
    renderAt('/', <Route path="/" element={<AlertsFailingBanner />} />);
    const banner = await screen.findByTestId('alerts-failing-banner');
    expect(banner).toHaveTextContent('Alerts are failing: Slack answered 404 no_service.');
    expect(screen.getByRole('link', { name: 'See Settings → Alerts' })).toHaveAttribute(
      'href',
      '/settings#alert-deliveries',
    );
  });

  it('failing__viewersAreToldToAskAnAdmin', async () => {
    signIn();
    stub('viewer', health(true, [failed]));
    renderAt('/', <Route path="/" element={<AlertsFailingBanner />} />);
    expect(await screen.findByTestId('alerts-failing-banner')).toHaveTextContent('Ask an admin');
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('notFailing__showsNothing', async () => {
    signIn();
    const calls = stub('admin', health(false));
    renderAt('/', <Route path="/" element={<AlertsFailingBanner />} />);
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/alerts/deliveries')).toBe(true));
    expect(screen.queryByTestId('alerts-failing-banner')).not.toBeInTheDocument();
  });
});

describe('settings: deliveries and the masked webhook', () => {
  it('recentDeliveries__listSlacksAnswerAttemptsAndNextRetry', async () => {
    signIn();
    stub('admin', health(true, [failed, retrying]));
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    const table = await screen.findByRole('table', { name: 'Failed alert deliveries' });
    expect(table).toHaveTextContent('HTTP 404 · no_service');
    expect(table).toHaveTextContent('HTTP 503 · upstream down');
    expect(table).toHaveTextContent('No retry');
    expect(table).toHaveTextContent(/Retrying at/);
    expect(table).toHaveTextContent('Failure alert · ');
    expect(screen.getByTestId('deliveries-verdict')).toHaveTextContent(
      'Alerts are failing: Slack answered 404 no_service',
    );
  });

  it('webhook__savedOneShowsMasked_readOnly_andIsSentBackUnchanged', async () => {
    signIn();
    const calls = stub('admin', health(false));
    const user = userEvent.setup();
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    const url = await screen.findByLabelText('Incoming webhook URL');
    expect(url).toHaveValue(MASK);
    expect(url).toHaveAttribute('readonly');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    expect((calls.find((c) => c.method === 'PUT')!.body as { slack_webhook_url: string }).slack_webhook_url).toBe(MASK);
    // the test alert goes to the saved webhook (no URL in the body)
    await user.click(screen.getByRole('button', { name: 'Send test alert' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/settings/test-alert')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/settings/test-alert')!.body).toBeUndefined();
  });

  it('webhook__replace_takesANewUrl_thenShowsItsMask', async () => {
    signIn();
    const calls = stub('admin', health(false));
    const user = userEvent.setup();
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    await screen.findByLabelText('Incoming webhook URL');
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    const url = screen.getByLabelText('Incoming webhook URL');
    expect(url).not.toHaveAttribute('readonly');
    expect(url).toHaveValue('');
    await user.type(url, 'https://hooks.slack.com/services/T9/B9/abcdefghijklmnopqrstNEW1');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Settings saved');
    expect((calls.find((c) => c.method === 'PUT')!.body as { slack_webhook_url: string }).slack_webhook_url).toBe(
      'https://hooks.slack.com/services/T9/B9/abcdefghijklmnopqrstNEW1',
    );
    expect(screen.getByLabelText('Incoming webhook URL')).toHaveValue(
      'https://hooks.slack.com/services/T9…/…/••••NEW1',
    );
    expect(screen.getByRole('button', { name: 'Replace' })).toBeInTheDocument();
  });

  it('webhook__replaceThenKeep_returnsToTheSavedMask', async () => {
    signIn();
    stub('admin', health(false));
    const user = userEvent.setup();
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    await screen.findByLabelText('Incoming webhook URL');
    await user.click(screen.getByRole('button', { name: 'Replace' }));
    await user.click(screen.getByRole('button', { name: 'Keep saved URL' }));
    expect(screen.getByLabelText('Incoming webhook URL')).toHaveValue(MASK);
  });
});
