import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { analyticsApi, failuresApi } from '../api/endpoints';
import { FAILURE_STATUSES, FAILURE_TYPES, SEVERITIES, type FailureStatus } from '../api/types';
import { EmptyState, ErrorState, Loading, Skeleton, SkeletonRows } from '../components/States';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { failureTypeLabel, formatNumber, statusLabel } from '../lib/format';
import { describeTimeRange, parseTimeRange, timeRangeQuery, writeTimeRange, type TimeRange } from '../lib/timeRange';
import { usePageTitle } from '../lib/usePageTitle';
import { useScopeQuery } from '../lib/scope';
import { useRole } from '../auth/role';
import { ReadOnlyNote } from '../components/ReadOnly';
import { useFailureStatus } from './failures/useFailureStatus';
import { triageApi, type FailureGroup, type FailureListFilter, type GroupBy } from '../api/triage';
import { BulkBar } from './failures/BulkBar';
import { FailureGroupsPanel } from './failures/FailureGroupsPanel';
import { FAILURE_COLUMNS, FailureRow } from './failures/FailureRow';
import { SelectAllBanner } from './failures/SelectAllBanner';
import { useBulkByFilter } from './failures/useBulkByFilter';
import '../styles/triage.css';

import FailureTrendChart from '../charts/FailureTrendChart';
import { ExportMenu } from '../components/ExportMenu';
import { ListTotal } from '../components/ListTotal';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { SpacerRow } from '../components/SpacerRow';
import { useRowsInSlices, useVirtualRows } from '../components/useVirtualRows';
import { useListShortcuts } from '../lib/useListShortcuts';

const PAGE_SIZE = 50;
/** status filter: absent = open (what needs attention), "all" = every status */
function parseStatus(v: string | null): FailureStatus | 'all' {
  if (v === 'all') return 'all';
  return (FAILURE_STATUSES as readonly string[]).includes(v ?? '') ? (v as FailureStatus) : 'open';
}
/** group-by toggle: absent = a flat list */
function parseGroup(v: string | null): GroupBy | '' {
  return v === 'type' || v === 'pattern' ? v : '';
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
  const patternId = params.get('pattern_id') ?? '';
  const groupBy = parseGroup(params.get('group'));

  const update = (mut: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    mut(next);
    setParams(next, { replace: true });
  };
  const setParam = (key: string, value: string) => update((p) => (value ? p.set(key, value) : p.delete(key)));
  const setRange = (r: TimeRange) => update((p) => writeTimeRange(p, r));

  const rq = { ...timeRangeQuery(range), ...useScopeQuery() };
  const listQuery: FailureListFilter = {
    ...rq,
    status: status === 'all' ? undefined : status,
    type: type || undefined,
    severity: severity || undefined,
    pattern_id: patternId || undefined,
  };
  const trends = useQuery({ queryKey: ['failure-trends', rq], queryFn: () => analyticsApi.failureTrends(rq) });
  const list = useInfiniteQuery({
    queryKey: ['failures', 'list', listQuery],
    queryFn: ({ pageParam, signal }) => failuresApi.list({ ...listQuery, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const loaded = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const { rows, catchingUp } = useRowsInSlices(loaded);
  const pending = list.isPending || catchingUp;
  // the filter's exact total: what the header shows, what "Select all N matching" offers and the bulk action confirms
  const count = useQuery({
    queryKey: ['failures', 'count', listQuery],
    queryFn: ({ signal }) => triageApi.count(listQuery, signal),
  });
  const total = count.data?.count ?? 0;
  const filterKey = JSON.stringify(listQuery);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  // a new filter is a new set: "all matching" never carries over to rows the person has not seen counted
  useEffect(() => setAllMatching(false), [filterKey]);
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
  const clearSelection = () => {
    setSelected(new Set());
    setAllMatching(false);
  };
  const toggle = useCallback((id: string) => {
    setAllMatching(false);
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }, []);
  const bulk = useFailureStatus();
  const bulkByFilter = useBulkByFilter(clearSelection);
  const applyBulk = (s: FailureStatus) =>
    allMatching
      ? bulkByFilter.mutate({ filter: listQuery, expectedCount: total, status: s })
      : bulk.mutate({ ids: [...selected], status: s }, { onSuccess: () => setSelected(new Set()) });
  const canReopen = allMatching ? status !== 'open' : rows.some((r) => selected.has(r.id) && r.status !== 'open');
  const showSelectAllMatching = canWrite && allSelected && count.isSuccess && total > rows.length;
  const pickGroup = (g: FailureGroup) =>
    update((p) => {
      if (groupBy === 'type' && g.key) p.set('type', g.key);
      if (groupBy === 'pattern' && g.key) p.set('pattern_id', g.key);
      p.delete('group');
    });
  const trendHasData = (trends.data?.points ?? []).some((p) => p.total > 0);

  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const vrows = useVirtualRows(rows.length, scrollRef, { nextPage: list });
  const toggleExpanded = useCallback((id: string) => setExpanded((e) => (e === id ? null : id)), []);
  const shortcuts = useListShortcuts({
    rowCount: rows.length,
    onOpen: (i) => rows[i] && navigate(`/conversations/${rows[i].conversation_id}`),
    onExpand: (i) => {
      if (!rows[i]) return;
      toggleExpanded(rows[i].id);
      // once the detail is laid out (two frames), bring the whole failure into view; it is rendered (it has the
      // focus), so the DOM can scroll to it and the virtualiser follows the scroll
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          scrollRef.current?.querySelector(`[data-index="${i}"]`)?.scrollIntoView?.({ block: 'nearest' }),
        ),
      );
    },
    onToggleSelect: (i) => rows[i] && toggle(rows[i].id),
    focusSearch: () => document.getElementById('ff-status')?.focus(),
    scrollToIndex: vrows.scrollToIndex,
    containerRef: scrollRef,
    labels: {
      search: 'Focus the filters',
      open: "Open the focused failure's conversation",
      expand: "Show or hide the focused failure's details and notes",
    },
  });
  // the one expanded failure adds its detail row to the table's row count and to the indexes after it
  const expandedIndex = vrows.virtual ? rows.findIndex((r) => r.id === expanded) : -1;
  const rowIndex = (i: number) =>
    vrows.virtual ? i + 2 + (expandedIndex >= 0 && i > expandedIndex ? 1 : 0) : undefined;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Failures</h1>
          <p className="subtitle">
            What went wrong in conversations, {describeTimeRange(range)}. Acknowledge what you are looking at, resolve
            what is fixed, mark what the detector got wrong as a false positive.
          </p>
        </div>
        <div className="list-toolbar">
          <ListTotal count={count.data} pending={count.isPending} noun="failure" />
          <ExportMenu list="failures" query={listQuery} />
          <TimeRangePicker value={range} onChange={setRange} />
        </div>
      </header>
      <ShortcutsHelp
        open={shortcuts.helpOpen}
        onClose={() => shortcuts.setHelpOpen(false)}
        shortcuts={shortcuts.help}
      />

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
            <div className="field">
              <span className="label" id="ff-group">
                Group by
              </span>
              <div className="triage-segmented" role="group" aria-labelledby="ff-group">
                {(['', 'type', 'pattern'] as const).map((g) => (
                  <button
                    key={g || 'none'}
                    type="button"
                    className={`btn btn-sm${groupBy === g ? ' active' : ''}`}
                    aria-pressed={groupBy === g}
                    onClick={() => setParam('group', g)}
                  >
                    {g === '' ? 'None' : g === 'type' ? 'Type' : 'Pattern'}
                  </button>
                ))}
              </div>
            </div>
            {patternId && (
              <div className="field triage-filter-chip">
                <span className="chip">
                  In one usage pattern
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    aria-label="Clear the pattern filter"
                    onClick={() => setParam('pattern_id', '')}
                  >
                    ×
                  </button>
                </span>
              </div>
            )}
          </div>

          {!canWrite && (
            <ReadOnlyNote>You are a viewer: failure statuses can only be changed by an admin.</ReadOnlyNote>
          )}
          {canWrite && (selected.size > 0 || allMatching) && (
            <BulkBar
              count={allMatching ? total : selected.size}
              allMatching={allMatching}
              canReopen={canReopen}
              busy={bulk.isPending || bulkByFilter.isPending}
              onApply={applyBulk}
              onClear={clearSelection}
            />
          )}
          {showSelectAllMatching && (
            <SelectAllBanner
              visible={rows.length}
              total={total}
              allMatching={allMatching}
              onSelectAllMatching={() => setAllMatching(true)}
              onClear={clearSelection}
            />
          )}

          {groupBy && (
            <div className="triage-groups-wrap">
              <FailureGroupsPanel by={groupBy} filter={listQuery} onPick={pickGroup} />
            </div>
          )}

          {list.isError && !list.data ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <>
              <div className="table-wrap list-scroll" ref={scrollRef}>
                <table
                  className="table"
                  aria-busy={pending}
                  aria-rowcount={vrows.virtual ? rows.length + 1 + (expandedIndex >= 0 ? 1 : 0) : undefined}
                >
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
                          onChange={() => {
                            setAllMatching(false);
                            setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)));
                          }}
                        />
                      </th>
                      <th scope="col" style={{ width: 36 }}>
                        <span className="sr-only">Details</span>
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
                  {pending ? (
                    <SkeletonRows rows={6} cols={FAILURE_COLUMNS} />
                  ) : (
                    <>
                      {vrows.padTop > 0 && (
                        <tbody>
                          <SpacerRow height={vrows.padTop} colSpan={FAILURE_COLUMNS} />
                        </tbody>
                      )}
                      {vrows.indexes.map((i) => {
                        const f = rows[i];
                        return (
                          <FailureRow
                            key={f.id}
                            failure={f}
                            index={i}
                            rowIndex={rowIndex(i)}
                            measure={vrows.measure}
                            focused={shortcuts.focused === i}
                            onFocusRow={shortcuts.setFocused}
                            selected={allMatching || selected.has(f.id)}
                            onToggle={toggle}
                            expanded={expanded === f.id}
                            onExpand={toggleExpanded}
                          />
                        );
                      })}
                      {vrows.padBottom > 0 && (
                        <tbody>
                          <SpacerRow height={vrows.padBottom} colSpan={FAILURE_COLUMNS} />
                        </tbody>
                      )}
                    </>
                  )}
                </table>
              </div>
              {!pending && rows.length === 0 && (
                <EmptyState title={status === 'open' ? 'No open failures' : 'No failures match these filters'}>
                  {status === 'open'
                    ? 'Everything detected in this period has been acknowledged, resolved or marked a false positive. Pick “All statuses” to see them.'
                    : 'Widen the period or clear a filter.'}
                </EmptyState>
              )}
              {rows.length > 0 && (
                <div className="table-footer">
                  <span role="status" aria-live="polite">
                    Showing {formatNumber(rows.length)}
                    {count.isSuccess && total > rows.length ? ` of ${formatNumber(total)}` : ''} failure
                    {(count.isSuccess ? total : rows.length) === 1 ? '' : 's'}
                  </span>
                  <span className="small muted">
                    Press <kbd>?</kbd> for keyboard shortcuts
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
