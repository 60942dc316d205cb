// Row virtualisation for the list tables: past `threshold` rows only the rows in (and just around) the scroll
// container's viewport are in the DOM; spacer rows above and below keep the scrollbar and the <table> semantics
// (real <tr>s, aria-rowindex on each) intact. Below the threshold every row renders as before.
// An item is whatever element carries `data-index` and the `measure` ref: a <tr>, or a <tbody> when one item is a
// row plus its expandable detail row (its measured height then follows the expansion).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, type RefObject } from 'react';

export const VIRTUALISE_AFTER = 200;

const noMeasure = () => undefined;

/**
 * The loaded rows, rendered in a transition: a page of rows arriving is the list's longest task on a phone, and React
 * renders a transition in slices (yielding to input between rows) instead of in one block. `catchingUp` is true while
 * the first rows are loaded but not rendered yet (show the skeleton, not the empty state).
 */
export function useRowsInSlices<T>(loaded: T[]): { rows: T[]; catchingUp: boolean } {
  const rows = useDeferredValue(loaded);
  return { rows, catchingUp: rows.length === 0 && loaded.length > 0 };
}

export interface VirtualRows {
  virtual: boolean;
  /** indexes of the rows to render, in order */
  indexes: number[];
  padTop: number;
  padBottom: number;
  /** ref callback for each rendered item (measures its real height, again on resize); the item needs data-index */
  measure: (el: HTMLElement | null) => void;
  scrollToIndex: (index: number) => void;
}

/** An infinite query's paging, for loading the next page as the last loaded rows scroll into view. */
export interface NextPage {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export function useVirtualRows(
  count: number,
  scrollRef: RefObject<HTMLElement | null>,
  {
    estimate = 57,
    threshold = VIRTUALISE_AFTER,
    nextPage,
  }: { estimate?: number; threshold?: number; nextPage?: NextPage } = {},
): VirtualRows {
  const virtual = count > threshold;
  const virtualizer = useVirtualizer({
    count: virtual ? count : 0,
    // off below the threshold: an enabled virtualiser measures its scroll container (getBoundingClientRect, scrollTop)
    // as it mounts, a forced style and layout of the whole page in the middle of the list's first commit
    enabled: virtual,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimate,
    // a row that is not laid out (hidden tab, no layout engine) reports 0 px: keep the estimate instead
    measureElement: (el) => el.getBoundingClientRect().height || estimate,
    overscan: 10,
    // the sticky header sits inside the scroll container above the first row
    scrollPaddingStart: 40,
  });
  const items = virtual ? virtualizer.getVirtualItems() : [];
  // once virtualised there is no "Load more" to reach at the bottom: the next page loads near the end instead
  const lastShown = items.length ? items[items.length - 1].index : -1;
  const wantsMore = virtual && !!nextPage?.hasNextPage && !nextPage.isFetchingNextPage && lastShown >= count - 15;
  const fetchNextPage = nextPage?.fetchNextPage;
  useEffect(() => {
    if (wantsMore) fetchNextPage?.();
  }, [wantsMore, fetchNextPage]);

  if (!virtual) {
    return {
      virtual,
      indexes: Array.from({ length: count }, (_, i) => i),
      padTop: 0,
      padBottom: 0,
      // stable, like the virtualiser's: memoised rows are not re-rendered for a new ref callback
      measure: noMeasure,
      scrollToIndex: (index) =>
        scrollRef.current?.querySelector(`[data-index="${index}"]`)?.scrollIntoView?.({ block: 'nearest' }),
    };
  }
  const total = virtualizer.getTotalSize();
  return {
    virtual,
    indexes: items.map((i) => i.index),
    padTop: items.length ? items[0].start : 0,
    padBottom: items.length ? total - items[items.length - 1].end : 0,
    measure: virtualizer.measureElement,
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  };
}
