import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { Layout } from '../src/components/Layout';
import { Onboarding } from '../src/pages/Onboarding';
import { placePopover } from '../src/onboarding/TourPopover';
import { readLocalPreferences } from '../src/lib/preferences';
import type { Preferences } from '../src/api/types';
import { renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const me = { sub: 'user-1', email: 'u1@example.com', sensei_role: 'admin', sensei_role_source: 'stored' };
const prefs = (onboarding: Partial<Preferences['onboarding']> = {}): Preferences => ({
  weekly_summary: true,
  weekly_summary_applies: true,
  product_analytics: true,
  onboarding: { tour_dismissed: false, tour_steps_seen: [], ...onboarding },
});

/** Layout with one stand-in page per tour step, each rendering its real anchor. */
function pages() {
  const page = (id: string) => <div data-tour={id}>{id} page</div>;
  return (
    <Route element={<Layout />}>
      <Route path="/" element={page('overview')} />
      <Route path="/conversations" element={page('conversations')} />
      <Route path="/failures" element={page('failures')} />
      <Route path="/patterns" element={page('patterns')} />
      <Route path="/api-keys" element={page('api-keys')} />
      <Route path="/settings" element={page('settings')} />
    </Route>
  );
}

function stack(preferences: { status?: number; body?: unknown }, role = 'admin'): Call[] {
  return stubFetch((c) => {
    if (c.path === '/api/v1/auth/me') return { body: { ...me, sensei_role: role } };
    if (c.path === '/api/v1/me/preferences' && c.method === 'GET') return preferences;
    if (c.path === '/api/v1/me/preferences' && c.method === 'PATCH') {
      if (preferences.status && preferences.status >= 500) return preferences;
      const body = c.body as { onboarding?: Partial<Preferences['onboarding']> };
      return { body: prefs(body.onboarding) };
    }
    return undefined;
  });
}

const patches = (calls: Call[]) => calls.filter((c) => c.method === 'PATCH' && c.path === '/api/v1/me/preferences');

describe('first-run tour', () => {
  it('firstSignIn__startsByItselfOnTheOverview_focusedOnNext_anchoredOnThePage', async () => {
    signIn();
    stack({ body: prefs() });
    renderAt('/', pages());
    const dialog = await screen.findByRole('dialog', { name: 'Your agents at a glance' });
    expect(dialog).toHaveTextContent('Step 1 of 6');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next' })).toHaveFocus());
  });

  it('next__walksThePages_andDone_savesTheTourAsDismissed', async () => {
    signIn();
    const calls = stack({ body: prefs() });
    renderAt('/', pages());
    const user = userEvent.setup();
    await screen.findByRole('dialog', { name: 'Your agents at a glance' });
    const expected = [
      'Every conversation, scored',
      'Failures to work through',
      'Patterns across conversations',
      'Connect your app',
      'Alerts in Slack',
    ];
    for (const title of expected) {
      await user.click(screen.getByRole('button', { name: 'Next' }));
      await screen.findByRole('dialog', { name: title });
    }
    expect(screen.getByTestId('location')).toHaveTextContent('/settings');
    // the page change moved focus to <main>; the step takes it back
    await waitFor(() => expect(screen.getByRole('button', { name: 'Done' })).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const last = patches(calls).at(-1)!.body as { onboarding: Preferences['onboarding'] };
    expect(last.onboarding.tour_dismissed).toBe(true);
    expect(last.onboarding.tour_steps_seen).toEqual([
      'overview',
      'conversations',
      'failures',
      'patterns',
      'api-keys',
      'settings',
    ]);
  });

  it('escape__closesTheTour_andRemembersItForThisUser', async () => {
    signIn();
    const calls = stack({ body: prefs() });
    renderAt('/', pages());
    await screen.findByRole('dialog');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(patches(calls)).toHaveLength(1);
    expect(patches(calls)[0].body).toEqual({ onboarding: { tour_dismissed: true, tour_steps_seen: ['overview'] } });
  });

  it('dismissedBefore__doesNotStartAgain', async () => {
    signIn();
    const calls = stack({ body: prefs({ tour_dismissed: true }) });
    renderAt('/', pages());
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/me/preferences')).toBe(true));
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('takeTheTour_onTheChecklist__startsItAgain_afterItWasDismissed', async () => {
    signIn();
    stubFetch((c) => {
      if (c.path === '/api/v1/auth/me') return { body: me };
      if (c.path === '/api/v1/me/preferences') return { body: prefs({ tour_dismissed: true }) };
      if (c.path === '/api/v1/api-keys') return { body: [] };
      if (c.path === '/api/v1/settings') return { body: { slack_webhook_url: null, alert_thresholds: {} } };
      return undefined;
    });
    renderAt(
      '/',
      <Route element={<Layout />}>
        <Route
          path="/"
          element={
            <div data-tour="overview">
              <Onboarding />
            </div>
          }
        />
      </Route>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Take the tour' }));
    expect(await screen.findByRole('dialog', { name: 'Your agents at a glance' })).toBeInTheDocument();
  });

  it('viewer__getsNoStepsForTheAdminPages', async () => {
    signIn();
    stack({ body: prefs() }, 'viewer');
    renderAt('/', pages());
    expect(await screen.findByRole('dialog')).toHaveTextContent('Step 1 of 4');
  });

  it('keyboard__tabStaysInsideThePopover', async () => {
    signIn();
    stack({ body: prefs() });
    renderAt('/', pages());
    await screen.findByRole('dialog');
    const next = screen.getByRole('button', { name: 'Next' });
    await waitFor(() => expect(next).toHaveFocus());
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Skip tour' })).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(next).toHaveFocus();
  });

  it('preferencesApiDown__fallsBackToLocalStorageKeyedByTheUser', async () => {
    signIn();
    stack({ status: 503, body: { message: 'down', code: 'unavailable', details: [] } });
    const first = renderAt('/', pages());
    await screen.findByRole('dialog');
    await userEvent.click(screen.getByRole('button', { name: 'Skip tour' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(readLocalPreferences('user-1').onboarding?.tour_dismissed).toBe(true);
    first.unmount();
    // a reload with the API still down: the local record keeps the tour closed
    renderAt('/', pages());
    await act(() => new Promise((r) => setTimeout(r, 100)));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('popover placement', () => {
  const vp = { width: 390, height: 844, scrollX: 0, scrollY: 0 };
  it('at390px__staysInsideTheViewport_withTheArrowOnTheAnchor', () => {
    const p = placePopover(
      { top: 100, bottom: 140, left: 300, width: 80, height: 40 },
      { width: 320, height: 150 },
      vp,
    );
    expect(p.left).toBeGreaterThanOrEqual(8);
    expect(p.left + 320).toBeLessThanOrEqual(390 - 8);
    expect(p.side).toBe('below');
    expect(p.left + p.arrowLeft).toBeCloseTo(340, 0);
  });
  it('noRoomBelow__goesAbove', () => {
    const p = placePopover(
      { top: 760, bottom: 800, left: 20, width: 100, height: 40 },
      { width: 320, height: 150 },
      vp,
    );
    expect(p.side).toBe('above');
    expect(p.top).toBe(760 - 12 - 150);
  });
  it('noAnchor__isCentred', () => {
    expect(placePopover(null, { width: 320, height: 150 }, vp).side).toBe('center');
  });
});
