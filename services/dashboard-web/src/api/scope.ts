// The scope picker's choices: environments with conversation counts and the common metadata tags.
import { api } from './client';
import type { components } from './schema.gen';

export type ScopeOptions = components['schemas']['ScopeOptions'];
export type EnvironmentOption = components['schemas']['EnvironmentOption'];
export type TagOption = components['schemas']['TagOption'];

export const scopeApi = {
  /** `environment` narrows the tags to that environment; the environment list is always complete */
  options: (environment?: string) => api.get<ScopeOptions>('/scope', { query: { environment } }),
};

/** One cache entry per environment's tags; the environment list is the same in each. */
export const scopeOptionsKey = (environment?: string) => ['scope-options', environment ?? null] as const;
