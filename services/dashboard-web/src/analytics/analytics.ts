// Product analytics (PostHog), off unless the gateway hands out a key, the browser does not ask for Do Not Track and
// the user has not opted out. posthog-js is imported lazily only then, so otherwise its chunk is never fetched.
// Only the typed events of events.ts are sent (autocapture off); replay, when enabled, masks every input and text.
import type { PostHog } from 'posthog-js/dist/module.no-external';
import type { RuntimeConfig } from '../lib/runtimeConfig';
import type { EventName, EventProperties } from './events';
import { whenIdle } from '../lib/afterPaint';
import { scrubProperties, subjectHash } from './privacy';

type Pending = { event: EventName; props: Record<string, unknown> };

let client: PostHog | null = null;
let starting: Promise<PostHog | null> | null = null;
let disabled = false;
// events fired before the decision (e.g. "signed in" just before the app shell loads the preferences) are held in
// sessionStorage, so a reload in between does not lose them; they are typed, non-personal properties only
const QUEUE_KEY = 'sensei.analytics.pending';
const MAX_QUEUE = 20;

function readQueue(): Pending[] {
  try {
    const q = JSON.parse(sessionStorage.getItem(QUEUE_KEY) ?? '[]') as unknown;
    return Array.isArray(q) ? (q as Pending[]) : [];
  } catch {
    return [];
  }
}

function writeQueue(q: Pending[]): void {
  try {
    if (q.length) sessionStorage.setItem(QUEUE_KEY, JSON.stringify(q));
    else sessionStorage.removeItem(QUEUE_KEY);
  } catch {
    // storage blocked: the event is dropped, never sent elsewhere
  }
}

/** Sends one event when analytics is on; queued until the decision, dropped when analytics is off. */
export function track<E extends EventName>(event: E, props: EventProperties[E]): void {
  if (disabled) return;
  if (client) client.capture(event, props as Record<string, unknown>);
  else {
    const queue = readQueue();
    if (queue.length < MAX_QUEUE) writeQueue([...queue, { event, props: props as Record<string, unknown> }]);
  }
}

/** Analytics stays off for this page load (no key, DNT, opted out): forget anything queued. */
export function disableAnalytics(): void {
  disabled = true;
  writeQueue([]);
}

export function analyticsActive(): boolean {
  return client !== null && !disabled;
}

/** Loads and starts posthog-js (once). Call only after privacy.analyticsDecision said load. */
export function startAnalytics(config: RuntimeConfig, subject: string | null): Promise<PostHog | null> {
  const ph = config.posthog;
  if (!ph?.key) return Promise.resolve(null);
  disabled = false;
  if (!starting) {
    starting = (async () => {
      // posthog-js is the largest script of the app: it loads once the page is idle (events queue until then)
      await whenIdle();
      // the no-external build never injects <script> tags from the PostHog host; the recorder is bundled from npm
      const [{ default: posthog }] = await Promise.all([
        import('posthog-js/dist/module.no-external'),
        ph.replay ? import('posthog-js/dist/recorder') : Promise.resolve(null),
      ]);
      posthog.init(ph.key!, {
        api_host: ph.host ?? 'https://us.i.posthog.com',
        person_profiles: 'identified_only',
        persistence: 'localStorage',
        autocapture: false,
        capture_pageview: 'history_change',
        capture_pageleave: false,
        capture_dead_clicks: false,
        capture_exceptions: false,
        capture_performance: false,
        rageclick: false,
        mask_all_text: true,
        mask_all_element_attributes: true,
        disable_external_dependency_loading: true,
        disable_surveys: true,
        disable_product_tours: true,
        disable_conversations: true,
        disable_web_experiments: true,
        advanced_disable_feature_flags: true,
        disable_session_recording: !ph.replay,
        session_recording: { maskAllInputs: true, maskTextSelector: '*', recordCrossOriginIframes: false },
        respect_dnt: true,
        before_send: (event) =>
          event
            ? {
                ...event,
                properties: scrubProperties(event.properties ?? {}),
                ...(event.$set ? { $set: scrubProperties(event.$set) } : {}),
                ...(event.$set_once ? { $set_once: scrubProperties(event.$set_once) } : {}),
              }
            : event,
      });
      const id = subject ? await subjectHash(subject) : null;
      if (id) posthog.identify(id);
      if (disabled) {
        posthog.opt_out_capturing();
        return null;
      }
      client = posthog;
      const pending = readQueue();
      writeQueue([]);
      pending.forEach((p) => posthog.capture(p.event, p.props));
      return posthog;
    })().catch((e: unknown) => {
      console.warn('product analytics could not start', e);
      return null;
    });
  }
  return starting;
}

/** The user opted out: stop capturing and recording now, no reload needed (next load does not import the script). */
export function stopAnalytics(): void {
  disableAnalytics();
  if (client) {
    client.stopSessionRecording();
    client.opt_out_capturing();
    client = null;
  }
}

/** Sign-out: the next user of this browser starts with a new anonymous id. */
export function resetAnalytics(): void {
  client?.reset();
}

/** Tests only. */
export function _resetForTests(): void {
  client = null;
  starting = null;
  disabled = false;
  writeQueue([]);
}
