import { useEffect, useMemo } from 'react';
import { parseScope, scopeQuery } from '../../lib/scope';
import { Link, useNavigate } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { conversationsApi } from '../../api/endpoints';
import { filtersToApiQuery, parseFilters } from '../../lib/filters';

/** What the list puts in the detail link's location state: its query string (filters + order). */
export interface ListContext {
  listSearch: string;
}

export function listContextOf(state: unknown): ListContext | null {
  const s = state as Partial<ListContext> | null | undefined;
  return s && typeof s.listSearch === 'string' ? { listSearch: s.listSearch } : null;
}

// the list page's page size and query key: coming back from the list, its pages are already in the cache
const PAGE_SIZE = 50;
/** How far we page through a list looking for the open conversation before giving up (a direct link, an old one). */
const MAX_PAGES = 10;

export interface Neighbours {
  prev: string | null;
  next: string | null;
  /** 1-based position in the list, null while unknown */
  position: number | null;
  searching: boolean;
  /** the conversation is not in the first MAX_PAGES pages of that list */
  notInList: boolean;
}

/**
 * Previous/next conversation in the list the user came from (its filters and order from location state), else in
 * the default list order. Pages on until the open conversation and the one after it are loaded.
 */
export function useListNeighbours(id: string, listSearch: string): Neighbours {
  const apiQuery = useMemo(() => {
    const params = new URLSearchParams(listSearch);
    // the list's scope (environment, tag) rides in the same search as its filters
    return { ...filtersToApiQuery(parseFilters(params)), ...scopeQuery(parseScope(params)) };
  }, [listSearch]);
  const list = useInfiniteQuery({
    queryKey: ['conversations', 'list', apiQuery],
    queryFn: ({ pageParam, signal }) =>
      conversationsApi.list({ ...apiQuery, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const ids = useMemo(() => list.data?.pages.flatMap((p) => p.items.map((c) => c.id)) ?? [], [list.data]);
  const index = ids.indexOf(id);
  const pages = list.data?.pages.length ?? 0;
  const needMore = (index === -1 || index === ids.length - 1) && pages > 0 && pages < MAX_PAGES;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  // pages is a dependency too: a fast page can come back without isFetchingNextPage ever rendering as true
  useEffect(() => {
    if (needMore && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [needMore, hasNextPage, isFetchingNextPage, fetchNextPage, pages]);
  const searching = list.isPending || (needMore && !!hasNextPage);
  return {
    prev: index > 0 ? ids[index - 1] : null,
    next: index >= 0 && index < ids.length - 1 ? ids[index + 1] : null,
    position: index >= 0 ? index + 1 : null,
    searching,
    notInList: !searching && index === -1,
  };
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Previous / next buttons ("[" and "]" or k / j on the keyboard), carrying the list along. */
export function ListStepper({ id, context }: { id: string; context: ListContext | null }) {
  const listSearch = context?.listSearch ?? '';
  const n = useListNeighbours(id, listSearch);
  const navigate = useNavigate();
  const state: ListContext = { listSearch };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      const to = e.key === '[' || e.key === 'k' ? n.prev : e.key === ']' || e.key === 'j' ? n.next : null;
      if (!to) return;
      e.preventDefault();
      navigate(`/conversations/${to}`, { state });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const where = context ? 'in this list' : 'in the conversation list';
  return (
    <nav className="detail-actions" aria-label="Conversation list navigation">
      {n.prev ? (
        <Link className="btn btn-sm" to={`/conversations/${n.prev}`} state={state} aria-keyshortcuts="[ k">
          ← Previous
        </Link>
      ) : (
        <button type="button" className="btn btn-sm" disabled>
          ← Previous
        </button>
      )}
      {n.next ? (
        <Link className="btn btn-sm" to={`/conversations/${n.next}`} state={state} aria-keyshortcuts="] j">
          Next →
        </Link>
      ) : (
        <button type="button" className="btn btn-sm" disabled>
          Next →
        </button>
      )}
      <span className="position" aria-live="polite">
        {n.searching
          ? 'Finding its place…'
          : n.position
            ? `#${n.position} ${where}`
            : n.notInList
              ? `Not among the first ${PAGE_SIZE * MAX_PAGES} ${where}`
              : ''}
      </span>
    </nav>
  );
}
