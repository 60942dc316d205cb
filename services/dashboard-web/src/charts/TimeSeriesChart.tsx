// A line over time buckets with an optional dashed overlay (the previous period, bucket by bucket) and vertical
// markers (a metadata value first seen). Hand-written SVG like BarChart, for the same bundle reason. Every point
// with a value is a focusable link (Enter opens what it stands for) and every marker is focusable with its text, so
// the chart works from the keyboard and reads out point by point.
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { niceTicks, useWidth } from './BarChart';
import { localDate } from '../lib/format';
import '../styles/trends.css';

export interface TimeBucket {
  start: string;
  end: string;
}

export interface LineSeries {
  key: string;
  label: string;
  color: string;
  /** one value per bucket; null leaves a gap (nothing to average there) */
  values: (number | null)[];
  dashed?: boolean;
}

export interface TimeMarker {
  key: string;
  at: string;
  label: string;
}

interface Props {
  /** accessible name of the chart */
  label: string;
  buckets: TimeBucket[];
  unit: 'hour' | 'day';
  /** the first series is the period itself (its points are interactive); the others are overlays */
  series: LineSeries[];
  /** fixed top of the y axis (e.g. 100 for health); otherwise nice ticks over the data */
  yMax?: number;
  formatValue: (v: number | null) => string;
  /** tooltip body for bucket i */
  tooltip: (i: number) => ReactNode;
  /** what activating point i says it opens, e.g. "Open the 3 conversations of 14:00–15:00" */
  pointLabel?: (i: number) => string;
  onSelect?: (i: number) => void;
  markers?: TimeMarker[];
  height?: number;
}

const M = { top: 18, right: 12, bottom: 24, left: 40 };
const AXIS = '#555e68';
const GRID = '#eceef1';
const MARKER = '#7048e8';

export function bucketLabel(iso: string, unit: 'hour' | 'day'): string {
  const d = new Date(iso);
  return unit === 'hour'
    ? localDate(d, { hour: '2-digit', minute: '2-digit' })
    : localDate(d, { month: 'short', day: 'numeric' });
}

export function bucketRange(b: TimeBucket, unit: 'hour' | 'day'): string {
  const start = new Date(b.start);
  const end = new Date(b.end);
  const day = localDate(start, { month: 'short', day: 'numeric' });
  if (unit === 'day') {
    const full = end.getTime() - start.getTime() >= 86_400_000;
    return full ? day : `${day}, ${bucketLabel(b.start, 'hour')}–${bucketLabel(b.end, 'hour')}`;
  }
  return `${day}, ${bucketLabel(b.start, 'hour')}–${bucketLabel(b.end, 'hour')}`;
}

/** Splits a series into runs of consecutive non-null values (a line never bridges a gap). */
function runs(values: (number | null)[]): { i: number; v: number }[][] {
  const out: { i: number; v: number }[][] = [];
  let cur: { i: number; v: number }[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push({ i, v });
  });
  if (cur.length) out.push(cur);
  return out;
}

/** Where an instant falls on the x axis: inside its bucket, proportionally; null outside the chart. */
function xOfTime(at: string, buckets: TimeBucket[], x0: (i: number) => number, band: number): number | null {
  const t = Date.parse(at);
  for (let i = 0; i < buckets.length; i++) {
    const s = Date.parse(buckets[i].start);
    const e = Date.parse(buckets[i].end);
    if (t >= s && t < e) return x0(i) + band * ((t - s) / Math.max(1, e - s));
  }
  return null;
}

export function TimeSeriesChart({
  label,
  buckets,
  unit,
  series,
  yMax,
  formatValue,
  tooltip,
  pointLabel,
  onSelect,
  markers = [],
  height = 220,
}: Props) {
  const [ref, measured] = useWidth<HTMLDivElement>();
  const width = measured || (typeof ResizeObserver === 'undefined' ? 600 : 0);
  const [hover, setHover] = useState<number | null>(null);
  const [activeMarker, setActiveMarker] = useState<string | null>(null);

  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const ticks = yMax !== undefined ? [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax) : niceTicks(Math.max(0, ...all));
  const top = ticks[ticks.length - 1] || 1;
  const plotW = Math.max(10, width - M.left - M.right);
  const plotH = Math.max(10, height - M.top - M.bottom);
  const band = plotW / Math.max(1, buckets.length);
  const x0 = (i: number) => M.left + band * i;
  const cx = (i: number) => x0(i) + band / 2;
  const y = (v: number) => M.top + plotH - (Math.min(v, top) / top) * plotH;
  const every = Math.max(1, Math.ceil(52 / band));
  const current = series[0];

  const activate = (i: number) => onSelect?.(i);
  const onKey = (i: number) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(i);
    }
  };
  const placedMarkers = markers
    .map((m) => ({ ...m, x: xOfTime(m.at, buckets, x0, band) }))
    .filter((m): m is TimeMarker & { x: number } => m.x !== null);
  const shownMarker = placedMarkers.find((m) => m.key === activeMarker);

  return (
    <div
      ref={ref}
      className="chart ts-chart"
      style={{ height, position: 'relative' }}
      role="group"
      aria-label={label}
      onMouseLeave={() => setHover(null)}
    >
      {/* drawn once measured: a drawing at width 0 would only be thrown away */}
      {width > 0 && (
        <svg width={width} height={height} style={{ position: 'absolute', inset: 0 }}>
          <g aria-hidden="true">
            {ticks.map((t) => (
              <g key={t}>
                <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke={GRID} />
                <text x={M.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fontSize={11} fill={AXIS}>
                  {formatValue(t)}
                </text>
              </g>
            ))}
            {buckets.map((b, i) =>
              i % every === 0 ? (
                <text key={b.start} x={cx(i)} y={height - 6} textAnchor="middle" fontSize={11} fill={AXIS}>
                  {bucketLabel(b.start, unit)}
                </text>
              ) : null,
            )}
            {hover !== null && <rect x={x0(hover)} y={M.top} width={band} height={plotH} fill="rgba(67,56,202,0.06)" />}
            {/* overlays first, so the period's own line is drawn on top */}
            {[...series]
              .reverse()
              .map((s) =>
                runs(s.values).map((run) =>
                  run.length === 1 ? (
                    <circle
                      key={`${s.key}-${run[0].i}`}
                      cx={cx(run[0].i)}
                      cy={y(run[0].v)}
                      r={2.5}
                      fill={s.dashed ? 'none' : s.color}
                      stroke={s.color}
                    />
                  ) : (
                    <polyline
                      key={`${s.key}-${run[0].i}`}
                      data-series={s.key}
                      points={run.map((p) => `${cx(p.i)},${y(p.v)}`).join(' ')}
                      fill="none"
                      stroke={s.color}
                      strokeWidth={s.dashed ? 1.5 : 2}
                      strokeDasharray={s.dashed ? '5 4' : undefined}
                      strokeLinejoin="round"
                      opacity={s.dashed ? 0.75 : 1}
                    />
                  ),
                ),
              )}
            {/* mouse targets: a whole bucket wide, so small buckets stay easy to hit */}
            {buckets.map((b, i) => (
              <rect
                key={`hit-${b.start}`}
                x={x0(i)}
                y={M.top}
                width={band}
                height={plotH}
                fill="transparent"
                style={{ cursor: onSelect && current.values[i] !== null ? 'pointer' : undefined }}
                onMouseEnter={() => setHover(i)}
                onClick={() => current.values[i] !== null && activate(i)}
              />
            ))}
          </g>
          {current.values.map((v, i) =>
            v === null ? null : (
              <circle
                key={`pt-${buckets[i].start}`}
                className="ts-point"
                cx={cx(i)}
                cy={y(v)}
                r={hover === i ? 5 : 3.5}
                fill={current.color}
                stroke="#fff"
                strokeWidth={1.5}
                tabIndex={0}
                role={onSelect ? 'link' : 'img'}
                aria-label={pointLabel?.(i) ?? `${bucketRange(buckets[i], unit)}: ${formatValue(v)}`}
                onFocus={() => setHover(i)}
                onBlur={() => setHover((h) => (h === i ? null : h))}
                onMouseEnter={() => setHover(i)}
                onClick={() => activate(i)}
                onKeyDown={onKey(i)}
                style={{ cursor: onSelect ? 'pointer' : undefined }}
              />
            ),
          )}
          {placedMarkers.map((m) => (
            <g
              key={m.key}
              className="ts-marker"
              tabIndex={0}
              role="img"
              aria-label={m.label}
              onFocus={() => setActiveMarker(m.key)}
              onBlur={() => setActiveMarker(null)}
              onMouseEnter={() => setActiveMarker(m.key)}
              onMouseLeave={() => setActiveMarker(null)}
            >
              <line x1={m.x} x2={m.x} y1={M.top - 6} y2={M.top + plotH} stroke={MARKER} strokeDasharray="3 3" />
              <path d={`M${m.x},${M.top - 8} l5,-5 h-10 z`} fill={MARKER} transform={`translate(0,${-1})`} />
              {/* wide invisible stroke: a 1 px line is too thin to hover */}
              <line x1={m.x} x2={m.x} y1={M.top - 12} y2={M.top + plotH} stroke="transparent" strokeWidth={10} />
            </g>
          ))}
        </svg>
      )}
      {shownMarker ? (
        <div
          className="tt"
          role="tooltip"
          style={{ position: 'absolute', top: 2, left: Math.min(width - 220, Math.max(0, shownMarker.x + 10)) }}
        >
          {shownMarker.label}
        </div>
      ) : (
        hover !== null &&
        buckets[hover] && (
          <div
            className="tt"
            style={{
              position: 'absolute',
              top: 4,
              left: cx(hover) + 12 + 200 > width ? Math.max(0, cx(hover) - 212) : cx(hover) + 12,
              pointerEvents: 'none',
            }}
          >
            {tooltip(hover)}
          </div>
        )
      )}
    </div>
  );
}
