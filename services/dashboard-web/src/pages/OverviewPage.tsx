import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { track } from '../analytics/analytics';
import { EVENTS } from '../analytics/events';
import { analyticsApi, conversationsApi } from '../api/endpoints';
import FailureTrendChart from '../charts/FailureTrendChart';
import HealthDistributionChart from '../charts/HealthDistributionChart';
import { HealthBadge, TypeChip } from '../components/Badges';
import { KpiCard } from '../components/KpiCard';
import { EmptyState, ErrorState, Loading, Skeleton } from '../components/States';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { formatHealth, formatNumber, formatPercent, relativeTime } from '../lib/format';
import { describeTimeRange, parseTimeRange, timeRangeQuery, writeTimeRange, type TimeRange } from '../lib/timeRange';
import { usePageTitle } from '../lib/usePageTitle';
import { useScopeQuery } from '../lib/scope';
import { TrendsCard } from './overview/TrendsCard';
import { dayParams, drillLink, healthBandParams } from '../lib/drillDown';
import { useStagesAfterPaint } from '../lib/afterPaint';
import { useDeferredQuery } from '../lib/useDeferredQuery';

// only a workspace without any conversation sees the onboarding checklist: it is not part of the usual first load
const Onboarding = lazy(() => import('./Onboarding').then((m) => ({ default: m.Onboarding })));

const chartFallback = <Skeleton height={240} />;

export default function OverviewPage() {
  usePageTitle('Overview');
  const [params, setParams] = useSearchParams();
  const range = parseTimeRange(params);
  const scope = useScopeQuery();
  const q = { ...timeRangeQuery(range), ...scope };
  const setRange = (r: TimeRange) => setParams(writeTimeRange(new URLSearchParams(params), r), { replace: true });

  const summary = useQuery({
    queryKey: ['summary', q],
    queryFn: () => analyticsApi.summary(q),
    // while there is no data at all, poll so the onboarding notices the first conversation arriving
    refetchInterval: (query) => (query.state.data?.total_conversations === 0 ? 5000 : false),
  });
  const firstRun = summary.data?.total_conversations === 0;
  // the onboarding checklist was showing and its polling saw the first conversation arrive
  const sawFirstRun = useRef(false);
  useEffect(() => {
    if (firstRun) sawFirstRun.current = true;
    else if (sawFirstRun.current && (summary.data?.total_conversations ?? 0) > 0) {
      sawFirstRun.current = false;
      track(EVENTS.firstConversationReceived, {});
    }
  }, [firstRun, summary.data?.total_conversations]);

  return (
    <>
      <header className="page-header" data-tour="overview">
        <div>
          <h1>Overview</h1>
          <p className="subtitle">How your agents' conversations went, {describeTimeRange(range)}.</p>
        </div>
        {!firstRun && <TimeRangePicker value={range} onChange={setRange} />}
      </header>

      {summary.isError ? (
        <div className="card">
          <ErrorState error={summary.error} onRetry={() => summary.refetch()} />
        </div>
      ) : firstRun ? (
        <Suspense fallback={<Skeleton height={320} />}>
          <Onboarding />
        </Suspense>
      ) : (
        <Dashboard range={range} />
      )}
    </>
  );
}

// Each card asks for its own data, so one answer arriving re-renders one card, not the page. The KPIs render (and
// ask) first; the cards under them come after the first paint, a row per frame, so on a phone no render (nor the
// requests it starts) is one long task.
function Dashboard({ range }: { range: TimeRange }) {
  const q = { ...timeRangeQuery(range), ...useScopeQuery() };
  const rangeParams = writeTimeRange(new URLSearchParams(), range).toString();
  const stage = useStagesAfterPaint(3);
  return (
    <div className="stack">
      <Kpis q={q} />
      {stage >= 1 ? <TrendsCard q={q} /> : <Skeleton height={480} />}
      {stage >= 2 && (
        <div className="grid grid-2">
          <DistributionCard q={q} />
          <TrendCard q={q} rangeParams={rangeParams} />
        </div>
      )}
      {stage >= 3 && (
        <div className="grid grid-2">
          <PatternsCard />
          <LowHealthCard q={q} rangeParams={rangeParams} />
        </div>
      )}
    </div>
  );
}

type RangeQuery = ReturnType<typeof timeRangeQuery> & ReturnType<typeof useScopeQuery>;

function Kpis({ q }: { q: RangeQuery }) {
  const summary = useDeferredQuery({ queryKey: ['summary', q], queryFn: () => analyticsApi.summary(q) });
  const s = summary.data;
  const loading = summary.isPending;
  // each figure opens the list it counts, in the same scope
  const [scope] = useSearchParams();
  return (
    <div className="grid grid-kpi">
      <KpiCard
        label="Conversations"
        metric={s?.conversations}
        loading={loading}
        to={drillLink('/conversations', scope)}
        linkLabel="Open the conversations"
        higherIsBetter={null}
        format={(n) => formatNumber(n, { compact: true })}
      />
      <KpiCard
        label="Messages"
        metric={s?.messages}
        loading={loading}
        to={drillLink('/conversations', scope)}
        linkLabel="Open the conversations"
        higherIsBetter={null}
        format={(n) => formatNumber(n, { compact: true })}
      />
      <KpiCard
        label="Average health"
        metric={s?.average_health}
        loading={loading}
        to={drillLink('/conversations', scope, { sort: 'health' })}
        linkLabel="Open the conversations, worst health first"
        higherIsBetter
        format={formatHealth}
      />
      <KpiCard
        label="Failure rate"
        metric={s?.failure_rate}
        loading={loading}
        to={drillLink('/conversations', scope, { has_failures: true })}
        linkLabel="Open the conversations with failures"
        higherIsBetter={false}
        format={(n) => formatPercent(n)}
      />
      <KpiCard
        label="Open failures"
        metric={s?.open_failures}
        loading={loading}
        to={drillLink('/failures', scope)}
        linkLabel="Open the open failures"
        higherIsBetter={false}
        format={(n) => formatNumber(n)}
      />
      <KpiCard
        label="Feedback received"
        metric={s?.feedback_rate}
        loading={loading}
        to={drillLink('/conversations', scope, { has_negative_feedback: true })}
        linkLabel="Open the conversations with negative feedback"
        higherIsBetter={null}
        format={(n) => formatPercent(n)}
        secondary={{ label: 'negative', metric: s?.negative_feedback_rate, higherIsBetter: false }}
      />
    </div>
  );
}

function DistributionCard({ q }: { q: RangeQuery }) {
  const distribution = useDeferredQuery({
    queryKey: ['health-distribution', q],
    queryFn: () => analyticsApi.healthDistribution(q),
  });
  const [scope] = useSearchParams();
  const navigate = useNavigate();
  return (
    <section className="card" aria-labelledby="dist-title">
      <div className="card-header">
        <h2 id="dist-title">Health distribution</h2>
        {distribution.data && distribution.data.unscored > 0 && (
          <span className="hint">{formatNumber(distribution.data.unscored)} not scored yet</span>
        )}
      </div>
      <div className="card-body">
        {distribution.isPending ? (
          <Loading label="Loading health distribution">{chartFallback}</Loading>
        ) : distribution.isError ? (
          <ErrorState error={distribution.error} onRetry={() => distribution.refetch()} />
        ) : distribution.data.buckets.every((b) => b.count === 0) ? (
          <EmptyState title="No scored conversations in this period">
            Conversations are scored a few seconds after they arrive. Pick a longer period to see older ones.
          </EmptyState>
        ) : (
          <HealthDistributionChart
            buckets={distribution.data.buckets}
            onSelectBucket={(b) =>
              navigate(drillLink('/conversations', scope, { ...healthBandParams(b), sort: 'health' }))
            }
          />
        )}
      </div>
    </section>
  );
}

function TrendCard({ q, rangeParams }: { q: RangeQuery; rangeParams: string }) {
  const trends = useDeferredQuery({ queryKey: ['failure-trends', q], queryFn: () => analyticsApi.failureTrends(q) });
  const trendHasData = (trends.data?.points ?? []).some((p) => p.total > 0);
  const [scope] = useSearchParams();
  const navigate = useNavigate();
  return (
    <section className="card" aria-labelledby="trend-title">
      <div className="card-header">
        <h2 id="trend-title">Failures per day</h2>
        <Link className="small" to={`/failures${rangeParams ? `?${rangeParams}` : ''}`}>
          View failures
        </Link>
      </div>
      <div className="card-body" style={{ paddingBottom: 0 }}>
        {trends.isPending ? (
          <Loading label="Loading failure trends">{chartFallback}</Loading>
        ) : trends.isError ? (
          <ErrorState error={trends.error} onRetry={() => trends.refetch()} />
        ) : !trendHasData ? (
          <EmptyState title="No failures detected in this period">
            Nice. Failures show up here by type as soon as Sensei detects them.
          </EmptyState>
        ) : (
          <FailureTrendChart
            points={trends.data.points}
            // the chart counts every status, so the list it opens does too
            onSelectDay={(day) => navigate(drillLink('/failures', scope, { ...dayParams(day), status: 'all' }))}
          />
        )}
      </div>
    </section>
  );
}

function PatternsCard() {
  const patterns = useDeferredQuery({ queryKey: ['patterns'], queryFn: analyticsApi.patterns });
  const topPatterns = [...(patterns.data?.patterns ?? [])].sort((a, b) => b.size - a.size).slice(0, 5);
  return (
    <section className="card" aria-labelledby="patterns-title">
      <div className="card-header">
        <h2 id="patterns-title">Top patterns</h2>
        <Link className="small" to="/patterns">
          All patterns
        </Link>
      </div>
      <div className="card-body flush">
        {patterns.isPending ? (
          <div className="card-body">
            <Loading label="Loading patterns">
              <Skeleton height={160} />
            </Loading>
          </div>
        ) : patterns.isError ? (
          <ErrorState error={patterns.error} onRetry={() => patterns.refetch()} />
        ) : topPatterns.length === 0 ? (
          <EmptyState
            title="No patterns yet"
            action={
              <Link className="btn btn-sm" to="/patterns">
                Analyse conversations
              </Link>
            }
          >
            Patterns group similar conversations so you see which topics go badly.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Pattern</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col" className="num">
                    Health
                  </th>
                  <th scope="col" className="num">
                    Failing
                  </th>
                </tr>
              </thead>
              <tbody>
                {topPatterns.map((p) => (
                  <tr key={p.id}>
                    <td data-label="Pattern">
                      <div style={{ fontWeight: 600 }}>{p.label}</div>
                      <div className="small muted truncate" style={{ maxWidth: 260 }}>
                        {p.keywords.slice(0, 4).join(' · ')}
                      </div>
                    </td>
                    <td data-label="Size" className="num">
                      {formatNumber(p.size)}
                    </td>
                    <td data-label="Health" className="num">
                      <HealthBadge score={p.avg_health} />
                    </td>
                    <td data-label="Failing" className="num">
                      {formatPercent(p.failure_share)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function LowHealthCard({ q, rangeParams }: { q: RangeQuery; rangeParams: string }) {
  const lowHealth = useDeferredQuery({
    queryKey: ['conversations', 'low-health', q],
    queryFn: () => conversationsApi.list({ ...q, sort: 'health', order: 'asc', health_max: 60, limit: 6 }),
  });
  return (
    <section className="card" aria-labelledby="low-title">
      <div className="card-header">
        <h2 id="low-title">Lowest health conversations</h2>
        <Link
          className="small"
          to={`/conversations?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(rangeParams)), sort: 'health' }).toString()}`}
        >
          View all
        </Link>
      </div>
      <div className="card-body flush">
        {lowHealth.isPending ? (
          <div className="card-body">
            <Loading label="Loading conversations">
              <Skeleton height={160} />
            </Loading>
          </div>
        ) : lowHealth.isError ? (
          <ErrorState error={lowHealth.error} onRetry={() => lowHealth.refetch()} />
        ) : lowHealth.data.items.length === 0 ? (
          <EmptyState title="No low-health conversations">
            Every scored conversation in this period has a health of 60 or more.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Health</th>
                  <th scope="col">Conversation</th>
                  <th scope="col">Failures</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {lowHealth.data.items.map((c) => (
                  <tr key={c.id}>
                    <td data-label="Health">
                      <HealthBadge score={c.health_score} />
                    </td>
                    <td data-label="Conversation">
                      <Link className="row-link" to={`/conversations/${c.id}`}>
                        {c.external_id}
                      </Link>
                      <div className="small muted truncate" style={{ maxWidth: 240 }}>
                        {c.last_message_preview}
                      </div>
                    </td>
                    <td data-label="Failures">
                      <div className="row" style={{ gap: 4 }}>
                        {c.failure_types.slice(0, 2).map((t) => (
                          <TypeChip key={t} type={t} />
                        ))}
                        {c.failure_types.length > 2 && (
                          <span className="small muted">+{c.failure_types.length - 2}</span>
                        )}
                        {c.failure_types.length === 0 && <span className="muted">—</span>}
                      </div>
                    </td>
                    <td data-label="Last activity" className="nowrap muted">
                      {relativeTime(c.last_activity_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
