import type { MetricComparison } from '../api/types';
import { formatChange } from '../lib/format';
import { Skeleton } from './States';

interface Props {
  label: string;
  metric: MetricComparison | undefined;
  format: (n: number | null) => string;
  /** whether a rise is good (conversations) or bad (failure rate) */
  higherIsBetter: boolean | null;
  loading?: boolean;
}

export function KpiCard({ label, metric, format, higherIsBetter, loading }: Props) {
  const change = metric?.change ?? null;
  let tone = 'flat';
  if (change !== null && Math.abs(change) >= 0.005 && higherIsBetter !== null) {
    tone = change > 0 === higherIsBetter ? 'good' : 'bad';
  }
  return (
    <section className="card kpi" aria-label={label}>
      <div className="kpi-label">{label}</div>
      {loading || !metric ? (
        <>
          <Skeleton width="60%" height={30} />
          <Skeleton width="80%" height={12} />
        </>
      ) : (
        <>
          <div className="kpi-value">{format(metric.current)}</div>
          <div className="kpi-change">
            <span className={`delta ${tone}`}>{formatChange(change)}</span>
            <span title="Value in the previous period of the same length">vs {format(metric.previous)} before</span>
          </div>
        </>
      )}
    </section>
  );
}
