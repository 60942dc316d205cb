import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { AnalyticsOptOut } from '../src/analytics/AnalyticsOptOut';
import { _resetForTests, analyticsActive, disableAnalytics, track } from '../src/analytics/analytics';
import { EVENTS } from '../src/analytics/events';
import { analyticsDecision, doNotTrack, scrubProperties, subjectHash } from '../src/analytics/privacy';
import { readLocalPreferences } from '../src/lib/preferences';
import { setRuntimeConfig, type RuntimeConfig } from '../src/lib/runtimeConfig';
import { renderAt, signIn, stubFetch } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  _resetForTests();
});

const withKey: RuntimeConfig = {
  supabase_url: null,
  supabase_anon_key: null,
  public_url: null,
  posthog: { key: 'phc_x', host: 'http://127.0.0.1:1', replay: false },
};
const noKey: RuntimeConfig = { ...withKey, posthog: null };

describe('when analytics may load', () => {
  it('noKey_dnt_optOut_orUnknownPreference__neverLoads', () => {
    expect(analyticsDecision(noKey, true, false)).toEqual({ load: false, reason: 'no-key' });
    expect(analyticsDecision(withKey, true, true)).toEqual({ load: false, reason: 'do-not-track' });
    expect(analyticsDecision(withKey, false, false)).toEqual({ load: false, reason: 'opted-out' });
    expect(analyticsDecision(withKey, null, false)).toEqual({ load: false, reason: 'preference-unknown' });
    expect(analyticsDecision(withKey, true, false)).toEqual({ load: true });
  });

  it('doNotTrack__readsDntAndGlobalPrivacyControl', () => {
    expect(doNotTrack({ doNotTrack: '1' }, {})).toBe(true);
    expect(doNotTrack({ doNotTrack: null }, { doNotTrack: '1' })).toBe(true);
    expect(doNotTrack({ globalPrivacyControl: true }, {})).toBe(true);
    expect(doNotTrack({ doNotTrack: '0' }, {})).toBe(false);
    expect(doNotTrack({ doNotTrack: 'unspecified' }, {})).toBe(false);
  });

  it('scrubProperties__dropsQueryStringsAndEmail', () => {
    const out = scrubProperties({
      $current_url: 'https://s.example/conversations?q=my%20card%204111#x',
      $referrer: 'https://s.example/?a=1',
      email: 'a@b.c',
      keep: 1,
    });
    expect(out).toEqual({ $current_url: 'https://s.example/conversations', $referrer: 'https://s.example/', keep: 1 });
    expect(scrubProperties({ $set_once: { $initial_current_url: 'https://s.example/?q=secret' } })).toEqual({
      $set_once: { $initial_current_url: 'https://s.example/' },
    });
  });

  it('subjectHash__isAStableSha256_notTheSubject', async () => {
    const h = await subjectHash('user-1');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(await subjectHash('user-1'));
    expect(h).not.toContain('user-1');
  });

  it('trackBeforeStart__isHeldAcrossAReload_untilTheDecision_andDroppedWhenOff', () => {
    track(EVENTS.signedIn, { provider: 'local' });
    expect(analyticsActive()).toBe(false);
    expect(JSON.parse(sessionStorage.getItem('sensei.analytics.pending')!)).toEqual([
      { event: 'signed in', props: { provider: 'local' } },
    ]);
    disableAnalytics();
    expect(sessionStorage.getItem('sensei.analytics.pending')).toBeNull();
    track(EVENTS.signedIn, { provider: 'local' });
    expect(sessionStorage.getItem('sensei.analytics.pending')).toBeNull();
  });
});

describe('product analytics opt-out (settings)', () => {
  it('turningItOff__patchesThePreference_andKeepsALocalRecord', async () => {
    signIn();
    setRuntimeConfig(withKey);
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/auth/me') return { body: { sub: 'user-1', sensei_role: 'admin' } };
      if (c.path === '/api/v1/me/preferences' && c.method === 'GET')
        return {
          body: {
            weekly_summary: true,
            product_analytics: true,
            onboarding: { tour_dismissed: true, tour_steps_seen: [] },
          },
        };
      if (c.path === '/api/v1/me/preferences' && c.method === 'PATCH')
        return {
          body: {
            weekly_summary: true,
            product_analytics: false,
            onboarding: { tour_dismissed: true, tour_steps_seen: [] },
          },
        };
      return undefined;
    });
    renderAt('/settings', <Route path="/settings" element={<AnalyticsOptOut />} />);
    const toggle = await screen.findByRole('checkbox', { name: /anonymous usage analytics/ });
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ product_analytics: false });
    expect(readLocalPreferences('user-1').product_analytics).toBe(false);
  });

  it('noKey__saysAnalyticsIsOffForThisInstallation', async () => {
    signIn();
    setRuntimeConfig(noKey);
    stubFetch(() => undefined);
    renderAt('/settings', <Route path="/settings" element={<AnalyticsOptOut />} />);
    expect(await screen.findByText('This installation has product analytics turned off.')).toBeInTheDocument();
  });
});
