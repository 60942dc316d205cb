// Keyboard shortcuts of the list pages: `/` focuses the search, `j` / `k` move a row focus, `o` or Enter opens the
// focused row, `?` toggles the shortcuts help. A list whose rows expand gets `o` for that (Enter still opens), and
// one with row checkboxes gets `x`. Nothing fires while the user types in a field or holds a modifier.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Shortcut {
  keys: string[];
  action: string;
}

interface Labels {
  search?: string;
  open?: string;
  expand?: string;
}

/** The help dialog's rows for a list with these capabilities (what the keydown handler below does). */
export function listShortcuts(
  { expand = false, select = false }: { expand?: boolean; select?: boolean },
  labels: Labels = {},
): Shortcut[] {
  const open = labels.open ?? 'Open the focused row';
  return [
    { keys: ['/'], action: labels.search ?? 'Focus the search' },
    { keys: ['j'], action: 'Next row' },
    { keys: ['k'], action: 'Previous row' },
    ...(expand
      ? [
          { keys: ['o'], action: labels.expand ?? "Show or hide the focused row's details" },
          { keys: ['Enter'], action: open },
        ]
      : [{ keys: ['o', 'Enter'], action: open }]),
    ...(select ? [{ keys: ['x'], action: 'Select or unselect the focused row' }] : []),
    { keys: ['?'], action: 'Show these shortcuts' },
  ];
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  // a focused checkbox or button-like input takes no text
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

interface Options {
  rowCount: number;
  onOpen: (index: number) => void;
  /** focuses the page's search (or first filter) field */
  focusSearch: () => void;
  /** brings a row into view (virtualised rows may not be in the DOM yet) */
  scrollToIndex?: (index: number) => void;
  /** the element holding the rows: `[data-index]` rows, their `a.row-link` gets DOM focus */
  containerRef?: React.RefObject<HTMLElement | null>;
  /** rows that expand in place: `o` toggles the focused row's details, Enter still opens */
  onExpand?: (index: number) => void;
  /** rows with a checkbox: `x` toggles the focused row's */
  onToggleSelect?: (index: number) => void;
  /** the help dialog's wording for this list */
  labels?: Labels;
  enabled?: boolean;
}

export function useListShortcuts({
  rowCount,
  onOpen,
  focusSearch,
  scrollToIndex,
  containerRef,
  onExpand,
  onToggleSelect,
  labels,
  enabled = true,
}: Options) {
  const [focused, setFocused] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const latest = useRef({ rowCount, onOpen, onExpand, onToggleSelect, focusSearch, scrollToIndex, focused, helpOpen });
  latest.current = { rowCount, onOpen, onExpand, onToggleSelect, focusSearch, scrollToIndex, focused, helpOpen };

  // a shrunk list (new filter) must not keep a focus past its end
  useEffect(() => {
    if (focused !== null && focused >= rowCount) setFocused(rowCount > 0 ? rowCount - 1 : null);
  }, [rowCount, focused]);

  // moves DOM focus to the focused row's link once it is rendered (a few frames at most after scrolling)
  const focusRow = useCallback(
    (index: number) => {
      latest.current.scrollToIndex?.(index);
      let tries = 0;
      const attempt = () => {
        const link = containerRef?.current?.querySelector<HTMLElement>(`[data-index="${index}"] .row-link`);
        if (link) link.focus({ preventScroll: true });
        else if (tries++ < 10) requestAnimationFrame(attempt);
      };
      requestAnimationFrame(attempt);
    },
    [containerRef],
  );

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const s = latest.current;
      if (s.helpOpen) return; // the dialog handles its own keys (Escape closes it)
      if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        s.focusSearch();
        return;
      }
      if (e.key === 'j' || e.key === 'k') {
        if (s.rowCount === 0) return;
        e.preventDefault();
        const next =
          s.focused === null ? 0 : Math.min(s.rowCount - 1, Math.max(0, s.focused + (e.key === 'j' ? 1 : -1)));
        setFocused(next);
        focusRow(next);
        return;
      }
      if (e.key === 'x' && s.onToggleSelect) {
        if (s.focused === null) return;
        e.preventDefault();
        s.onToggleSelect(s.focused);
        return;
      }
      if (e.key === 'o' && s.onExpand) {
        if (s.focused === null) return;
        e.preventDefault();
        s.onExpand(s.focused);
        return;
      }
      if (e.key === 'o' || e.key === 'Enter') {
        if (s.focused === null) return;
        // Enter on a link or button already does what that control does
        const t = e.target as HTMLElement | null;
        if (e.key === 'Enter' && t && t.closest('a, button')) return;
        e.preventDefault();
        s.onOpen(s.focused);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled, focusRow]);

  const help = listShortcuts({ expand: !!onExpand, select: !!onToggleSelect }, labels);
  return { focused, setFocused, helpOpen, setHelpOpen, help };
}
