// The settings form: text drafts, client-side validation, and mapping of server 400 details to form fields.
import { SEVERITIES, type AlertThresholds, type Settings, type Severity } from '../api/types';

export interface SettingsDraft {
  slack_webhook_url: string;
  min_severity: string;
  health_below: string;
  cooldown_minutes: string;
  digest_after_per_minute: string;
}

export type SettingsField = keyof SettingsDraft;
export type FieldErrors = Partial<Record<SettingsField, string>>;

export const FIELD_LIMITS = {
  health_below: { min: 0, max: 100 },
  cooldown_minutes: { min: 0, max: 1440 },
  digest_after_per_minute: { min: 1, max: 1000 },
} as const;

export function toDraft(s: Settings): SettingsDraft {
  const t = s.alert_thresholds;
  return {
    slack_webhook_url: s.slack_webhook_url ?? '',
    min_severity: t?.min_severity ?? 'high',
    health_below: t?.health_below === undefined || t?.health_below === null ? '' : String(t.health_below),
    cooldown_minutes:
      t?.cooldown_minutes === undefined || t?.cooldown_minutes === null ? '' : String(t.cooldown_minutes),
    digest_after_per_minute:
      t?.digest_after_per_minute === undefined || t?.digest_after_per_minute === null
        ? ''
        : String(t.digest_after_per_minute),
  };
}

function number(v: string, { min, max }: { min: number; max: number }, integer: boolean): string | null {
  if (v.trim() === '') return 'Required.';
  const n = Number(v);
  if (!Number.isFinite(n)) return 'Must be a number.';
  if (integer && !Number.isInteger(n)) return 'Must be a whole number.';
  if (n < min || n > max) return `Must be between ${min} and ${max}.`;
  return null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Same rule as admin-api: https, or plain http only to this machine (a local stand-in for Slack). */
export function webhookUrlProblem(url: string): string | null {
  if (url.length > 2048) return 'At most 2048 characters.';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a full URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX.';
  }
  if (!parsed.hostname) return 'Enter a full URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX.';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:')
    return LOOPBACK.has(parsed.hostname) ? null : 'Must use https (plain http only for localhost).';
  return 'Enter a full URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX.';
}

export function validateSettings(d: SettingsDraft): FieldErrors {
  const e: FieldErrors = {};
  const url = d.slack_webhook_url.trim();
  if (url) {
    const problem = webhookUrlProblem(url);
    if (problem) e.slack_webhook_url = problem;
  }
  if (!(SEVERITIES as readonly string[]).includes(d.min_severity))
    e.min_severity = `Pick one of ${SEVERITIES.join(', ')}.`;
  const hb = number(d.health_below, FIELD_LIMITS.health_below, false);
  if (hb) e.health_below = hb;
  const cd = number(d.cooldown_minutes, FIELD_LIMITS.cooldown_minutes, true);
  if (cd) e.cooldown_minutes = cd;
  const dg = number(d.digest_after_per_minute, FIELD_LIMITS.digest_after_per_minute, true);
  if (dg) e.digest_after_per_minute = dg;
  return e;
}

export function draftToSettings(d: SettingsDraft): Pick<Settings, 'slack_webhook_url' | 'alert_thresholds'> {
  const thresholds: AlertThresholds = {
    min_severity: d.min_severity as Severity,
    health_below: Number(d.health_below),
    cooldown_minutes: Number(d.cooldown_minutes),
    digest_after_per_minute: Number(d.digest_after_per_minute),
  };
  return { slack_webhook_url: d.slack_webhook_url.trim() || null, alert_thresholds: thresholds };
}

const FIELDS: SettingsField[] = [
  'slack_webhook_url',
  'min_severity',
  'health_below',
  'cooldown_minutes',
  'digest_after_per_minute',
];

/** Server details name fields as "slack_webhook_url" or "alert_thresholds.health_below"; unknown fields are returned apart. */
export function mapServerErrors(details: { field: string; reason: string }[]): {
  fields: FieldErrors;
  other: string[];
} {
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const d of details) {
    const key = (d.field ?? '').replace(/^alert_thresholds[.[]/, '').replace(/]$/, '') as SettingsField;
    if (FIELDS.includes(key)) {
      if (!fields[key]) fields[key] = d.reason;
    } else other.push(d.field ? `${d.field}: ${d.reason}` : d.reason);
  }
  return { fields, other };
}
