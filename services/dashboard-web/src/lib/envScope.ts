// The environment the Patterns page is scoped to, read from the URL's `env` param (`env=all`: every environment;
// absent: production). Stand-in for the shared scope module (src/lib/scope.ts) with the same param and defaults;
// once both are merged, this reads from there.
import { useSearchParams } from 'react-router';

export const ENV_PARAM = 'env';
export const ALL_ENVIRONMENTS = 'all';
export const DEFAULT_ENVIRONMENT = 'production';

/** The scoped environment's name, or null for every environment. */
export function environmentOf(params: URLSearchParams): string | null {
  const env = params.get(ENV_PARAM)?.trim() || DEFAULT_ENVIRONMENT;
  return env === ALL_ENVIRONMENTS ? null : env;
}

export function useScopeEnvironment(): string | null {
  const [params] = useSearchParams();
  return environmentOf(params);
}
