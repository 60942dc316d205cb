import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { analyticsApi, failuresApi } from '../api/endpoints';
import { FAILURE_STATUSES, FAILURE_TYPES, SEVERITIES, type FailureStatus } from '../api/types';
import { SeverityBadge, StatusBadge, TypeChip } from '../components/Badges';
import { EmptyState, ErrorState, Loading, Skeleton, SkeletonRows } from '../components/States';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { failureTypeLabel, formatDateTime, formatNumber, relativeTime, statusLabel } from '../lib/format';
import { describeTimeRange, parseTimeRange, timeRangeQuery, writeTimeRange, type TimeRange } from '../lib/timeRange';
import { usePageTitle } from '../lib/usePageTitle';
import { FailureStatusButtons } from './failures/FailureStatusButtons';
import { useRole } from '../auth/role';
import { ReadOnlyNote } from '../components/ReadOnly';
import { useFailureStatus } from './failures/useFailureStatus';

import FailureTrendChart from '../charts/FailureTrendChart';

const PAGE_SIZE = 50;
/** status filter: absent = open (what needs attention), "all" = every status */
function parseStatus(v: string | null): FailureStatus | 'all' {
  if (v === 'all') return 'all';
  return (FAILURE_STATUSES as readonly string[]).includes(v ?? '') ? (v as FailureStatus) : 'open';
}

export default function FailuresPage() {
  usePageTitle('Failures');
  const [params, setParams] = useSearchParams();
  const range = parseTimeRange(params);
  const status = parseStatus(params.get('status'));
  const typeParam = params.get('type');
  const type = typeParam && (FAILURE_TYPES as readonly string[]).includes(typeParam) ? typeParam : '';
  const sevParam = params.get('severity');
  const severity = sevParam && (SEVERITIES as readonly string[]).includes(sevParam) ? sevParam : '';

  const update = (mut: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    mut(next);
    setParams(next, { replace: true });
  };
  const setParam = (key: string, value: string) => update((p) => (value ? p.set(key, value) : p.delete(key)));
  const setRange = (r: TimeRange) => update((p) => writeTimeRange(p, r));

  const rq = timeRangeQuery(range);
  const listQuery = {
    ...rq,
    status: status === 'all' ? undefined : status,
    type: type || undefined,
    severity: severity || undefined,
  };
  const trends = useQuery({ queryKey: ['failure-trends', rq], queryFn: () => analyticsApi.failureTrends(rq) });
  const list = useInfiniteQuery({
    queryKey: ['failures', 'list', listQuery],
    queryFn: ({ pageParam, signal }) => failuresApi.list({ ...listQuery, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const { canWrite } = useRole();
  // selection only ever holds rows that are visible under the current filters
  useEffect(() => {
    setSelected((s) => {
      const visible = new Set(rows.map((r) => r.id));
      const next = new Set([...s].filter((id) => visible.has(id)));
      return next.size === s.size ? s : next;
    });
  }, [rows]);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = selected.size > 0 && !allSelected;
  const selectAllRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = someSelected;
  }, [someSelected]);
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const bulk = useFailureStatus();
  const applyBulk = (s: FailureStatus) =>
    bulk.mutate({ ids: [...selected], status: s }, { onSuccess: () => setSelected(new Set()) });
  const trendHasData = (trends.data?.points ?? []).some((p) => p.total > 0);

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Failures</h1>
          <p className="subtitle">
            What went wrong in conversations, {describeTimeRange(range)}. Acknowledge what you are looking at, resolve
            what is fixed.
          </p>
        </div>
        <TimeRangePicker value={range} onChange={setRange} />
      </header>

      <div className="stack">
        <section className="card" aria-labelledby="ftrend-title">
          <div className="card-header">
            <h2 id="ftrend-title">Failures per day by type</h2>
            {trends.data && (
              <span className="hint">{formatNumber(trends.data.points.reduce((n, p) => n + p.total, 0))} detected</span>
            )}
          </div>
          <div className="card-body" style={{ paddingBottom: 0 }}>
            {trends.isPending ? (
              <Loading label="Loading failure trends">
                <Skeleton height={200} />
              </Loading>
            ) : trends.isError ? (
              <ErrorState error={trends.error} onRetry={() => trends.refetch()} />
            ) : !trendHasData ? (
              <EmptyState title="No failures in this period">
                Sensei lists failures here as soon as it detects them in incoming conversations.
              </EmptyState>
            ) : (
              <FailureTrendChart points={trends.data.points} height={200} />
            )}
          </div>
        </section>

        <section className="card" aria-label="Failure list">
          <div className="filters" role="search" aria-label="Filter failures" data-tour="failures">
            <div className="field">
              <label htmlFor="ff-status">Status</label>
              <select
                id="ff-status"
                className="select"
                value={status}
                onChange={(e) => setParam('status', e.target.value === 'open' ? '' : e.target.value)}
              >
                {FAILURE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {statusLabel(s)}
                  </option>
                ))}
                <option value="all">All statuses</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="ff-type">Type</label>
              <select id="ff-type" className="select" value={type} onChange={(e) => setParam('type', e.target.value)}>
                <option value="">Any type</option>
                {FAILURE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {failureTypeLabel(t)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="ff-sev">Severity</label>
              <select
                id="ff-sev"
                className="select"
                value={severity}
                onChange={(e) => setParam('severity', e.target.value)}
              >
                <option value="">Any severity</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
          </div>

          {!canWrite && (
            <ReadOnlyNote>You are a viewer: failure statuses can only be changed by an admin.</ReadOnlyNote>
          )}
          {canWrite && selected.size > 0 && (
            <div className="bulk-bar" role="region" aria-label="Bulk actions">
              <span>{selected.size} selected</span>
              <button type="button" className="btn btn-sm" disabled={bulk.isPending} onClick={() => applyBulk('ack')}>
                Acknowledge
              </button>
              <button
                type="button"
                className="btn btn-sm btn-primary"
                disabled={bulk.isPending}
                onClick={() => applyBulk('resolved')}
              >
                Resolve
              </button>
              <button type="button" className="btn btn-sm" disabled={bulk.isPending} onClick={() => applyBulk('open')}>
                Reopen
              </button>
              <span className="spacer" />
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => setSelected(new Set())}>
                Clear selection
              </button>
            </div>
          )}

          {list.isError && !list.data ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-busy={list.isPending}>
                  <caption className="sr-only">Failures, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col" style={{ width: 36 }}>
                        <input
                          ref={selectAllRef}
                          type="checkbox"
                          className="checkbox"
                          aria-label="Select all failures on this page"
                          checked={allSelected}
                          disabled={rows.length === 0}
                          onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                        />
                      </th>
                      <th scope="col">Type</th>
                      <th scope="col">Severity</th>
                      <th scope="col">Status</th>
                      <th scope="col">Conversation</th>
                      <th scope="col">Detected</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  {list.isPending ? (
                    <SkeletonRows rows={6} cols={7} />
                  ) : (
                    <tbody>
                      {rows.map((f) => (
                        <tr key={f.id} className={selected.has(f.id) ? 'selected' : undefined}>
                          <td data-label="">
                            <input
                              type="checkbox"
                              className="checkbox"
                              checked={selected.has(f.id)}
                              onChange={() => toggle(f.id)}
                              aria-label={`Select ${failureTypeLabel(f.type)} in ${f.conversation_external_id ?? f.conversation_id}`}
                            />
                          </td>
                          <td data-label="Type">
                            <TypeChip type={f.type} />
                          </td>
                          <td data-label="Severity">
                            <SeverityBadge severity={f.severity} />
                          </td>
                          <td data-label="Status">
                            <StatusBadge status={f.status} />
                          </td>
                          <td data-label="Conversation" style={{ maxWidth: 380 }}>
                            <Link className="row-link" to={`/conversations/${f.conversation_id}`}>
                              {f.conversation_external_id ?? f.conversation_id.slice(0, 8)}
                            </Link>
                            <div className="small muted truncate" title={f.explanation}>
                              {f.explanation}
                            </div>
                          </td>
                          <td data-label="Detected" className="nowrap" title={formatDateTime(f.detected_at)}>
                            {relativeTime(f.detected_at)}
                          </td>
                          <td data-label="">
                            <FailureStatusButtons failure={f} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  )}
                </table>
              </div>
              {!list.isPending && rows.length === 0 && (
                <EmptyState title={status === 'open' ? 'No open failures' : 'No failures match these filters'}>
                  {status === 'open'
                    ? 'Everything detected in this period has been acknowledged or resolved. Pick “All statuses” to see them.'
                    : 'Widen the period or clear a filter.'}
                </EmptyState>
              )}
              {rows.length > 0 && (
                <div className="table-footer">
                  <span role="status" aria-live="polite">
                    Showing {formatNumber(rows.length)} failure{rows.length === 1 ? '' : 's'}
                  </span>
                  {list.hasNextPage && (
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => list.fetchNextPage()}
                      disabled={list.isFetchingNextPage}
                    >
                      {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
                    </button>
                  )}
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </>
  );
}
