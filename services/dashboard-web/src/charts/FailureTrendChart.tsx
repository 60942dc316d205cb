// Failures per day, stacked by type. Only types that occur in the period get a series (and a legend entry).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FailureTrendPoint } from '../api/types';
import { failureTypeLabel, formatDay, typeColor } from '../lib/format';

export default function FailureTrendChart({ points, height = 240 }: { points: FailureTrendPoint[]; height?: number }) {
  const types = Array.from(
    new Set(points.flatMap((p) => Object.entries(p.counts ?? {}).filter(([, n]) => n > 0).map(([t]) => t))),
  ).sort();
  const data = points.map((p) => ({ day: formatDay(p.day), total: p.total, ...p.counts }));
  return (
    <figure style={{ margin: 0 }}>
      <div className="chart" style={{ height }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="#eceef1" />
            <XAxis dataKey="day" tickLine={false} axisLine={false} fontSize={11} stroke="#555e68" minTickGap={8} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} fontSize={11} stroke="#555e68" />
            <Tooltip
              cursor={{ fill: 'rgba(67,56,202,0.06)' }}
              content={({ active, payload, label }) =>
                active && payload?.length ? (
                  <div className="tt">
                    <strong>{label}</strong>
                    {payload
                      .filter((e) => (e.value as number) > 0)
                      .map((e) => (
                        <div key={String(e.dataKey)} className="row" style={{ gap: 6 }}>
                          <span className="dot" style={{ background: e.color }} />
                          {failureTypeLabel(String(e.dataKey))}: {e.value as number}
                        </div>
                      ))}
                  </div>
                ) : null
              }
            />
            {types.map((t) => (
              <Bar key={t} dataKey={t} stackId="failures" fill={typeColor(t)} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
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
                <th key={t} scope="col">{failureTypeLabel(t)}</th>
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
