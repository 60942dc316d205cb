/**
 * Flushing when the host goes away, for every live Sensei instance:
 * - Node: `beforeExit` (the loop ran dry: one bounded flush keeps it alive a little longer) and `SIGTERM`
 *   (flush, then — only if nobody else listens for SIGTERM — re-raise it so the process ends as it would have).
 * - Browsers: `pagehide` and `visibilitychange` to hidden send what is queued with `fetch(..., { keepalive: true })`.
 */
import { nodeProcess } from './util.js';

export interface LifecycleTarget {
  flushForExit(): Promise<boolean>;
  flushKeepalive(): void;
  resumeFromKeepalive(): void;
}

const instances = new Set<LifecycleTarget>();
let installed = false;

type BrowserGlobal = {
  addEventListener?: (type: string, fn: () => void, opts?: unknown) => void;
  document?: { visibilityState?: string; addEventListener?: (type: string, fn: () => void) => void };
};

function flushAllForExit(): Promise<unknown> {
  return Promise.all([...instances].map((i) => i.flushForExit().catch(() => false)));
}

function onBeforeExit(): void {
  void flushAllForExit();
}

let terminating = false;

function onSigterm(): void {
  const proc = nodeProcess();
  if (!proc || terminating) return;
  terminating = true;
  void flushAllForExit().finally(() => {
    // if we are the only listener, Node's default (exit on SIGTERM) was disabled by our listening: restore it
    proc.removeListener('SIGTERM', onSigterm);
    if (proc.listenerCount('SIGTERM') === 0) proc.kill(proc.pid, 'SIGTERM');
    terminating = false;
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  const proc = nodeProcess();
  if (proc) {
    proc.on('beforeExit', onBeforeExit);
    proc.on('SIGTERM', onSigterm);
    return;
  }
  const w = globalThis as unknown as BrowserGlobal;
  if (typeof w.addEventListener === 'function') {
    const hide = () => instances.forEach((i) => i.flushKeepalive());
    w.addEventListener('pagehide', hide);
    w.document?.addEventListener?.('visibilitychange', () => {
      if (w.document?.visibilityState === 'hidden') hide();
      else instances.forEach((i) => i.resumeFromKeepalive());
    });
  }
}

function uninstall(): void {
  const proc = nodeProcess();
  if (!installed || !proc) return; // browser listeners are cheap no-ops without instances: keep them
  proc.removeListener('beforeExit', onBeforeExit);
  proc.removeListener('SIGTERM', onSigterm);
  installed = false;
}

export function registerLifecycle(target: LifecycleTarget): void {
  instances.add(target);
  install();
}

export function unregisterLifecycle(target: LifecycleTarget): void {
  instances.delete(target);
  if (instances.size === 0) uninstall();
}
