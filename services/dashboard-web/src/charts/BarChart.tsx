// A small SVG bar chart (plain or stacked) with axis ticks and a hover tooltip. Hand-written instead of a chart
// library: the two charts the dashboard needs cost ~3 kB this way instead of ~120 kB gzip, which keeps the
// Overview's first load fast. The chart is aria-hidden; each chart also renders its numbers as a table for
// screen readers.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import '../styles/trends.css';

export interface Segment {
  key: string;
  value: number;
  color: string;
}

export interface Bar {
  key: string;
  label: string;
  segments: Segment[];
}

interface Props {
  bars: Bar[];
  height?: number;
  /** tooltip body for a bar */
  tooltip: (bar: Bar) => ReactNode;
  rounded?: boolean;
  /** makes each bar a link (click, Enter or Space) to what it counts; labelled by selectLabel */
  onSelect?: (bar: Bar, index: number) => void;
  selectLabel?: (bar: Bar) => string;
}

const M = { top: 10, right: 8, bottom: 24, left: 34 };
// light-scheme values as attributes; global.css's chart-* classes take them from the colour tokens (dark scheme)
const AXIS = '#555e68';
const GRID = '#eceef1';

/** 0 and up to 5 "nice" ticks (1, 2, 5 × 10^n steps, whole numbers: the charts count things) covering max. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 4;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= rough) ?? 10 * pow);
  const top = Math.ceil(max / step) * step;
  const ticks = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

/**
 * The element's width in whole pixels, following resizes (0 until measured). The first width comes from the
 * ResizeObserver's initial notification, after the browser's own layout of the frame: reading clientWidth during the
 * commit would force a synchronous style and layout of the whole page in the middle of it (on a phone, the longest
 * task of the Overview load), and the drawing then follows in a task of its own.
 */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // whole pixels only: sub-pixel jitter would re-render the chart for nothing
    const ro = new ResizeObserver((entries) => setWidth(Math.floor(entries[0].contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

function fmtTick(v: number): string {
  return v >= 1000 ? `${Math.round(v / 100) / 10}k` : String(v);
}

export function BarChart({ bars, height = 240, tooltip, rounded = false, onSelect, selectLabel }: Props) {
  const [ref, measured] = useWidth<HTMLDivElement>();
  // nothing is drawn until the container is measured (no layout jump); without ResizeObserver (tests) assume 600
  const width = measured || (typeof ResizeObserver === 'undefined' ? 600 : 0);
  const [hover, setHover] = useState<number | null>(null);

  const totals = bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const yMax = ticks[ticks.length - 1] || 1;
  const plotW = Math.max(10, width - M.left - M.right);
  const plotH = Math.max(10, height - M.top - M.bottom);
  const band = plotW / Math.max(1, bars.length);
  const barW = Math.min(48, band * 0.7);
  const y = (v: number) => M.top + plotH - (v / yMax) * plotH;
  // label every k-th bar so labels never overlap (about 44 px each)
  const every = Math.max(1, Math.ceil(44 / band));

  return (
    <div
      ref={ref}
      className="chart"
      style={{ height, position: 'relative' }}
      // interactive bars are focusable, so the chart cannot be hidden from assistive technology then
      aria-hidden={onSelect ? undefined : true}
      onMouseLeave={() => setHover(null)}
    >
      {/* absolutely positioned, so the drawing can never widen its container (no resize feedback loop); drawn once
          measured (a drawing at width 0 would only be thrown away) */}
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role={onSelect ? undefined : 'presentation'}
          focusable="false"
          style={{ position: 'absolute', inset: 0 }}
        >
          {ticks.map((t) => (
            <g key={t} aria-hidden="true">
              <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke={GRID} className="chart-grid-line" />
              <text
                x={M.left - 6}
                y={y(t)}
                dy="0.32em"
                textAnchor="end"
                fontSize={11}
                fill={AXIS}
                className="chart-axis-label"
              >
                {fmtTick(t)}
              </text>
            </g>
          ))}
          {bars.map((b, i) => {
            const cx = M.left + band * i + band / 2;
            let acc = 0;
            return (
              <g key={b.key}>
                {hover === i && (
                  <rect
                    x={M.left + band * i}
                    y={M.top}
                    width={band}
                    height={plotH}
                    fill="rgba(67,56,202,0.06)"
                    className="chart-hover-band"
                  />
                )}
                {b.segments.map((s) => {
                  if (s.value <= 0) return null;
                  const y0 = y(acc);
                  acc += s.value;
                  const y1 = y(acc);
                  return (
                    <rect
                      key={s.key}
                      x={cx - barW / 2}
                      y={y1}
                      width={barW}
                      height={Math.max(1, y0 - y1)}
                      fill={s.color}
                      rx={rounded ? 3 : 0}
                    />
                  );
                })}
                {i % every === 0 && (
                  <text
                    x={cx}
                    y={height - 6}
                    textAnchor="middle"
                    fontSize={11}
                    fill={AXIS}
                    className="chart-axis-label"
                    aria-hidden="true"
                  >
                    {b.label}
                  </text>
                )}
                <rect
                  x={M.left + band * i}
                  y={M.top}
                  width={band}
                  height={plotH}
                  fill="transparent"
                  onMouseEnter={() => setHover(i)}
                  {...(onSelect && {
                    className: 'bar-link',
                    role: 'link',
                    tabIndex: 0,
                    'aria-label': selectLabel?.(b) ?? b.label,
                    style: { cursor: 'pointer' },
                    onClick: () => onSelect(b, i),
                    onFocus: () => setHover(i),
                    onBlur: () => setHover((h) => (h === i ? null : h)),
                    onKeyDown: (e: React.KeyboardEvent) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onSelect(b, i);
                      }
                    },
                  })}
                />
              </g>
            );
          })}
        </svg>
      )}
      {hover !== null && bars[hover] && (
        <div
          className="tt"
          style={{
            position: 'absolute',
            top: 4,
            left: Math.min(width - 200, Math.max(0, M.left + band * hover + band / 2 + 12)),
            pointerEvents: 'none',
          }}
        >
          {tooltip(bars[hover])}
        </div>
      )}
    </div>
  );
}
