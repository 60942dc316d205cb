// Histogram of conversation health scores; bars are coloured by health level. A visually hidden table carries
// the same numbers for screen readers.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthBucket } from '../api/types';
import { formatNumber } from '../lib/format';

const COLORS = { good: '#2f9e44', warn: '#f08c00', bad: '#e03131' };

function colorFor(b: HealthBucket): string {
  const mid = (b.min + b.max) / 2;
  return mid >= 70 ? COLORS.good : mid >= 40 ? COLORS.warn : COLORS.bad;
}

export default function HealthDistributionChart({ buckets }: { buckets: HealthBucket[] }) {
  const data = buckets.map((b) => ({ ...b, label: `${b.min}–${b.max}` }));
  return (
    <figure style={{ margin: 0 }}>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="#eceef1" />
            <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={11} stroke="#555e68" interval={0} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={11} stroke="#555e68" />
            <Tooltip
              cursor={{ fill: 'rgba(67,56,202,0.06)' }}
              content={({ active, payload }) =>
                active && payload?.length ? (
                  <div className="tt">
                    <strong>Health {(payload[0].payload as { label: string }).label}</strong>
                    <div>{formatNumber(payload[0].value as number)} conversations</div>
                  </div>
                ) : null
              }
            />
            <Bar dataKey="count" radius={[4, 4, 0, 0]} isAnimationActive={false}>
              {data.map((b) => (
                <Cell key={b.label} fill={colorFor(b)} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
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
            {data.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
