import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { EmailSettingsCard } from '../src/pages/EmailSettingsCard';
import { envelope, renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const prefs = (weekly: boolean, applies = true) => ({
  weekly_summary: weekly,
  weekly_summary_applies: applies,
  product_analytics: true,
  onboarding: { tour_dismissed: false, tour_steps_seen: [] },
});

function render() {
  return renderAt('/settings', <Route path="/settings" element={<EmailSettingsCard />} />);
}

describe('Settings → Email card', () => {
  it('toggle__patchesOnlyTheWeeklySummary_andConfirmsWithAToast', async () => {
    signIn();
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/me/preferences' && c.method === 'GET') return { body: prefs(false) };
      if (c.path === '/api/v1/me/preferences' && c.method === 'PATCH') return { body: prefs(true) };
      return undefined;
    });
    const user = userEvent.setup();
    render();
    const box = await screen.findByLabelText('Weekly summary email');
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription(expect.stringContaining('Sent to admins only'));
    await user.click(box);
    await waitFor(() => expect(screen.getByLabelText('Weekly summary email')).toBeChecked());
    expect(await screen.findByText('Weekly summary turned on')).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({ weekly_summary: true });
  });

  it('viewer__isToldTheSummaryIsNotSentToThem', async () => {
    signIn();
    stubFetch((c) => (c.path === '/api/v1/me/preferences' ? { body: prefs(true, false) } : undefined));
    render();
    expect(await screen.findByLabelText('Weekly summary email')).toHaveAccessibleDescription(
      expect.stringContaining('not an admin'),
    );
  });

  it('sendNow__postsOnce_andSaysWhereItGoes_orThatOneIsAlreadyOnItsWay', async () => {
    signIn();
    let queued = true;
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/me/preferences') return { body: prefs(false) };
      if (c.path === '/api/v1/me/summary-email' && c.method === 'POST') {
        const body = { queued, recipient: 'admin@test.local', message: 'x' };
        queued = false;
        return { status: 202, body };
      }
      return undefined;
    });
    const user = userEvent.setup();
    render();
    const button = await screen.findByRole('button', { name: 'Send me a summary now' });
    await user.click(button);
    expect(await screen.findByText('Summary on its way to admin@test.local')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send me a summary now' }));
    expect(await screen.findByText('A summary is already on its way (one per 10 minutes)')).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/me/summary-email')).toHaveLength(2);
  });

  it('errors__showTheServersMessageInAnErrorToast', async () => {
    signIn();
    stubFetch((c) => {
      if (c.path === '/api/v1/me/preferences' && c.method === 'GET') return { body: prefs(false) };
      if (c.path === '/api/v1/me/summary-email')
        return { status: 403, body: envelope('this needs the admin role', 'forbidden') };
      return undefined;
    });
    const user = userEvent.setup();
    render();
    await user.click(await screen.findByRole('button', { name: 'Send me a summary now' }));
    expect(await screen.findByText(/Could not send: .*admin role/)).toBeInTheDocument();
  });
});
