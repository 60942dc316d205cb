import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import OverviewPage from '../src/pages/OverviewPage';
import ConversationByExternalIdPage from '../src/pages/ConversationByExternalIdPage';
import { TimeSeriesChart } from '../src/charts/TimeSeriesChart';
import { bucketParams, dayParams, drillLink, healthBandParams } from '../src/lib/drillDown';
import { page, renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-10T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** 24 hourly buckets; conversations in hours 3 (2, one failing) and 9 (1, healthy); the day before had hour 3 only. */
function series() {
  const point = (t: number, n: number, health: number | null, failing: number) => ({
    start: iso(t),
    end: iso(t + HOUR),
    conversations: n,
    average_health: health,
    failing_conversations: failing,
    failure_rate: n ? failing / n : null,
    negative_feedback_rate: n ? 0 : null,
  });
  const points = Array.from({ length: 24 }, (_, i) =>
    i === 3
      ? point(T0 + i * HOUR, 2, 55, 1)
      : i === 9
        ? point(T0 + i * HOUR, 1, 90, 0)
        : point(T0 + i * HOUR, 0, null, 0),
  );
  const previous = Array.from({ length: 24 }, (_, i) =>
    i === 3 ? point(T0 - 24 * HOUR + i * HOUR, 4, 70, 1) : point(T0 - 24 * HOUR + i * HOUR, 0, null, 0),
  );
  return {
    from: iso(T0),
    to: iso(T0 + 24 * HOUR),
    bucket: 'hour',
    previous_from: iso(T0 - 24 * HOUR),
    previous_to: iso(T0),
    points,
    previous,
  };
}

const changes = (key: string) => ({
  key,
  from: iso(T0),
  to: iso(T0 + 24 * HOUR),
  baseline: key === 'model' ? 'gpt-4o-mini' : null,
  changes: key === 'model' ? [{ value: 'gpt-4o', first_seen: iso(T0 + 8.5 * HOUR), conversations: 1 }] : [],
  truncated: false,
  keys: [
    { key: 'model', conversations: 3 },
    { key: 'prompt_version', conversations: 1 },
  ],
});

const metric = (current: number, previous: number) => ({ current, previous, change: null });

function stubOverview() {
  return stubFetch((c) => {
    if (c.path === '/api/v1/analytics/summary')
      return {
        body: {
          from: iso(T0),
          to: iso(T0 + 24 * HOUR),
          conversations: metric(3, 4),
          messages: metric(12, 9),
          average_health: metric(66, 70),
          failure_rate: metric(1 / 3, 0.25),
          open_failures: metric(1, 1),
          total_conversations: 7,
          feedback_rate: metric(0, 0),
          negative_feedback_rate: metric(0, 0),
        },
      };
    if (c.path === '/api/v1/analytics/timeseries') return { body: series() };
    if (c.path === '/api/v1/analytics/changes') return { body: changes(c.query.get('key') ?? 'model') };
    if (c.path === '/api/v1/analytics/health-distribution')
      return {
        body: {
          buckets: Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i * 10 + 10, count: i === 5 ? 2 : 0 })),
          scored: 2,
          unscored: 0,
        },
      };
    if (c.path === '/api/v1/analytics/failures/trends')
      return {
        body: { types: ['agent_refusal'], points: [{ day: '2026-01-10', counts: { agent_refusal: 2 }, total: 2 }] },
      };
    if (c.path === '/api/v1/analytics/patterns') return { body: { run: null, patterns: [], active_run: null } };
    if (c.path === '/api/v1/conversations') return { body: page([]) };
    return undefined;
  });
}

describe('drill-down links', () => {
  it('keepTheScope_andAddWhatTheFigureCounts', () => {
    const scope = new URLSearchParams('timeframe=24h&environment=staging&marker=prompt_version');
    expect(drillLink('/conversations', scope, { has_failures: true })).toBe(
      '/conversations?timeframe=24h&environment=staging&has_failures=true',
    );
    // a bucket replaces the look-back with its own range
    expect(drillLink('/conversations', scope, bucketParams({ start: iso(T0), end: iso(T0 + HOUR) }))).toBe(
      `/conversations?environment=staging&from=${encodeURIComponent('2026-01-10T00:00:00.000Z')}&to=${encodeURIComponent('2026-01-10T01:00:00.000Z')}`,
    );
    expect(drillLink('/failures', new URLSearchParams())).toBe('/failures');
  });

  it('healthBands_areInclusiveOfOneDecimalScores_andTheLastIncludes100', () => {
    expect(healthBandParams({ min: 20, max: 30 })).toEqual({ health_min: 20, health_max: 29.9 });
    expect(healthBandParams({ min: 90, max: 100 })).toEqual({ health_min: 90, health_max: 100 });
    expect(dayParams('2026-01-10')).toEqual({ from: '2026-01-10T00:00:00.000Z', to: '2026-01-11T00:00:00.000Z' });
  });
});

describe('TimeSeriesChart', () => {
  const buckets = [0, 1, 2].map((i) => ({ start: iso(T0 + i * HOUR), end: iso(T0 + (i + 1) * HOUR) }));

  it('pointsAreFocusableLinks_gapsHaveNone_andEnterSelects', () => {
    const onSelect = vi.fn();
    const { container } = render(
      <TimeSeriesChart
        label="Average health per hour"
        buckets={buckets}
        unit="hour"
        yMax={100}
        series={[
          { key: 'cur', label: 'Now', color: 'green', values: [80, null, 60] },
          { key: 'prev', label: 'Before', color: 'grey', dashed: true, values: [70, 75, 65] },
        ]}
        formatValue={(v) => String(v)}
        tooltip={(i) => `bucket ${i}`}
        pointLabel={(i) => `point ${i}`}
        onSelect={onSelect}
        markers={[{ key: 'm', at: iso(T0 + 1.5 * HOUR), label: 'model → gpt-4o, first seen today' }]}
      />,
    );
    const chart = screen.getByRole('group', { name: 'Average health per hour' });
    const points = within(chart).getAllByRole('link');
    expect(points.map((p) => p.getAttribute('aria-label'))).toEqual(['point 0', 'point 2']);
    expect(points.every((p) => p.getAttribute('tabindex') === '0')).toBe(true);
    fireEvent.keyDown(points[1], { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith(2);
    // the previous period is one unbroken dashed line; the current one has a gap, so no line joins 0 and 2
    const prev = container.querySelector('polyline[data-series="prev"]')!;
    expect(prev.getAttribute('stroke-dasharray')).toBe('5 4');
    expect(container.querySelector('polyline[data-series="cur"]')).toBeNull();
    const marker = within(chart).getByRole('img', { name: 'model → gpt-4o, first seen today' });
    fireEvent.focus(marker);
    expect(screen.getByRole('tooltip')).toHaveTextContent('model → gpt-4o');
    fireEvent.focus(points[0]);
  });

  it('aMarkerOutsideThePeriod_isNotDrawn', () => {
    render(
      <TimeSeriesChart
        label="c"
        buckets={buckets}
        unit="hour"
        series={[{ key: 'cur', label: 'Now', color: 'green', values: [1, 2, 3] }]}
        formatValue={(v) => String(v)}
        tooltip={() => null}
        markers={[{ key: 'm', at: iso(T0 + 5 * HOUR), label: 'late' }]}
      />,
    );
    expect(screen.queryByRole('img', { name: 'late' })).toBeNull();
  });
});

describe('overview trends and drill-down', () => {
  it('showsHourlyLinesWithThePreviousPeriodAndTheModelChange', async () => {
    signIn();
    const calls = stubOverview();
    renderAt('/?timeframe=24h', <Route path="/" element={<OverviewPage />} />);
    const health = await screen.findByRole('group', { name: 'Average health per hour' });
    expect(within(health).getAllByRole('link')).toHaveLength(2);
    const failure = screen.getByRole('group', { name: 'Failure rate per hour' });
    expect(
      within(failure).getByRole('img', {
        name: /^model → gpt-4o, first seen .* · 1 conversation \(before: gpt-4o-mini\)$/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('per hour, against the previous period')).toBeInTheDocument();
    const ts = calls.find((c) => c.path === '/api/v1/analytics/timeseries')!;
    expect(ts.query.get('timeframe')).toBe('24h');
    expect(calls.find((c) => c.path === '/api/v1/analytics/changes')!.query.get('key')).toBe('model');
  });

  it('aPointOpensTheConversationsOfItsBucket', async () => {
    signIn();
    stubOverview();
    const user = userEvent.setup();
    renderAt('/?timeframe=24h', <Route path="/" element={<OverviewPage />} />);
    const failure = await screen.findByRole('group', { name: 'Failure rate per hour' });
    await user.click(within(failure).getAllByRole('link')[0]);
    const loc = new URL(screen.getByTestId('location').textContent!, 'http://x');
    expect(loc.pathname).toBe('/conversations');
    expect(Object.fromEntries(loc.searchParams)).toEqual({
      from: '2026-01-10T03:00:00.000Z',
      to: '2026-01-10T04:00:00.000Z',
      has_failures: 'true',
    });
  });

  it('theMarkerKeyIsChosenFromThePeriodsKeys_andKeptInTheUrl', async () => {
    signIn();
    const calls = stubOverview();
    const user = userEvent.setup();
    renderAt('/?timeframe=24h', <Route path="/" element={<OverviewPage />} />);
    const select = await screen.findByLabelText('Mark changes of');
    await waitFor(() =>
      expect([...(select as HTMLSelectElement).options].map((o) => o.value)).toEqual([
        'model',
        'prompt_version',
        'agent_version',
        'none',
      ]),
    );
    await user.selectOptions(select, 'prompt_version');
    expect(screen.getByTestId('location').textContent).toBe('/?timeframe=24h&marker=prompt_version');
    await waitFor(() =>
      expect(
        calls
          .filter((c) => c.path === '/api/v1/analytics/changes')
          .at(-1)!
          .query.get('key'),
      ).toBe('prompt_version'),
    );
    expect(await screen.findByText('No new prompt_version in this period')).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /gpt-4o/ })).toBeNull();
  });

  it('kpiCardsAreLinksToTheListTheyCount', async () => {
    signIn();
    stubOverview();
    const user = userEvent.setup();
    renderAt('/?timeframe=24h&environment=staging', <Route path="/" element={<OverviewPage />} />);
    const rate = await screen.findByRole('link', {
      name: /^Failure rate: 33\.3%\. Open the conversations with failures$/,
    });
    expect(rate).toHaveAttribute('href', '/conversations?timeframe=24h&environment=staging&has_failures=true');
    expect(screen.getByRole('link', { name: /^Open failures: 1\./ })).toHaveAttribute(
      'href',
      '/failures?timeframe=24h&environment=staging',
    );
    await user.click(screen.getByRole('link', { name: /^Conversations: 3\./ }));
    expect(screen.getByTestId('location').textContent).toBe('/conversations?timeframe=24h&environment=staging');
  });

  it('barsOpenTheHealthBandAndTheDaysFailures', async () => {
    signIn();
    stubOverview();
    const user = userEvent.setup();
    renderAt('/?timeframe=24h', <Route path="/" element={<OverviewPage />} />);
    await user.click(await screen.findByRole('link', { name: 'Health 50–60: 2 conversations. Open them' }));
    expect(screen.getByTestId('location').textContent).toBe(
      '/conversations?timeframe=24h&health_min=50&health_max=59.9&sort=health',
    );
  });

  it('aFailureTrendBarOpensThatDaysFailuresOfEveryStatus', async () => {
    signIn();
    stubOverview();
    renderAt('/?timeframe=24h', <Route path="/" element={<OverviewPage />} />);
    const bar = await screen.findByRole('link', { name: /: 2 failures\. Open them$/ });
    fireEvent.keyDown(bar, { key: 'Enter' });
    const loc = new URL(screen.getByTestId('location').textContent!, 'http://x');
    expect(loc.pathname).toBe('/failures');
    expect(Object.fromEntries(loc.searchParams)).toEqual({
      from: '2026-01-10T00:00:00.000Z',
      to: '2026-01-11T00:00:00.000Z',
      status: 'all',
    });
  });
});

describe('/c/<conversation id>', () => {
  const routes = (
    <>
      <Route path="/c/*" element={<ConversationByExternalIdPage />} />
      <Route path="/conversations/:id" element={<div>detail page</div>} />
    </>
  );

  it('oneMatch_opensItsDetailPage', async () => {
    signIn();
    const calls = stubFetch((c) =>
      c.path.startsWith('/api/v1/conversations/by-external-id/')
        ? {
            body: [
              {
                id: '11111111-1111-4111-8111-111111111111',
                external_id: 'order/42 x',
                environment: 'production',
                last_activity_at: iso(T0),
                health_score: 50,
              },
            ],
          }
        : undefined,
    );
    renderAt('/c/order%2F42%20x', routes);
    expect(await screen.findByText('detail page')).toBeInTheDocument();
    expect(screen.getByTestId('location').textContent).toBe('/conversations/11111111-1111-4111-8111-111111111111');
    // the id reaches the API as one encoded path segment
    const url = calls[0];
    expect(decodeURIComponent(url.path.slice('/api/v1/conversations/by-external-id/'.length))).toBe('order/42 x');
  });

  it('unknownId_saysSo', async () => {
    signIn();
    stubFetch(() => undefined); // every request answers 404
    renderAt('/c/nope-123', routes);
    expect(await screen.findByText('Conversation not found')).toBeInTheDocument();
    expect(screen.getByText('nope-123')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Search the conversations' })).toHaveAttribute(
      'href',
      '/conversations?q=nope-123&timeframe=all',
    );
  });

  it('anIdInSeveralEnvironments_asksWhichOne', async () => {
    signIn();
    stubFetch(() => ({
      body: [
        { id: 'a', external_id: 'x', environment: 'staging', last_activity_at: iso(T0), health_score: null },
        { id: 'b', external_id: 'x', environment: 'production', last_activity_at: iso(T0), health_score: 80 },
      ],
    }));
    renderAt('/c/x', routes);
    expect(await screen.findByText(/used in 2 environments/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'production' })).toHaveAttribute('href', '/conversations/b');
  });
});
