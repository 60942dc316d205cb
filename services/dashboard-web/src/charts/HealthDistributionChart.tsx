// Histogram of conversation health scores; bars are coloured by health level. A visually hidden table carries
// the same numbers for screen readers.
import type { HealthBucket } from '../api/types';
import { formatNumber } from '../lib/format';
import { BarChart } from './BarChart';

const COLORS = { good: '#2f9e44', warn: '#d97706', bad: '#e03131' };

function colorFor(b: HealthBucket): string {
  const mid = (b.min + b.max) / 2;
  return mid >= 70 ? COLORS.good : mid >= 40 ? COLORS.warn : COLORS.bad;
}

export default function HealthDistributionChart({
  buckets,
  onSelectBucket,
}: {
  buckets: HealthBucket[];
  /** makes each bar a link to the conversations in that health band */
  onSelectBucket?: (bucket: HealthBucket) => void;
}) {
  const bars = buckets.map((b) => ({
    key: String(b.min),
    label: `${b.min}–${b.max}`,
    segments: [{ key: 'count', value: b.count, color: colorFor(b) }],
  }));
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        bars={bars}
        rounded
        onSelect={onSelectBucket && ((_bar, i) => onSelectBucket(buckets[i]))}
        selectLabel={(bar) => {
          const n = bar.segments[0].value;
          return `Health ${bar.label}: ${formatNumber(n)} ${n === 1 ? 'conversation' : 'conversations'}. Open them`;
        }}
        tooltip={(bar) => (
          <>
            <strong>Health {bar.label}</strong>
            <div>{formatNumber(bar.segments[0].value)} conversations</div>
          </>
        )}
      />
      <figcaption className="sr-only">
        <table>
          <caption>Conversations per health score range</caption>
          <thead>
            <tr>
              <th scope="col">Health</th>
              <th scope="col">Conversations</th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.min}>
                <td>
                  {b.min} to {b.max}
                </td>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
