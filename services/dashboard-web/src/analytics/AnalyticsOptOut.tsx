// Settings card: the signed-in user's own product-analytics choice. Opting out stops posthog at once (no reload);
// the next page load does not even fetch the script.
import { useId, useState } from 'react';
import { useToast } from '../components/Toast';
import { errorMessage } from '../components/States';
import { usePreferences, useUpdatePreferences } from '../lib/preferences';
import { useRuntimeConfig } from '../lib/useRuntimeConfig';
import { startAnalytics, stopAnalytics } from './analytics';
import { analyticsDecision, doNotTrack } from './privacy';

export function AnalyticsOptOut() {
  const id = useId();
  const toast = useToast();
  const { config } = useRuntimeConfig();
  const prefs = usePreferences();
  const update = useUpdatePreferences(prefs.subject);
  // optimistic: the box follows the click at once (analytics already stopped), the server answer settles it
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const on = optimistic ?? prefs.productAnalytics !== false;
  const dnt = doNotTrack();

  const change = (next: boolean) => {
    setOptimistic(next);
    if (!next) stopAnalytics();
    update.mutate(
      { product_analytics: next },
      {
        onSuccess: () => {
          setOptimistic(null);
          if (next && analyticsDecision(config, true).load) void startAnalytics(config, prefs.subject);
          toast(next ? 'Product analytics on' : 'Product analytics off');
        },
        // the local record keeps an opt-out on this browser even when the API failed
        onError: (e) => toast(`Saved on this browser only: ${errorMessage(e)}`, 'error'),
      },
    );
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="analytics-opt-out">
      <div className="card-header">
        <h2 id={`${id}-title`}>Product analytics</h2>
      </div>
      <div className="card-body stack" style={{ gap: 8 }}>
        <label className="row" style={{ gap: 8 }} htmlFor={`${id}-toggle`}>
          <input
            id={`${id}-toggle`}
            type="checkbox"
            checked={on}
            disabled={!prefs.settled || update.isPending}
            onChange={(e) => change(e.target.checked)}
          />
          <span>Help improve Sensei with anonymous usage analytics</span>
        </label>
        <p className="small muted">
          {!config.posthog?.key
            ? 'This installation has product analytics turned off.'
            : dnt
              ? 'Your browser asks not to be tracked, so no analytics are loaded whatever this says.'
              : 'Only named actions (signed in, key created…) under a hashed id; never your email or message text. Off: the analytics script is not loaded.'}
        </p>
      </div>
    </section>
  );
}
