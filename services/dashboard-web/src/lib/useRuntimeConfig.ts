import { useEffect, useState } from 'react';
import { ensureRuntimeConfig, runtimeConfig, type RuntimeConfig } from './runtimeConfig';

/** The runtime config and whether it has arrived yet. */
export function useRuntimeConfig(): { config: RuntimeConfig; ready: boolean } {
  const [state, setState] = useState<{ config: RuntimeConfig; ready: boolean }>({
    config: runtimeConfig(),
    ready: false,
  });
  useEffect(() => {
    let alive = true;
    ensureRuntimeConfig().then((c) => alive && setState({ config: c, ready: true }));
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
