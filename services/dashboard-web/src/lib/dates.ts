// Absolute times with the viewer's time zone ("1 Dec 2026, 21:04:05 UTC+1"), for places where "when exactly" matters
// (a transcript). Intl names the offset "GMT+1"; shown as UTC, which is what people compare logs against.
import { relativeTime } from './format';

function parts(iso: string, timeZone: string | undefined, withDate: boolean) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const fmt = new Intl.DateTimeFormat(undefined, {
    ...(withDate ? { day: 'numeric', month: 'short', year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
    ...(timeZone ? { timeZone } : {}),
  } as Intl.DateTimeFormatOptions);
  return fmt.formatToParts(d).map((p) => (p.type === 'timeZoneName' ? { ...p, value: utcName(p.value) } : p));
}

function utcName(name: string): string {
  return name === 'GMT' || name === 'GMT+0' ? 'UTC' : name.replace(/^GMT/, 'UTC');
}

/** "1 Dec 2026, 21:04:05 UTC+1" in the viewer's zone (or `timeZone`). */
export function formatDateTimeTz(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const p = parts(iso, timeZone, true);
  return p ? p.map((x) => x.value).join('') : '—';
}

/** "21:04:05 UTC+1". */
export function formatTimeTz(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const p = parts(iso, timeZone, false);
  return p ? p.map((x) => x.value).join('') : '—';
}

/** The calendar day in the viewer's zone, to tell when a thread crosses midnight ("1 Dec 2026"). */
export function formatDayTz(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** Tooltip: the absolute time with zone name and the relative time ("1 Dec 2026, 21:04:05 UTC+1 · 3 hours ago"). */
export function timeTitle(iso: string | null | undefined, timeZone?: string, now = Date.now()): string {
  if (!iso) return '';
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${formatDateTimeTz(iso, timeZone)} (${zone}) · ${relativeTime(iso, now)}`;
}
