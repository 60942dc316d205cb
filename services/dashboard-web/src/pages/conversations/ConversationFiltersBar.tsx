// The filter controls of the conversations list. Every change is written to the URL (the source of truth);
// text and number inputs keep a local draft and commit after a short pause or on Enter.
import { useEffect, useState } from 'react';
import { FAILURE_TYPES } from '../../api/types';
import { TimeRangePicker } from '../../components/TimeRangePicker';
import { activeFilterCount, type ConversationFilters } from '../../lib/filters';
import { failureTypeLabel } from '../../lib/format';

interface Props {
  filters: ConversationFilters;
  onChange: (f: ConversationFilters) => void;
  onClear: () => void;
}

function parseBound(v: string): number | null | 'invalid' {
  if (v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : 'invalid';
}

const smallLabel = { fontSize: 12, fontWeight: 500, color: 'var(--text-muted)' } as const;

export function ConversationFiltersBar({ filters, onChange, onClear }: Props) {
  const [q, setQ] = useState(filters.q);
  const [min, setMin] = useState(filters.healthMin === null ? '' : String(filters.healthMin));
  const [max, setMax] = useState(filters.healthMax === null ? '' : String(filters.healthMax));
  const [healthError, setHealthError] = useState<string | null>(null);

  // the URL changed from outside (saved view, back button): refresh the drafts
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => setMin(filters.healthMin === null ? '' : String(filters.healthMin)), [filters.healthMin]);
  useEffect(() => setMax(filters.healthMax === null ? '' : String(filters.healthMax)), [filters.healthMax]);

  // free text commits 400 ms after the last keystroke
  useEffect(() => {
    if (q.trim() === filters.q) return;
    const t = setTimeout(() => onChange({ ...filters, q: q.trim() }), 400);
    return () => clearTimeout(t);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps

  const commitHealth = () => {
    const lo = parseBound(min);
    const hi = parseBound(max);
    if (lo === 'invalid' || hi === 'invalid') return setHealthError('Health is a number from 0 to 100.');
    if (lo !== null && hi !== null && lo > hi) return setHealthError('Minimum must not be above maximum.');
    setHealthError(null);
    if (lo !== filters.healthMin || hi !== filters.healthMax) onChange({ ...filters, healthMin: lo, healthMax: hi });
  };

  const n = activeFilterCount(filters);

  return (
    <div className="filters" role="search" aria-label="Filter conversations" data-tour="conversations">
      <div className="field">
        <span className="label" style={smallLabel}>
          Period
        </span>
        <TimeRangePicker allowAll value={filters.range} onChange={(range) => onChange({ ...filters, range })} />
      </div>
      <div className="field" style={{ flex: '1 1 200px' }}>
        <label htmlFor="f-q">Search</label>
        <input
          id="f-q"
          className="input"
          type="search"
          placeholder="Message text or conversation id"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onChange({ ...filters, q: q.trim() });
          }}
        />
      </div>
      <div className="field">
        <span className="label" id="f-health-label" style={smallLabel}>
          Health
        </span>
        <div className="row" role="group" aria-labelledby="f-health-label" style={{ gap: 4 }}>
          <label className="sr-only" htmlFor="f-hmin">
            Minimum health
          </label>
          <input
            id="f-hmin"
            className="input input-sm"
            type="number"
            min={0}
            max={100}
            placeholder="0"
            value={min}
            aria-invalid={!!healthError}
            aria-describedby={healthError ? 'f-health-error' : undefined}
            onChange={(e) => setMin(e.target.value)}
            onBlur={commitHealth}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitHealth();
            }}
          />
          <span className="muted" aria-hidden="true">
            –
          </span>
          <label className="sr-only" htmlFor="f-hmax">
            Maximum health
          </label>
          <input
            id="f-hmax"
            className="input input-sm"
            type="number"
            min={0}
            max={100}
            placeholder="100"
            value={max}
            aria-invalid={!!healthError}
            aria-describedby={healthError ? 'f-health-error' : undefined}
            onChange={(e) => setMax(e.target.value)}
            onBlur={commitHealth}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitHealth();
            }}
          />
        </div>
        {healthError && (
          <span id="f-health-error" className="error" role="alert">
            {healthError}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="f-failures">Failures</label>
        <select
          id="f-failures"
          className="select"
          value={filters.hasFailures === null ? '' : String(filters.hasFailures)}
          onChange={(e) =>
            onChange({ ...filters, hasFailures: e.target.value === '' ? null : e.target.value === 'true' })
          }
        >
          <option value="">All conversations</option>
          <option value="true">With failures</option>
          <option value="false">Without failures</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-feedback">Feedback</label>
        <select
          id="f-feedback"
          className="select"
          value={filters.hasNegativeFeedback === null ? '' : String(filters.hasNegativeFeedback)}
          onChange={(e) =>
            onChange({ ...filters, hasNegativeFeedback: e.target.value === '' ? null : e.target.value === 'true' })
          }
        >
          <option value="">Any feedback</option>
          <option value="true">Has negative feedback</option>
          <option value="false">No negative feedback</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-type">Failure type</label>
        <select
          id="f-type"
          className="select"
          value={filters.type ?? ''}
          onChange={(e) => onChange({ ...filters, type: e.target.value || null })}
        >
          <option value="">Any type</option>
          {FAILURE_TYPES.map((t) => (
            <option key={t} value={t}>
              {failureTypeLabel(t)}
            </option>
          ))}
        </select>
      </div>
      {filters.pattern && (
        <span className="chip filter-chip" data-testid="pattern-filter">
          Pattern: {filters.patternLabel ?? 'selected pattern'}
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            aria-label="Remove the pattern filter"
            onClick={() => onChange({ ...filters, pattern: null, patternLabel: null })}
          >
            ×
          </button>
        </span>
      )}
      {n > 0 && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClear}>
          Clear filters ({n})
        </button>
      )}
    </div>
  );
}
