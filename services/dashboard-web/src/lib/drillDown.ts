// Drill-down links from the Overview to the lists behind its figures. A link keeps the page's own scope (period,
// environment and whatever else the URL holds) and adds what the clicked figure counts; the list pages read these
// params already (lib/filters.ts for conversations, FailuresPage for failures).

/** Overview-only params that mean nothing to a list. */
const OVERVIEW_ONLY = ['marker'];

export function drillLink(
  path: '/conversations' | '/failures',
  scope: URLSearchParams,
  set: Record<string, string | number | boolean | null | undefined> = {},
): string {
  const p = new URLSearchParams(scope);
  OVERVIEW_ONLY.forEach((k) => p.delete(k));
  if ('from' in set || 'to' in set) p.delete('timeframe');
  for (const [k, v] of Object.entries(set)) {
    if (v === null || v === undefined || v === '') p.delete(k);
    else p.set(k, String(v));
  }
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A time bucket [start, end) as the lists' custom range. */
export function bucketParams(bucket: { start: string; end: string }): { from: string; to: string } {
  return { from: new Date(bucket.start).toISOString(), to: new Date(bucket.end).toISOString() };
}

/**
 * A health-distribution band [min, max) as the list's inclusive health_min/health_max. Scores carry one decimal
 * (the scorers round to 0.1), so the band's top is max - 0.1, except the last band, which includes 100.
 */
export function healthBandParams(band: { min: number; max: number }): { health_min: number; health_max: number } {
  return { health_min: band.min, health_max: band.max >= 100 ? 100 : Math.round((band.max - 0.1) * 10) / 10 };
}

/** One UTC day (the failure trend's points) as a custom range. */
export function dayParams(day: string): { from: string; to: string } {
  const start = new Date(`${day}T00:00:00Z`);
  return { from: start.toISOString(), to: new Date(start.getTime() + 86_400_000).toISOString() };
}
