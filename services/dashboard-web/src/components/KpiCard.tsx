import { Link } from 'react-router';
import type { MetricComparison } from '../api/types';
import { formatComparison } from '../lib/format';
import { Skeleton } from './States';
import '../styles/trends.css';

interface Props {
  label: string;
  metric: MetricComparison | undefined;
  format: (n: number | null) => string;
  /** whether a rise is good (conversations) or bad (failure rate) */
  higherIsBetter: boolean | null;
  loading?: boolean;
  /** a second, related figure under the first (e.g. the negative share under the feedback share) */
  secondary?: { label: string; metric: MetricComparison | undefined; higherIsBetter: boolean | null };
  /** where clicking the card leads (the list behind the figure); without it the card is not a link */
  to?: string;
  /** what the link opens, for its accessible name ("Open the conversations with failures") */
  linkLabel?: string;
}

function toneOf(change: number | null, higherIsBetter: boolean | null): string {
  if (change === null || Math.abs(change) < 0.005 || higherIsBetter === null) return 'flat';
  return change > 0 === higherIsBetter ? 'good' : 'bad';
}

export function KpiCard({ label, metric, format, higherIsBetter, loading, secondary, to, linkLabel }: Props) {
  const change = metric?.change ?? null;
  const tone = toneOf(change, higherIsBetter);
  const card = (
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
            <span className={`delta ${tone}`}>{formatComparison(metric)}</span>
            <span title="Value in the previous period of the same length">vs {format(metric.previous)} before</span>
          </div>
          {secondary?.metric && (
            <div className="kpi-change" aria-label={secondary.label}>
              <span>
                {format(secondary.metric.current)} {secondary.label}
              </span>
              <span className={`delta ${toneOf(secondary.metric.change, secondary.higherIsBetter)}`}>
                {formatComparison(secondary.metric)}
              </span>
            </div>
          )}
        </>
      )}
    </section>
  );
  if (!to) return card;
  return (
    <Link
      className="kpi-link"
      to={to}
      aria-label={`${label}: ${metric ? format(metric.current) : 'loading'}. ${linkLabel ?? 'Open the list'}`}
    >
      {card}
    </Link>
  );
}
