import { failureTypeLabel, formatHealth, healthLevel, statusLabel, typeColor } from '../lib/format';

export function HealthBadge({ score, large = false }: { score: number | null | undefined; large?: boolean }) {
  const level = healthLevel(score);
  const text = score === null || score === undefined ? 'Not scored yet' : `Health ${formatHealth(score)} of 100`;
  return (
    <span className={`health health-${level}${large ? ' health-lg' : ''}`} title={text} aria-label={text}>
      {formatHealth(score)}
    </span>
  );
}

const SEVERITY_CLASS: Record<string, string> = {
  critical: 'badge-bad',
  high: 'badge-bad',
  medium: 'badge-warn',
  low: 'badge-neutral',
};

export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  if (!severity) return <span className="muted">—</span>;
  return <span className={`badge ${SEVERITY_CLASS[severity] ?? 'badge-neutral'}`}>{severity}</span>;
}

const STATUS_CLASS: Record<string, string> = {
  open: 'badge-bad',
  ack: 'badge-info',
  resolved: 'badge-good',
  false_positive: 'badge-neutral',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${STATUS_CLASS[status] ?? 'badge-neutral'}`}>{statusLabel(status)}</span>;
}

export function TypeChip({ type }: { type: string }) {
  return (
    <span className="chip">
      <span className="dot" style={{ background: typeColor(type) }} aria-hidden="true" />
      {failureTypeLabel(type)}
    </span>
  );
}
