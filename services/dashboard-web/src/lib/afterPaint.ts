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
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // the frame callback runs just before the paint; the timeout after it runs once the paint is done
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setPainted(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
