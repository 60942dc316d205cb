import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import SettingsPage from '../src/pages/SettingsPage';
import { mapServerErrors, validateSettings } from '../src/lib/settingsForm';
import { envelope, renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const settings = {
  slack_webhook_url: null,
  alert_thresholds: { min_severity: 'high', health_below: 40, cooldown_minutes: 10, digest_after_per_minute: 5 },
};

function stubSettings(put: (c: Call) => { status?: number; body?: unknown }) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/settings' && c.method === 'GET') return { body: settings };
    if (c.path === '/api/v1/settings' && c.method === 'PUT') return put(c);
    if (c.path === '/api/v1/settings/test-alert')
      return { body: { delivered: false, status: 404, body: 'no_service' } };
    if (c.path === '/api/v1/alerts') return { body: [] };
    return undefined;
  });
}

describe('settings form', () => {
  it('validate__flagsEachBadField', () => {
    expect(
      validateSettings({
        slack_webhook_url: 'hooks.slack.com/x',
        min_severity: 'huge',
        health_below: '140',
        cooldown_minutes: '2.5',
        digest_after_per_minute: '',
      }),
    ).toEqual({
      slack_webhook_url: expect.stringContaining('full URL'),
      min_severity: expect.any(String),
      health_below: 'Must be between 0 and 100.',
      cooldown_minutes: 'Must be a whole number.',
      digest_after_per_minute: 'Required.',
    });
    expect(
      validateSettings({
        slack_webhook_url: '',
        min_severity: 'low',
        health_below: '0',
        cooldown_minutes: '0',
        digest_after_per_minute: '1',
      }),
    ).toEqual({});
  });

  it('mapServerErrors__mapsNestedThresholdFields', () => {
    expect(
      mapServerErrors([
        { field: 'alert_thresholds.cooldown_minutes', reason: 'too long' },
        { field: 'slack_webhook_url', reason: 'unreachable' },
        { field: 'something_else', reason: 'odd' },
      ]),
    ).toEqual({
      fields: { cooldown_minutes: 'too long', slack_webhook_url: 'unreachable' },
      other: ['something_else: odd'],
    });
  });

  it('submit__whenClientInvalid__showsErrorsAtFields_andDoesNotCallServer', async () => {
    signIn();
    const calls = stubSettings(() => ({ body: settings }));
    const user = userEvent.setup();
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    const health = await screen.findByLabelText('Alert when health drops below');
    await user.clear(health);
    await user.type(health, '150');
    await user.type(screen.getByLabelText('Incoming webhook URL'), 'not a url');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(health).toHaveAttribute('aria-invalid', 'true');
    expect(health).toHaveAccessibleDescription(expect.stringContaining('Must be between 0 and 100.'));
    expect(screen.getByLabelText('Incoming webhook URL')).toHaveAccessibleDescription(
      expect.stringContaining('Enter a full URL'),
    );
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('submit__whenServerAnswers400__showsDetailsAtTheNamedFields', async () => {
    signIn();
    const calls = stubSettings(() => ({
      status: 400,
      body: envelope('slack_webhook_url: must point to hooks.slack.com', 'validation_failed', [
        { field: 'slack_webhook_url', reason: 'must point to hooks.slack.com' },
        { field: 'alert_thresholds.digest_after_per_minute', reason: 'must be at most 60' },
      ]),
    }));
    const user = userEvent.setup();
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    const url = await screen.findByLabelText('Incoming webhook URL');
    await user.type(url, 'https://example.com/hook');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(url).toHaveAttribute('aria-invalid', 'true'));
    expect(url).toHaveAccessibleDescription(expect.stringContaining('must point to hooks.slack.com'));
    expect(screen.getByLabelText('Digest after (alerts per minute)')).toHaveAccessibleDescription(
      expect.stringContaining('must be at most 60'),
    );
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({
      slack_webhook_url: 'https://example.com/hook',
      alert_thresholds: { min_severity: 'high', health_below: 40, cooldown_minutes: 10, digest_after_per_minute: 5 },
    });
    // editing the field clears its error
    await user.type(url, 'x');
    expect(url).toHaveAttribute('aria-invalid', 'false');
  });

  it('testAlert__triesTheTypedUrl_thenTheSavedOne_andShowsSlacksAnswer', async () => {
    signIn();
    const calls = stubSettings((c) => ({ body: c.body }));
    const user = userEvent.setup();
    renderAt('/settings', <Route path="/settings" element={<SettingsPage />} />);
    const url = await screen.findByLabelText('Incoming webhook URL');
    expect(screen.getByRole('button', { name: 'Send test alert' })).toBeDisabled();

    await user.type(url, 'http://hooks.example.com/x');
    await user.click(screen.getByRole('button', { name: 'Send test alert' }));
    expect(url).toHaveAccessibleDescription(expect.stringContaining('Must use https'));
    expect(calls.some((c) => c.path === '/api/v1/settings/test-alert')).toBe(false);

    await user.clear(url);
    await user.type(url, 'https://hooks.slack.com/services/T/B/X');
    await user.click(screen.getByRole('button', { name: 'Send test alert' }));
    const result = await screen.findByTestId('test-alert-result');
    expect(result).toHaveTextContent('Slack did not accept the test alert.');
    expect(result).toHaveTextContent('HTTP 404');
    expect(result).toHaveTextContent('no_service');
    expect(calls.filter((c) => c.path === '/api/v1/settings/test-alert').at(-1)!.body).toEqual({
      slack_webhook_url: 'https://hooks.slack.com/services/T/B/X',
    });

    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Settings saved')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send test alert' }));
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/settings/test-alert')).toHaveLength(2));
    expect(calls.filter((c) => c.path === '/api/v1/settings/test-alert')[1].body).toBeUndefined();
  });
});
