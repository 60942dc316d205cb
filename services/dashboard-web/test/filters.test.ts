import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  configToParams,
  filtersToApiQuery,
  filtersToParams,
  paramsToConfig,
  parseFilters,
} from '../src/lib/filters';
import { parseTimeRange, timeRangeQuery, writeTimeRange } from '../src/lib/timeRange';

const parse = (qs: string) => parseFilters(new URLSearchParams(qs));

describe('conversation filters <-> query string', () => {
  it('parse__whenEmpty__givesDefaults', () => {
    const f = parse('');
    expect(f).toMatchObject({
      healthMin: null,
      healthMax: null,
      hasFailures: null,
      hasNegativeFeedback: null,
      type: null,
      q: '',
      sort: 'last_activity',
      order: 'desc',
    });
    expect(f.range).toEqual({ kind: 'preset', timeframe: '7d' });
    expect(filtersToParams(f).toString()).toBe('');
  });

  it('roundTrip__keepsEveryFilter', () => {
    const qs =
      'timeframe=30d&health_min=10&health_max=55.5&has_failures=true&has_negative_feedback=true&type=agent_refusal&q=refund+please&sort=health&order=desc';
    const f = parse(qs);
    expect(f).toMatchObject({
      healthMin: 10,
      healthMax: 55.5,
      hasFailures: true,
      hasNegativeFeedback: true,
      type: 'agent_refusal',
      q: 'refund please',
      sort: 'health',
      order: 'desc',
    });
    expect(f.range).toEqual({ kind: 'preset', timeframe: '30d' });
    expect(parse(filtersToParams(f).toString())).toEqual(f);
    expect(filtersToParams(f).toString()).toBe(qs);
  });

  it('parse__whenValuesInvalid__dropsThem', () => {
    const f = parse(
      'health_min=-4&health_max=abc&has_failures=maybe&has_negative_feedback=1&type=not_a_type&timeframe=2y&sort=random',
    );
    expect(f.hasNegativeFeedback).toBeNull();
    expect(f.healthMin).toBeNull();
    expect(f.healthMax).toBeNull();
    expect(f.hasFailures).toBeNull();
    expect(f.type).toBeNull();
    expect(f.range).toEqual({ kind: 'preset', timeframe: '7d' });
    expect(f.sort).toBe('last_activity');
  });

  it('sortByHealth__defaultsToWorstFirst_andOmitsDefaultOrder', () => {
    const f = parse('sort=health');
    expect(f.order).toBe('asc');
    expect(filtersToParams(f).toString()).toBe('sort=health');
  });

  it('customRange__isKeptAsIsoInstants_andSentAsFromTo', () => {
    const f = parse('from=2025-01-01T00:00:00Z&to=2025-01-08T00:00:00Z&timeframe=24h');
    expect(f.range).toEqual({ kind: 'custom', from: '2025-01-01T00:00:00.000Z', to: '2025-01-08T00:00:00.000Z' });
    const q = filtersToApiQuery(f);
    expect(q.from).toBe('2025-01-01T00:00:00.000Z');
    expect(q.timeframe).toBeUndefined();
  });

  it('customRange__whenFromAfterTo__fallsBackToPreset', () => {
    expect(parseTimeRange(new URLSearchParams('from=2025-02-01&to=2025-01-01'))).toEqual({
      kind: 'preset',
      timeframe: '7d',
    });
  });

  it('allTime__onlyOnLists_andSendsNoTimeBound', () => {
    expect(parse('timeframe=all').range).toEqual({ kind: 'all' });
    expect(parseTimeRange(new URLSearchParams('timeframe=all'))).toEqual({ kind: 'preset', timeframe: '7d' });
    expect(timeRangeQuery({ kind: 'all' })).toEqual({});
    expect(writeTimeRange(new URLSearchParams('from=x&to=y'), { kind: 'all' }).toString()).toBe('timeframe=all');
  });

  it('apiQuery__sendsOnlySetFilters', () => {
    const q = filtersToApiQuery(parse('has_failures=false&q=hello'));
    expect(q).toMatchObject({ timeframe: '7d', has_failures: false, q: 'hello', sort: 'last_activity', order: 'desc' });
    expect(q.health_min).toBeUndefined();
    expect(q.type).toBeUndefined();
  });

  it('activeFilterCount__countsUserFiltersNotPeriodOrSort', () => {
    expect(activeFilterCount(parse('timeframe=30d&sort=health'))).toBe(0);
    expect(activeFilterCount(parse('health_min=1&health_max=2&type=abandonment&q=x'))).toBe(3);
  });

  it('savedViewConfig__roundTrips_andIsSanitised', () => {
    const p = new URLSearchParams('type=pii_exposure&has_failures=true&view=abc');
    const config = paramsToConfig(p);
    expect(config).toEqual({ type: 'pii_exposure', has_failures: 'true' });
    expect(configToParams(config).toString()).toBe('has_failures=true&type=pii_exposure');
    expect(
      configToParams({ type: 'bogus', evil: '<script>', health_min: 20 } as Record<string, unknown>).toString(),
    ).toBe('health_min=20');
    expect(configToParams(null).toString()).toBe('');
  });
});

import { curlSnippet } from '../src/lib/snippets';

describe('onboarding snippets', () => {
  it('curl__isValidJsonAfterShellQuoting', () => {
    const s = curlSnippet('http://localhost:8080', 'sk_Ab_cd');
    const body = s.slice(s.indexOf("-d '") + 4, s.lastIndexOf("'"));
    const parsed = JSON.parse(body.replace(/'\\''/g, "'"));
    expect(parsed.conversation_id).toBe('first-conversation');
    expect(parsed.messages).toHaveLength(2);
    expect(parsed.messages[1]).toMatchObject({ role: 'assistant', latency_ms: 850 });
    expect(s).toContain("-H 'Authorization: Bearer sk_Ab_cd'");
  });
});
