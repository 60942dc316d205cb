// Preset periods plus a custom from-to range. Custom values are entered in local time and stored as ISO instants.
import { useState } from 'react';
import { TIMEFRAMES } from '../api/types';
import type { TimeRange } from '../lib/timeRange';

const LABELS: Record<string, string> = { '24h': '24h', '7d': '7d', '30d': '30d' };

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function TimeRangePicker({
  value,
  onChange,
  allowAll = false,
}: {
  value: TimeRange;
  onChange: (r: TimeRange) => void;
  allowAll?: boolean;
}) {
  const [customOpen, setCustomOpen] = useState(value.kind === 'custom');
  const now = Date.now();
  const [from, setFrom] = useState(
    value.kind === 'custom' ? toLocalInput(value.from) : toLocalInput(new Date(now - 7 * 86400_000).toISOString()),
  );
  const [to, setTo] = useState(
    value.kind === 'custom' ? toLocalInput(value.to) : toLocalInput(new Date(now).toISOString()),
  );
  const [error, setError] = useState<string | null>(null);

  const applyCustom = () => {
    const f = Date.parse(from);
    const t = Date.parse(to);
    if (Number.isNaN(f) || Number.isNaN(t)) return setError('Enter both dates.');
    if (f >= t) return setError('"From" must be before "to".');
    setError(null);
    onChange({ kind: 'custom', from: new Date(f).toISOString(), to: new Date(t).toISOString() });
  };

  return (
    <div className="row" role="group" aria-label="Time range">
      <div className="segmented">
        {TIMEFRAMES.map((tf) => (
          <button
            key={tf}
            type="button"
            aria-pressed={value.kind === 'preset' && value.timeframe === tf}
            onClick={() => {
              setCustomOpen(false);
              onChange({ kind: 'preset', timeframe: tf });
            }}
          >
            {LABELS[tf]}
          </button>
        ))}
        {allowAll && (
          <button
            type="button"
            aria-pressed={value.kind === 'all'}
            onClick={() => {
              setCustomOpen(false);
              onChange({ kind: 'all' });
            }}
          >
            All
          </button>
        )}
        <button
          type="button"
          aria-pressed={value.kind === 'custom' || customOpen}
          aria-expanded={customOpen}
          onClick={() => setCustomOpen((o) => !o)}
        >
          Custom
        </button>
      </div>
      {customOpen && (
        <div className="row">
          <label className="sr-only" htmlFor="tr-from">
            From
          </label>
          <input
            id="tr-from"
            className="input"
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            aria-invalid={!!error}
          />
          <span className="muted" aria-hidden="true">
            →
          </span>
          <label className="sr-only" htmlFor="tr-to">
            To
          </label>
          <input
            id="tr-to"
            className="input"
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-invalid={!!error}
          />
          <button type="button" className="btn btn-sm" onClick={applyCustom}>
            Apply
          </button>
          {error && (
            <span className="small" style={{ color: 'var(--bad)' }} role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
