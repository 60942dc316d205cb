// Number, date and label formatting shared by every page.

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export function formatNumber(n: number | null | undefined, opts: { compact?: boolean } = {}): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return opts.compact && Math.abs(n) >= 10_000 ? compact.format(n) : nf.format(n);
}

/** 0..1 share -> "12.5%" */
export function formatPercent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  return `${(share * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

/** A rise of more than this factor over the previous value says little as a percentage: it reads "new". */
const TINY_BASE_FACTOR = 100;

/**
 * relative change -> "+12%" / "−3%"; a rise from nothing or from a tiny base (the current value is
 * more than 100× the previous one, e.g. 0.01 % → 7 %) reads "new" instead of "+69900%", and ten-fold or more "12×".
 */
export function formatChange(change: number | null | undefined): string {
  if (change === null || change === undefined || Number.isNaN(change)) return '—';
  if (!Number.isFinite(change) || change + 1 > TINY_BASE_FACTOR) return 'new';
  if (change + 1 >= 10) return `${Math.round(change + 1)}×`;
  const pct = Math.round(change * 1000) / 10;
  if (pct === 0) return '0%';
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
}

/** {@link formatChange} of a comparison, "new" when the previous period had none of it and this one has some. */
export function formatComparison(metric: {
  current: number | null;
  previous: number | null;
  change: number | null;
}): string {
  if (metric.previous === 0 && metric.current !== null && metric.current > 0) return 'new';
  return formatChange(metric.change);
}

export function formatHealth(score: number | null | undefined): string {
  if (score === null || score === undefined) return '—';
  return String(Math.round(score));
}

export type HealthLevel = 'good' | 'warn' | 'bad' | 'none';

export function healthLevel(score: number | null | undefined): HealthLevel {
  if (score === null || score === undefined) return 'none';
  if (score >= 70) return 'good';
  if (score >= 40) return 'warn';
  return 'bad';
}

// Date#toLocale*String with options builds a new Intl.DateTimeFormat on every call (~0.2 ms on the dev box, about
// 1 ms on a throttled phone): a list re-rendering 50 rows paid that per row. One formatter per option set instead.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `d.toLocaleString(undefined, options)`, from a formatter made once per option set. */
export function localDate(d: Date, options: Intl.DateTimeFormatOptions): string {
  // what toLocaleString says of an invalid date (the formatter would throw)
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  const key = JSON.stringify(options);
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(undefined, options)));
  return format.format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return localDate(d, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return localDate(d, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDay(day: string): string {
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? day : localDate(d, { month: 'short', day: 'numeric' });
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.round((t - now) / 1000);
  const abs = Math.abs(s);
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(s / 86400), 'day');
  return formatDateTime(iso);
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

const TYPE_LABELS: Record<string, string> = {
  user_frustration: 'User frustration',
  agent_refusal: 'Agent refusal',
  escalation_request: 'Escalation request',
  repetition_loop: 'Repetition loop',
  error_response: 'Error response',
  latency_spike: 'Latency spike',
  abandonment: 'Abandonment',
  pii_exposure: 'PII exposure',
  negative_feedback: 'Negative feedback',
  prompt_injection: 'Prompt injection',
};

export function failureTypeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** Stable, distinguishable colours per failure type (charts and chips). */
export const TYPE_COLORS: Record<string, string> = {
  user_frustration: '#d9480f',
  agent_refusal: '#7048e8',
  escalation_request: '#1971c2',
  repetition_loop: '#0c8599',
  error_response: '#c92a2a',
  latency_spike: '#e67700',
  abandonment: '#5c940d',
  pii_exposure: '#a61e4d',
  negative_feedback: '#862e9c',
  prompt_injection: '#64748b', // slate: visible on the light and the dark surface (>= 3:1 on both)
};

export function typeColor(type: string): string {
  return TYPE_COLORS[type] ?? '#868e96';
}

export function statusLabel(status: string): string {
  return (
    { open: 'Open', ack: 'Acknowledged', resolved: 'Resolved', false_positive: 'False positive' }[status] ?? status
  );
}

export function componentLabel(name: string): string {
  return name.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

export function sentimentLabel(
  score: number | null | undefined,
): { label: string; tone: 'pos' | 'neu' | 'neg' } | null {
  if (score === null || score === undefined) return null;
  if (score >= 0.25) return { label: `Positive (${score.toFixed(2)})`, tone: 'pos' };
  if (score <= -0.25) return { label: `Negative (${score.toFixed(2)})`, tone: 'neg' };
  return { label: `Neutral (${score.toFixed(2)})`, tone: 'neu' };
}

/** Keys are sk_<prefix>_<secret>; lists only know the prefix. */
export function maskedKey(prefix: string): string {
  return `${prefix.startsWith('sk_') ? prefix : `sk_${prefix}`}_…`;
}
