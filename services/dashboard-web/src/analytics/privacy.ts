// When the analytics script may be loaded at all. Decided before any import of posthog-js, so when it says no,
// the chunk is never fetched and nothing leaves for the analytics host.
import type { RuntimeConfig } from '../lib/runtimeConfig';

interface PrivacySignals {
  doNotTrack?: string | null;
  msDoNotTrack?: string | null;
  globalPrivacyControl?: boolean;
}

/** Do Not Track (navigator/window) or Global Privacy Control is on. */
export function doNotTrack(
  nav: PrivacySignals = navigator as PrivacySignals,
  win: { doNotTrack?: string | null } = window as never,
): boolean {
  const dnt = nav.doNotTrack ?? nav.msDoNotTrack ?? win.doNotTrack;
  return dnt === '1' || dnt === 'yes' || nav.globalPrivacyControl === true;
}

export type AnalyticsDecision =
  { load: true } | { load: false; reason: 'no-key' | 'do-not-track' | 'opted-out' | 'preference-unknown' };

/**
 * `optedIn`: the user's product_analytics preference (true/false), or null when it could not be read (then the
 * script stays off: a choice we cannot see is not taken as consent).
 */
export function analyticsDecision(
  config: RuntimeConfig,
  optedIn: boolean | null,
  dnt: boolean = doNotTrack(),
): AnalyticsDecision {
  if (!config.posthog?.key) return { load: false, reason: 'no-key' };
  if (dnt) return { load: false, reason: 'do-not-track' };
  if (optedIn === false) return { load: false, reason: 'opted-out' };
  if (optedIn === null) return { load: false, reason: 'preference-unknown' };
  return { load: true };
}

const URL_KEYS = [
  '$current_url',
  '$referrer',
  '$initial_current_url',
  '$initial_referrer',
  '$session_entry_url',
  '$prev_pageview_pathname',
];

/** Strips query strings and fragments from the URL properties posthog-js adds: filters and searches hold typed text. */
export function scrubProperties(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props };
  for (const k of URL_KEYS) {
    const v = out[k];
    if (typeof v === 'string') out[k] = v.replace(/[?#].*$/, '');
  }
  // person properties ride along under $set / $set_once ($initial_current_url...): same rule
  for (const k of ['$set', '$set_once']) {
    const v = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = scrubProperties(v as Record<string, unknown>);
  }
  delete out.$search_engine;
  delete out.email;
  delete out.$email;
  return out;
}

/** SHA-256 hex of the user's subject: the only identity analytics ever sees. Null where WebCrypto is missing. */
export async function subjectHash(subject: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(`sensei:${subject}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
