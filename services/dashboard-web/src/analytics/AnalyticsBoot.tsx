// Mounted once in the signed-in shell: decides, after the runtime config, /auth/me and the user's preferences are
// known, whether posthog-js is loaded at all for this page load.
import { useEffect } from 'react';
import { usePreferences } from '../lib/preferences';
import { useRuntimeConfig } from '../lib/useRuntimeConfig';
import { disableAnalytics, startAnalytics } from './analytics';
import { analyticsDecision } from './privacy';

export function AnalyticsBoot() {
  const { config, ready } = useRuntimeConfig();
  const prefs = usePreferences();
  const { settled, productAnalytics, subject } = prefs;
  useEffect(() => {
    if (!ready) return;
    // without a key nothing else matters: decide at once (and never wait on the preferences)
    if (!config.posthog?.key) {
      disableAnalytics();
      return;
    }
    if (!settled) return;
    const decision = analyticsDecision(config, productAnalytics);
    if (decision.load) void startAnalytics(config, subject);
    else disableAnalytics();
  }, [ready, config, settled, productAnalytics, subject]);
  return null;
}
