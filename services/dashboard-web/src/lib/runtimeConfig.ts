// Runtime configuration served by the gateway at GET /config.json (nulls when not configured). Read once at
// startup so one build runs in every environment.

export interface RuntimeConfig {
  supabase_url: string | null;
  supabase_anon_key: string | null;
  public_url: string | null;
  /** product analytics; no key: off (posthog-js is never loaded) */
  posthog?: { key: string | null; host: string | null; replay: boolean } | null;
}

const EMPTY: RuntimeConfig = { supabase_url: null, supabase_anon_key: null, public_url: null, posthog: null };

let config: RuntimeConfig = EMPTY;

export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<RuntimeConfig> {
  try {
    const res = await fetchImpl('/config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (res.ok) {
      const body = (await res.json()) as Partial<RuntimeConfig>;
      config = {
        supabase_url: body.supabase_url || null,
        supabase_anon_key: body.supabase_anon_key || null,
        public_url: body.public_url || null,
        posthog: body.posthog?.key
          ? { key: body.posthog.key, host: body.posthog.host || null, replay: body.posthog.replay === true }
          : null,
      };
    }
  } catch {
    // no config endpoint (e.g. plain vite preview): local login, current origin
  }
  return config;
}

let pending: Promise<RuntimeConfig> | null = null;

/** Loads /config.json once; later callers share the same answer. */
export function ensureRuntimeConfig(): Promise<RuntimeConfig> {
  if (!pending) pending = loadRuntimeConfig();
  return pending;
}

export function runtimeConfig(): RuntimeConfig {
  return config;
}

export function setRuntimeConfig(c: Partial<RuntimeConfig>): void {
  config = { ...EMPTY, ...c };
  pending = Promise.resolve(config);
}

export function supabaseEnabled(c: RuntimeConfig = config): boolean {
  return !!(c.supabase_url && c.supabase_anon_key);
}

/** Base URL customers send data to: the configured public URL, else where this dashboard is served from. */
export function publicBaseUrl(c: RuntimeConfig = config): string {
  return (c.public_url || window.location.origin).replace(/\/+$/, '');
}
