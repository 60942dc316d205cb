// The guided first-run tour: started from the onboarding checklist, and by itself on a user's first sign-in (the
// first time they land on the Overview). Dismissed or finished is remembered per user via /me/preferences
// (localStorage keyed by the user's subject when the API fails).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useRole } from '../auth/role';
import { usePreferences, useUpdatePreferences } from '../lib/preferences';
import { stepsFor } from './tourSteps';
import './tour.css';

// the popover is only drawn while a tour runs (once per user): it is not part of the shell every page load fetches.
// Loaded by hand rather than with lazy() + Suspense: React holds back the reveal of a suspended boundary for up to
// 300 ms after any fallback was shown, and the popover (the largest text of a first visit) then painted that late.
type Popover = typeof import('./TourPopover').TourPopover;
let loadedPopover: Popover | null = null;
const loadPopover = () =>
  import('./TourPopover').then((m) => {
    loadedPopover = m.TourPopover;
    return m.TourPopover;
  });

interface TourApi {
  active: boolean;
  start: () => void;
}

const TourContext = createContext<TourApi>({ active: false, start: () => undefined });

export function useTour(): TourApi {
  return useContext(TourContext);
}

const ANCHOR_WAIT_MS = 4000;

/** The element marked data-tour="<id>", once the page has rendered it (null after the wait: shown centred). */
function useAnchor(id: string | null, pathname: string): Element | null {
  const [el, setEl] = useState<Element | null>(null);
  useEffect(() => {
    setEl(null);
    if (!id) return;
    const find = () => document.querySelector(`[data-tour="${id}"]`);
    const found = find();
    if (found) {
      setEl(found);
      return;
    }
    const observer = new MutationObserver(() => {
      const f = find();
      if (f) {
        setEl(f);
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const timer = setTimeout(() => observer.disconnect(), ANCHOR_WAIT_MS);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [id, pathname]);
  return el;
}

export function TourProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { canWrite, pending: rolePending } = useRole();
  const prefs = usePreferences();
  const save = useUpdatePreferences(prefs.subject);
  const steps = useMemo(() => stepsFor(canWrite), [canWrite]);
  const [index, setIndex] = useState<number | null>(null);
  const seen = useRef<Set<string>>(new Set());
  const autoStarted = useRef(false);
  const opener = useRef<HTMLElement | null>(null);
  const step = index === null ? null : (steps[index] ?? null);
  const anchor = useAnchor(step && pathname === step.route ? step.id : null, pathname);
  const [TourPopover, setTourPopover] = useState<Popover | null>(() => loadedPopover);
  useEffect(() => {
    if (step && !TourPopover) void loadPopover().then((p) => setTourPopover(() => p));
  }, [step, TourPopover]);

  const begin = useCallback(
    (from: number) => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setIndex(from);
      if (steps[from] && pathname !== steps[from].route) navigate(steps[from].route);
    },
    [steps, pathname, navigate],
  );

  // first sign-in: the tour starts by itself on the Overview, resuming after the steps already seen
  useEffect(() => {
    if (autoStarted.current || !prefs.settled || rolePending || !prefs.subject || prefs.tourDismissed) return;
    if (pathname !== '/') return;
    autoStarted.current = true;
    prefs.tourStepsSeen.forEach((s) => seen.current.add(s));
    const first = steps.findIndex((s) => !seen.current.has(s.id));
    if (first === 0 || first === -1) begin(0);
    else begin(first);
  }, [prefs.settled, prefs.subject, prefs.tourDismissed, prefs.tourStepsSeen, rolePending, pathname, steps, begin]);

  const close = useCallback(() => {
    setIndex(null);
    save.mutate({ onboarding: { tour_dismissed: true, tour_steps_seen: [...seen.current] } });
    const back = opener.current;
    if (back && document.contains(back)) back.focus({ preventScroll: true });
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [save]);

  const next = useCallback(() => {
    if (index === null || !step) return;
    seen.current.add(step.id);
    const n = index + 1;
    if (n >= steps.length) {
      close();
      return;
    }
    save.mutate({ onboarding: { tour_dismissed: false, tour_steps_seen: [...seen.current] } });
    setIndex(n);
    if (pathname !== steps[n].route) navigate(steps[n].route);
  }, [index, step, steps, pathname, navigate, close, save]);

  const skip = useCallback(() => {
    if (step) seen.current.add(step.id);
    close();
  }, [step, close]);

  const api = useMemo<TourApi>(() => ({ active: index !== null, start: () => begin(0) }), [index, begin]);

  return (
    <TourContext.Provider value={api}>
      {children}
      {step && pathname === step.route && TourPopover && (
        <TourPopover
          anchor={anchor}
          title={step.title}
          body={step.body}
          step={index!}
          total={steps.length}
          onNext={next}
          onSkip={skip}
        />
      )}
    </TourContext.Provider>
  );
}
