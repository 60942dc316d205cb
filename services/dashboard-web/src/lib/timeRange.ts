// A period is either a preset (24h / 7d / 30d) or a custom [from, to] range; the URL holds it as
// ?timeframe=7d or ?from=<iso>&to=<iso> so every page view is shareable.
import { TIMEFRAMES, type Timeframe } from '../api/types';
import { localDate } from './format';

export type TimeRange =
  | { kind: 'preset'; timeframe: Timeframe }
  | { kind: 'custom'; from: string; to: string }
  /** no time bound; only list pages offer it (analytics always need a period) */
  | { kind: 'all' };

export const DEFAULT_TIMEFRAME: Timeframe = '7d';

export function isTimeframe(v: string | null | undefined): v is Timeframe {
  return !!v && (TIMEFRAMES as readonly string[]).includes(v);
}

function validInstant(v: string | null): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function parseTimeRange(params: URLSearchParams, opts: { allowAll?: boolean } = {}): TimeRange {
  const from = validInstant(params.get('from'));
  const to = validInstant(params.get('to'));
  if (from && to && Date.parse(from) < Date.parse(to)) return { kind: 'custom', from, to };
  const tf = params.get('timeframe');
  if (tf === 'all' && opts.allowAll) return { kind: 'all' };
  return { kind: 'preset', timeframe: isTimeframe(tf) ? tf : DEFAULT_TIMEFRAME };
}

/** Writes the range into params (removing the other form); the default preset is left out to keep URLs short. */
export function writeTimeRange(params: URLSearchParams, range: TimeRange): URLSearchParams {
  params.delete('timeframe');
  params.delete('from');
  params.delete('to');
  if (range.kind === 'custom') {
    params.set('from', range.from);
    params.set('to', range.to);
  } else if (range.kind === 'all') {
    params.set('timeframe', 'all');
  } else if (range.timeframe !== DEFAULT_TIMEFRAME) {
    params.set('timeframe', range.timeframe);
  }
  return params;
}

/** The query parameters the API takes for a period. */
export function timeRangeQuery(range: TimeRange): { timeframe?: Timeframe; from?: string; to?: string } {
  if (range.kind === 'custom') return { from: range.from, to: range.to };
  if (range.kind === 'all') return {};
  return { timeframe: range.timeframe };
}

export function describeTimeRange(range: TimeRange): string {
  if (range.kind === 'all') return 'all time';
  if (range.kind === 'preset') {
    return { '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days' }[range.timeframe];
  }
  const fmt = (s: string) => localDate(new Date(s), { dateStyle: 'medium', timeStyle: 'short' });
  return `${fmt(range.from)} – ${fmt(range.to)}`;
}
