// Work that must not compete with the first paint on a slow phone: it runs in a task of its own once the browser has
// painted (and, for whenIdle, once it has nothing more urgent to do), so the first render stays one short task.
import { startTransition, useEffect, useState } from 'react';

/** Resolves when the main thread is idle (at the latest after `timeoutMs`); without requestIdleCallback, next task. */
export function whenIdle(timeoutMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}

/**
 * False for the first render, true once the browser has painted it. The switch is a transition: React renders what
 * it reveals in slices, yielding to input, rather than in one long task.
 */
export function useAfterPaint(): boolean {
  return useStagesAfterPaint(1) > 0;
}

/**
 * How many of `count` stages to show: 0 for the first render, then one more after each paint. Each stage is its own
 * transition and commit (its cards' DOM, and the requests their queries start, in tasks of their own), rather than
 * every card below the fold in one long task.
 */
export function useStagesAfterPaint(count: number): number {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= count) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // the frame callback runs just before the paint; the timeout after it runs once the paint is done
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setStage((s) => Math.max(s, stage + 1))), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [stage, count]);
  return stage;
}
