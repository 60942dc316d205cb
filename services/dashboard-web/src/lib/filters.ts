// Conversation list filters <-> query string. The URL is the single source of truth, so a filtered list can be
// shared, bookmarked, reloaded and saved as a view (a saved view's config is exactly these params). The environment is
// not one of them: it is the dashboard-wide scope (lib/scope.ts), kept beside these params in the URL.
import { FAILURE_TYPES } from '../api/types';
import { parseTimeRange, timeRangeQuery, writeTimeRange, type TimeRange } from './timeRange';

export type SortKey = 'last_activity' | 'health';
export type SortOrder = 'asc' | 'desc';

export interface ConversationFilters {
  range: TimeRange;
  healthMin: number | null;
  healthMax: number | null;
  /** null = all, true = only with failures, false = only without */
  hasFailures: boolean | null;
  /** null = all, true = only with negative feedback, false = only without */
  hasNegativeFeedback: boolean | null;
  type: string | null;
  /** a usage pattern's id (from the Patterns page's "View conversations"); its label rides along for the chip */
  pattern: string | null;
  patternLabel: string | null;
  q: string;
  sort: SortKey;
  order: SortOrder;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Conversations list of one usage pattern (the Patterns page links here). */
export function patternConversationsPath(patternId: string, label: string, environment: string | null): string {
  // every member, whenever it was active (the pattern's own window decided who belongs), in the run's environment
  const p = new URLSearchParams({ timeframe: 'all', pattern: patternId, pattern_label: label });
  p.set('env', environment ?? 'all');
  return `/conversations?${p.toString()}`;
}

export const DEFAULT_SORT: SortKey = 'last_activity';

export function defaultOrder(sort: SortKey): SortOrder {
  // newest first; worst health first
  return sort === 'health' ? 'asc' : 'desc';
}

function parseHealth(v: string | null): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

export function parseFilters(params: URLSearchParams): ConversationFilters {
  const sort: SortKey = params.get('sort') === 'health' ? 'health' : DEFAULT_SORT;
  const orderParam = params.get('order');
  const order: SortOrder = orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort);
  const hf = params.get('has_failures');
  const hnf = params.get('has_negative_feedback');
  const type = params.get('type');
  return {
    range: parseTimeRange(params, { allowAll: true }),
    healthMin: parseHealth(params.get('health_min')),
    healthMax: parseHealth(params.get('health_max')),
    hasFailures: hf === 'true' ? true : hf === 'false' ? false : null,
    hasNegativeFeedback: hnf === 'true' ? true : hnf === 'false' ? false : null,
    type: type && (FAILURE_TYPES as readonly string[]).includes(type) ? type : null,
    pattern: UUID.test(params.get('pattern') ?? '') ? params.get('pattern')!.toLowerCase() : null,
    patternLabel: UUID.test(params.get('pattern') ?? '') ? params.get('pattern_label')?.trim() || null : null,
    q: params.get('q')?.trim() ?? '',
    sort,
    order,
  };
}

/** Only non-default values are written, so the same filters always give the same (short) query string. */
export function filtersToParams(f: ConversationFilters): URLSearchParams {
  const p = new URLSearchParams();
  writeTimeRange(p, f.range);
  if (f.healthMin !== null) p.set('health_min', String(f.healthMin));
  if (f.healthMax !== null) p.set('health_max', String(f.healthMax));
  if (f.hasFailures !== null) p.set('has_failures', String(f.hasFailures));
  if (f.hasNegativeFeedback !== null) p.set('has_negative_feedback', String(f.hasNegativeFeedback));
  if (f.type) p.set('type', f.type);
  if (f.pattern) {
    p.set('pattern', f.pattern);
    if (f.patternLabel) p.set('pattern_label', f.patternLabel);
  }
  if (f.q) p.set('q', f.q);
  if (f.sort !== DEFAULT_SORT) p.set('sort', f.sort);
  if (f.order !== defaultOrder(f.sort)) p.set('order', f.order);
  return p;
}

/** The /conversations query for these filters (cursor and limit are added by the pager). */
export function filtersToApiQuery(f: ConversationFilters): Record<string, string | number | boolean | undefined> {
  return {
    ...timeRangeQuery(f.range),
    health_min: f.healthMin ?? undefined,
    health_max: f.healthMax ?? undefined,
    has_failures: f.hasFailures ?? undefined,
    has_negative_feedback: f.hasNegativeFeedback ?? undefined,
    type: f.type ?? undefined,
    pattern_id: f.pattern ?? undefined,
    q: f.q || undefined,
    sort: f.sort,
    order: f.order,
  };
}

/** How many filters differ from the defaults (for the "Clear filters (n)" button). */
export function activeFilterCount(f: ConversationFilters): number {
  let n = 0;
  if (f.healthMin !== null || f.healthMax !== null) n++;
  if (f.hasFailures !== null) n++;
  if (f.hasNegativeFeedback !== null) n++;
  if (f.type) n++;
  if (f.pattern) n++;
  if (f.q) n++;
  return n;
}

/** Saved views store the query string as a flat object. */
export function paramsToConfig(p: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  p.forEach((v, k) => {
    if (k !== 'view') out[k] = v;
  });
  return out;
}

export function configToParams(config: Record<string, unknown> | null | undefined): URLSearchParams {
  const p = new URLSearchParams();
  if (!config) return p;
  for (const [k, v] of Object.entries(config)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') p.set(k, String(v));
  }
  // normalise through the parser so a stale or hand-edited view cannot inject unknown params
  return filtersToParams(parseFilters(p));
}
