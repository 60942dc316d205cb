// A tiny daily series: a line over the days that have a value (gaps where a day has none) and the last value.
import type { PatternTrendPoint } from '../../api/patterns';

interface Props {
  points: PatternTrendPoint[];
  value: (p: PatternTrendPoint) => number | null | undefined;
  /** fixed scale (health 0-100, share 0-1); otherwise 0..max of the series */
  max?: number;
  label: string;
  format: (v: number) => string;
  tone?: 'neutral' | 'good' | 'bad';
}

const W = 120;
const H = 28;

export function Sparkline({ points, value, max, label, format, tone = 'neutral' }: Props) {
  const values = points.map((p) => {
    const v = value(p);
    return v === null || v === undefined || !Number.isFinite(v) ? null : v;
  });
  const present = values.filter((v): v is number => v !== null);
  const top = max ?? Math.max(1, ...present);
  const step = points.length > 1 ? W / (points.length - 1) : 0;
  const y = (v: number) => H - 2 - (Math.min(v, top) / top) * (H - 4);
  // one path per run of days with values, so a quiet day is a gap rather than a drop to zero
  const segments: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${(i * step).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const last = [...values].reverse().find((v) => v !== null) ?? null;
  const summary =
    present.length === 0
      ? `${label}: no data in this period`
      : `${label}: latest ${format(last as number)}, lowest ${format(Math.min(...present))}, highest ${format(Math.max(...present))}`;
  return (
    <div className="sparkline" role="img" aria-label={summary} title={summary}>
      <span className="sparkline-label">{label}</span>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" className={`sparkline-${tone}`}>
        <line x1={0} x2={W} y1={H - 2} y2={H - 2} className="sparkline-base" />
        {segments.map((d, i) => (
          <path key={i} d={d} fill="none" />
        ))}
        {segments.length === 0
          ? null
          : values.map((v, i) =>
              v !== null &&
              (i === 0 || values[i - 1] === null) &&
              (i === values.length - 1 || values[i + 1] === null) ? (
                <circle key={i} cx={i * step} cy={y(v)} r={1.6} />
              ) : null,
            )}
      </svg>
      <span className="sparkline-value">{last === null ? '—' : format(last)}</span>
    </div>
  );
}
