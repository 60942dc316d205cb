// A small positioned popover with an arrow, anchored on an element of the page. Non-modal (the page stays usable),
// but it takes focus when it opens, keeps Tab inside itself, closes on Escape and works down to 390 px wide.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

interface Props {
  anchor: Element | null;
  title: string;
  body: string;
  step: number;
  total: number;
  onNext: () => void;
  onSkip: () => void;
}

interface Place {
  top: number;
  left: number;
  arrowLeft: number;
  side: 'below' | 'above' | 'center';
  ring: { top: number; left: number; width: number; height: number } | null;
}

const GAP = 12;
const MARGIN = 8;

export function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Where the popover goes: below the anchor when it fits, else above; always inside the viewport horizontally. */
export function placePopover(
  rect: { top: number; bottom: number; left: number; width: number; height: number } | null,
  size: { width: number; height: number },
  viewport: { width: number; height: number; scrollX: number; scrollY: number },
): Place {
  const width = Math.min(size.width, viewport.width - 2 * MARGIN);
  if (!rect) {
    return {
      top: viewport.scrollY + Math.max(MARGIN, (viewport.height - size.height) / 2),
      left: viewport.scrollX + (viewport.width - width) / 2,
      arrowLeft: 0,
      side: 'center',
      ring: null,
    };
  }
  const below = rect.bottom + GAP + size.height <= viewport.height || rect.top < size.height + GAP;
  const centre = rect.left + rect.width / 2;
  const left = Math.min(Math.max(MARGIN, centre - width / 2), viewport.width - width - MARGIN);
  const top = below ? rect.bottom + GAP : rect.top - GAP - size.height;
  return {
    top: top + viewport.scrollY,
    left: left + viewport.scrollX,
    arrowLeft: Math.min(Math.max(16, centre - left), width - 16),
    side: below ? 'below' : 'above',
    ring: {
      top: rect.top + viewport.scrollY - 4,
      left: rect.left + viewport.scrollX - 4,
      width: rect.width + 8,
      height: rect.height + 8,
    },
  };
}

export function TourPopover({ anchor, title, body, step, total, onNext, onSkip }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const [place, setPlace] = useState<Place | null>(null);
  const last = step === total - 1;

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const r = anchor?.getBoundingClientRect() ?? null;
    const next = placePopover(
      r && (r.width > 0 || r.height > 0) ? r : null,
      { width: el.offsetWidth || 320, height: el.offsetHeight || 160 },
      { width: window.innerWidth, height: window.innerHeight, scrollX: window.scrollX, scrollY: window.scrollY },
    );
    // the same place again (a scroll of the page the popover is pinned to) is no reason to render
    setPlace((prev) => (prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [anchor]);

  // Placed once the browser has laid the popover out: the ResizeObserver's first notification comes after the frame's
  // own layout, where measuring is free; measuring in a layout effect forced a style and layout of the whole page in
  // the middle of the commit (a first visit's longest task on a phone). Until then it is hidden.
  useEffect(() => {
    const scroll = () =>
      anchor?.scrollIntoView?.({ block: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      scroll();
      measure();
      return;
    }
    let first = true;
    const ro = new ResizeObserver(() => {
      if (first) scroll();
      first = false;
      measure();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [anchor, measure, step]);

  // at most one measurement a frame: a smooth scroll fires dozens of scroll events, each forcing a layout
  useEffect(() => {
    let frame = 0;
    const onMove = () => {
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          measure();
        });
    };
    window.addEventListener('resize', onMove);
    window.addEventListener('scroll', onMove, true);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', onMove);
      window.removeEventListener('scroll', onMove, true);
    };
  }, [measure]);

  // each step takes focus, so keyboard and screen-reader users are told what it points at; after a tick, because the
  // layout moves focus to <main> when the tour changes page
  // (once placed: a popover still hidden for its first measurement cannot take focus)
  const placed = place !== null;
  useEffect(() => {
    if (!placed) return;
    const t = setTimeout(() => nextRef.current?.focus({ preventScroll: true }), 0);
    return () => clearTimeout(t);
  }, [step, placed]);

  // Escape closes the tour wherever focus is (the popover is not modal)
  useEffect(() => {
    const onEscape = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) onSkip();
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, [onSkip]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab') return;
    const focusable = Array.from(ref.current?.querySelectorAll<HTMLElement>('button') ?? []);
    if (focusable.length === 0) return;
    const first = focusable[0];
    const lastEl = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      lastEl.focus();
    } else if (!e.shiftKey && document.activeElement === lastEl) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <>
      {place?.ring && <div className="tour-ring" aria-hidden="true" style={place.ring} />}
      <div
        ref={ref}
        className={`tour-popover tour-${place?.side ?? 'center'}`}
        role="dialog"
        aria-modal="false"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="tour-popover"
        onKeyDown={onKeyDown}
        style={place ? { top: place.top, left: place.left } : { visibility: 'hidden', top: 0, left: 0 }}
      >
        {place && place.side !== 'center' && (
          <span className="tour-arrow" aria-hidden="true" style={{ left: place.arrowLeft }} />
        )}
        <p className="small muted tour-count">
          Step {step + 1} of {total}
        </p>
        <h2 id={titleId} className="tour-title">
          {title}
        </h2>
        <p id={bodyId} className="tour-body">
          {body}
        </p>
        <div className="tour-actions">
          <button type="button" className="btn btn-sm btn-ghost" onClick={onSkip}>
            Skip tour
          </button>
          <button ref={nextRef} type="button" className="btn btn-sm btn-primary" onClick={onNext}>
            {last ? 'Done' : 'Next'}
          </button>
        </div>
      </div>
    </>
  );
}
