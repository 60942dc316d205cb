// Average health and failure rate over the period in hour or day buckets, each against the previous period (dashed),
// with markers where a metadata value (model, prompt or agent version...) first appears: "did my change help?".
// A point opens the conversations of its bucket.
import { useNavigate, useSearchParams } from 'react-router';
import { DEFAULT_MARKER_KEYS, trendsApi, type MetadataChanges, type TimeSeries } from '../../api/trends';
import { bucketRange, TimeSeriesChart, type TimeMarker } from '../../charts/TimeSeriesChart';
import { EmptyState, ErrorState, Loading, Skeleton } from '../../components/States';
import { formatDateTime, formatHealth, formatNumber, formatPercent } from '../../lib/format';
import { bucketParams, drillLink } from '../../lib/drillDown';
import type { QueryValue } from '../../api/client';
import { useDeferredQuery } from '../../lib/useDeferredQuery';

const HEALTH = '#2f9e44';
const FAILURE = '#e03131';
const PREVIOUS = '#868e96';
/** URL param holding the marker key; "none" hides the markers */
export const MARKER_PARAM = 'marker';
const NO_MARKERS = 'none';

export function markerLabel(key: string, change: MetadataChanges['changes'][number], baseline: string | null): string {
  const n = change.conversations;
  return (
    `${key} → ${change.value}, first seen ${formatDateTime(change.first_seen)}` +
    ` · ${formatNumber(n)} ${n === 1 ? 'conversation' : 'conversations'}` +
    (baseline ? ` (before: ${baseline})` : '')
  );
}

function Tooltip({ data, i, metric }: { data: TimeSeries; i: number; metric: 'health' | 'failure' }) {
  const cur = data.points[i];
  const prev = data.previous[i];
  const value = (p: typeof cur) =>
    metric === 'health' ? formatHealth(p.average_health) : formatPercent(p.failure_rate);
  return (
    <>
      <strong>{bucketRange(cur, data.bucket)}</strong>
      <div>
        {metric === 'health' ? 'Average health' : 'Failure rate'}: {value(cur)}{' '}
        <span className="muted">(before: {value(prev)})</span>
      </div>
      <div>
        {formatNumber(cur.conversations)} conversations{' '}
        <span className="muted">(before: {formatNumber(prev.conversations)})</span>
      </div>
      {metric === 'failure' && cur.conversations > 0 && (
        <div>{formatNumber(cur.failing_conversations)} with failures</div>
      )}
    </>
  );
}

export function TrendsCard({ q }: { q: Record<string, QueryValue> }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const markerKey = params.get(MARKER_PARAM)?.trim() || DEFAULT_MARKER_KEYS[0];
  const series = useDeferredQuery({ queryKey: ['timeseries', q], queryFn: () => trendsApi.timeseries(q) });
  const changes = useDeferredQuery({
    queryKey: ['metadata-changes', q, markerKey],
    queryFn: () => trendsApi.changes({ ...q, key: markerKey }),
    enabled: markerKey !== NO_MARKERS,
  });
  const setMarkerKey = (key: string) => {
    const next = new URLSearchParams(params);
    if (key === DEFAULT_MARKER_KEYS[0]) next.delete(MARKER_PARAM);
    else next.set(MARKER_PARAM, key);
    setParams(next, { replace: true });
  };
  // the period's own keys first (most common first), then the usual ones it does not have
  const keys = [
    ...new Set([
      ...(changes.data?.keys ?? []).map((k) => k.key),
      ...DEFAULT_MARKER_KEYS,
      ...(markerKey !== NO_MARKERS ? [markerKey] : []),
    ]),
  ];
  const markers: TimeMarker[] =
    markerKey === NO_MARKERS || !changes.data
      ? []
      : changes.data.changes.map((c) => ({
          key: c.value,
          at: c.first_seen,
          label: markerLabel(markerKey, c, changes.data.baseline),
        }));

  const data = series.data;
  const open = (i: number, extra: Record<string, string | boolean>) => {
    if (!data) return;
    navigate(drillLink('/conversations', params, { ...bucketParams(data.points[i]), ...extra }));
  };
  const unitWord = data?.bucket === 'day' ? 'day' : 'hour';

  return (
    <section className="card ts-card" aria-labelledby="ts-title">
      <div className="card-header">
        <div>
          <h2 id="ts-title">Health and failure rate over time</h2>
          {data && <span className="hint">per {unitWord}, against the previous period</span>}
        </div>
        <div className="ts-controls">
          <label htmlFor="ts-marker">Mark changes of</label>
          <select id="ts-marker" className="select" value={markerKey} onChange={(e) => setMarkerKey(e.target.value)}>
            {keys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
            <option value={NO_MARKERS}>no markers</option>
          </select>
        </div>
      </div>
      <div className="card-body">
        {series.isPending ? (
          <Loading label="Loading the trends">
            <Skeleton height={220} />
          </Loading>
        ) : series.isError ? (
          <ErrorState error={series.error} onRetry={() => series.refetch()} />
        ) : data!.points.every((p) => p.conversations === 0) ? (
          <EmptyState title="No conversations in this period">
            The lines show up as soon as conversations arrive. Pick a longer period to see older ones.
          </EmptyState>
        ) : (
          <>
            <div className="ts-legend" aria-hidden="true" style={{ marginBottom: 8 }}>
              <span>
                <span className="swatch" style={{ color: '#343a40' }} />
                This period
              </span>
              <span>
                <span className="swatch dashed" style={{ color: PREVIOUS }} />
                Previous period
              </span>
              {markers.length > 0 && (
                <span>
                  <span className="swatch marker" />
                  New {markerKey}
                </span>
              )}
              {changes.data && markers.length === 0 && markerKey !== NO_MARKERS && (
                <span>No new {markerKey} in this period</span>
              )}
            </div>
            <div className="ts-grid">
              <div>
                <h3>Average health</h3>
                <TimeSeriesChart
                  label={`Average health per ${unitWord}`}
                  buckets={data!.points}
                  unit={data!.bucket}
                  yMax={100}
                  series={[
                    {
                      key: 'health',
                      label: 'Average health',
                      color: HEALTH,
                      values: data!.points.map((p) => p.average_health),
                    },
                    {
                      key: 'health-previous',
                      label: 'Previous period',
                      color: PREVIOUS,
                      dashed: true,
                      values: data!.previous.map((p) => p.average_health),
                    },
                  ]}
                  formatValue={(v) => formatHealth(v)}
                  markers={markers}
                  tooltip={(i) => <Tooltip data={data!} i={i} metric="health" />}
                  pointLabel={(i) =>
                    `${bucketRange(data!.points[i], data!.bucket)}: average health ${formatHealth(data!.points[i].average_health)}` +
                    ` over ${formatNumber(data!.points[i].conversations)} conversations. Open them, worst first`
                  }
                  onSelect={(i) => open(i, { sort: 'health' })}
                />
              </div>
              <div>
                <h3>Failure rate</h3>
                <TimeSeriesChart
                  label={`Failure rate per ${unitWord}`}
                  buckets={data!.points}
                  unit={data!.bucket}
                  series={[
                    {
                      key: 'failure',
                      label: 'Failure rate',
                      color: FAILURE,
                      values: data!.points.map((p) => (p.failure_rate === null ? null : p.failure_rate * 100)),
                    },
                    {
                      key: 'failure-previous',
                      label: 'Previous period',
                      color: PREVIOUS,
                      dashed: true,
                      values: data!.previous.map((p) => (p.failure_rate === null ? null : p.failure_rate * 100)),
                    },
                  ]}
                  formatValue={(v) => (v === null ? '—' : `${Math.round(v)}%`)}
                  markers={markers}
                  tooltip={(i) => <Tooltip data={data!} i={i} metric="failure" />}
                  pointLabel={(i) =>
                    `${bucketRange(data!.points[i], data!.bucket)}: failure rate ${formatPercent(data!.points[i].failure_rate)},` +
                    ` ${formatNumber(data!.points[i].failing_conversations)} conversations with failures. Open them`
                  }
                  onSelect={(i) => open(i, { has_failures: true })}
                />
              </div>
            </div>
            {changes.data?.truncated && (
              <p className="small muted">
                Only the first {changes.data.changes.length} new values of {markerKey} are marked.
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
