import { useMemo, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { listsApi } from '../api/lists';
import { ExportMenu } from '../components/ExportMenu';
import { ListTotal } from '../components/ListTotal';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { SpacerRow } from '../components/SpacerRow';
import { useRowsInSlices, useVirtualRows } from '../components/useVirtualRows';
import { useListShortcuts } from '../lib/useListShortcuts';
import { conversationsApi } from '../api/endpoints';
import type { SavedView } from '../api/types';
import { IconArrowDown, IconArrowUp } from '../components/Icons';
import { EmptyState, ErrorState, Loading, SkeletonRows } from '../components/States';
import {
  configToParams,
  defaultOrder,
  filtersToApiQuery,
  filtersToParams,
  paramsToConfig,
  parseFilters,
  type ConversationFilters,
  type SortKey,
} from '../lib/filters';
import { formatNumber } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { carryScope, useScopeQuery } from '../lib/scope';
import { ConversationFiltersBar } from './conversations/ConversationFiltersBar';
import { ConversationRow } from './conversations/ConversationRow';
import { SavedViews } from './conversations/SavedViews';

const PAGE_SIZE = 50;

export default function ConversationsPage() {
  usePageTitle('Conversations');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const viewId = params.get('view');
  const apiQuery: Record<string, string | number | boolean | undefined> = {
    ...filtersToApiQuery(filters),
    ...useScopeQuery(),
  };
  // the list the detail page's previous/next walk through: these filters in this scope
  const listSearch = carryScope(params, filtersToParams(filters)).toString();

  const setFilters = (f: ConversationFilters) => {
    const next = carryScope(params, filtersToParams(f));
    if (viewId) next.set('view', viewId);
    setParams(next);
  };

  const list = useInfiniteQuery({
    queryKey: ['conversations', 'list', apiQuery],
    queryFn: ({ pageParam, signal }) =>
      conversationsApi.list({ ...apiQuery, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const loaded = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const { rows, catchingUp } = useRowsInSlices(loaded);
  const pending = list.isPending || catchingUp;

  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const vrows = useVirtualRows(rows.length, scrollRef, { nextPage: list });
  const shortcuts = useListShortcuts({
    rowCount: rows.length,
    onOpen: (i) => rows[i] && navigate(`/conversations/${rows[i].id}`),
    focusSearch: () => document.getElementById('f-q')?.focus(),
    scrollToIndex: vrows.scrollToIndex,
    containerRef: scrollRef,
  });

  const sortBy = (key: SortKey) => {
    const order = filters.sort === key ? (filters.order === 'asc' ? 'desc' : 'asc') : defaultOrder(key);
    setFilters({ ...filters, sort: key, order });
  };
  const sortIcon = (key: SortKey) =>
    filters.sort !== key ? null : filters.order === 'asc' ? <IconArrowUp size={12} /> : <IconArrowDown size={12} />;
  const ariaSort = (key: SortKey) =>
    filters.sort !== key ? undefined : filters.order === 'asc' ? 'ascending' : 'descending';

  const applyView = (v: SavedView) => {
    const next = carryScope(params, configToParams(v.config));
    next.set('view', v.id);
    setParams(next);
  };

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Conversations</h1>
          <p className="subtitle">Every conversation your agents had, with its health and the failures found in it.</p>
        </div>
        <div className="list-toolbar">
          <ConversationsTotal apiQuery={apiQuery} />
          <ExportMenu list="conversations" query={apiQuery} />
          <SavedViews
            currentConfig={paramsToConfig(filtersToParams(filters))}
            activeViewId={viewId}
            onApply={applyView}
            onSaved={(v) => {
              const next = carryScope(params, filtersToParams(filters));
              next.set('view', v.id);
              setParams(next, { replace: true });
            }}
            onDeleted={(id) => {
              if (id === viewId) setParams(carryScope(params, filtersToParams(filters)), { replace: true });
            }}
          />
        </div>
      </header>
      <ShortcutsHelp
        open={shortcuts.helpOpen}
        onClose={() => shortcuts.setHelpOpen(false)}
        shortcuts={shortcuts.help}
      />

      <section className="card" aria-label="Conversation list">
        <ConversationFiltersBar
          filters={filters}
          onChange={setFilters}
          onClear={() => setFilters({ ...parseFilters(new URLSearchParams()), range: filters.range })}
        />
        {list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <>
            <div className="table-wrap list-scroll" ref={scrollRef}>
              <table className="table" aria-busy={pending} aria-rowcount={vrows.virtual ? rows.length + 1 : undefined}>
                <caption className="sr-only">
                  Conversations, sorted by {filters.sort === 'health' ? 'health' : 'last activity'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={ariaSort('health')}>
                      <button type="button" className="sort" onClick={() => sortBy('health')}>
                        Health {sortIcon('health')}
                      </button>
                    </th>
                    <th scope="col">Conversation</th>
                    <th scope="col">Environment</th>
                    <th scope="col" className="num">
                      Messages
                    </th>
                    <th scope="col">Failures</th>
                    <th scope="col" aria-sort={ariaSort('last_activity')}>
                      <button type="button" className="sort" onClick={() => sortBy('last_activity')}>
                        Last activity {sortIcon('last_activity')}
                      </button>
                    </th>
                  </tr>
                </thead>
                {pending ? (
                  <SkeletonRows rows={8} cols={6} />
                ) : (
                  <tbody>
                    <SpacerRow height={vrows.padTop} colSpan={6} />
                    {vrows.indexes.map((i) => (
                      <ConversationRow
                        key={rows[i].id}
                        conversation={rows[i]}
                        index={i}
                        rowIndex={vrows.virtual ? i + 2 : undefined}
                        focused={shortcuts.focused === i}
                        onFocusRow={shortcuts.setFocused}
                        measure={vrows.measure}
                        listSearch={listSearch}
                      />
                    ))}
                    <SpacerRow height={vrows.padBottom} colSpan={6} />
                  </tbody>
                )}
              </table>
            </div>
            {pending && <Loading label="Loading conversations" />}
            {!pending && rows.length === 0 && (
              <EmptyState title="No conversations match these filters">
                Widen the period, clear a filter, or check that your app sends conversations with an API key (see the
                Overview page).
              </EmptyState>
            )}
            {rows.length > 0 && (
              <div className="table-footer">
                <span role="status" aria-live="polite">
                  Showing {formatNumber(rows.length)} conversation{rows.length === 1 ? '' : 's'}
                  {list.hasNextPage ? '' : ' (all loaded)'}
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
                {list.isFetchNextPageError && (
                  <span className="small" style={{ color: 'var(--bad)' }}>
                    Could not load more. Retry.
                  </span>
                )}
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}

/**
 * The count beside the title asks for its own data: its answer (often the last to arrive) re-renders this line, not
 * the whole page with its filters and rows.
 */
function ConversationsTotal({ apiQuery }: { apiQuery: Record<string, string | number | boolean | undefined> }) {
  const { sort: _sort, order: _order, ...countQuery } = apiQuery;
  void _sort;
  void _order;
  const total = useQuery({
    queryKey: ['conversations', 'count', countQuery],
    queryFn: ({ signal }) => listsApi.conversationsCount(countQuery, signal),
  });
  return <ListTotal count={total.data} pending={total.isPending} noun="conversation" />;
}
