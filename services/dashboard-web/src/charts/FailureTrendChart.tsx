// Failures per day, stacked by type. Only types that occur in the period get a series (and a legend entry).
import type { FailureTrendPoint } from '../api/types';
import { failureTypeLabel, formatDay, typeColor } from '../lib/format';
import { BarChart } from './BarChart';

export default function FailureTrendChart({
  points,
  height = 240,
  onSelectDay,
}: {
  points: FailureTrendPoint[];
  height?: number;
  /** makes each day's bar a link to that day's failures */
  onSelectDay?: (day: string) => void;
}) {
  const types = Array.from(
    new Set(
      points.flatMap((p) =>
        Object.entries(p.counts ?? {})
          .filter(([, n]) => n > 0)
          .map(([t]) => t),
      ),
    ),
  ).sort();
  const bars = points.map((p) => ({
    key: p.day,
    label: formatDay(p.day),
    segments: types.map((t) => ({ key: t, value: p.counts?.[t] ?? 0, color: typeColor(t) })),
  }));
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        bars={bars}
        height={height}
        onSelect={onSelectDay && ((bar) => onSelectDay(bar.key))}
        selectLabel={(bar) => {
          const total = bar.segments.reduce((n, seg) => n + seg.value, 0);
          return `${bar.label}: ${total} ${total === 1 ? 'failure' : 'failures'}. Open them`;
        }}
        tooltip={(bar) => {
          const present = bar.segments.filter((s) => s.value > 0).reverse();
          return (
            <>
              <strong>{bar.label}</strong>
              {present.length === 0 && <div>No failures</div>}
              {present.map((s) => (
                <div key={s.key} className="row" style={{ gap: 6 }}>
                  <span className="dot" style={{ background: s.color }} />
                  {failureTypeLabel(s.key)}: {s.value}
                </div>
              ))}
            </>
          );
        }}
      />
      {types.length > 0 && (
        <div className="chart-legend" aria-hidden="true">
          {types.map((t) => (
            <span key={t}>
              <span className="dot" style={{ background: typeColor(t) }} />
              {failureTypeLabel(t)}
            </span>
          ))}
        </div>
      )}
      <figcaption className="sr-only">
        <table>
          <caption>Failures per day by type</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {types.map((t) => (
                <th key={t} scope="col">
                  {failureTypeLabel(t)}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                {types.map((t) => (
                  <td key={t}>{p.counts?.[t] ?? 0}</td>
                ))}
                <td>{p.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
