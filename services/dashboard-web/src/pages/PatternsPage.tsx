import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { analyticsApi } from '../api/endpoints';
import { patternsApi, type PatternTrendSeries } from '../api/patterns';
import type { PatternView } from '../api/types';
import { HealthBadge, TypeChip } from '../components/Badges';
import { IconRefresh } from '../components/Icons';
import { EmptyState, ErrorState, Loading, Skeleton, errorMessage } from '../components/States';
import { useToast } from '../components/Toast';
import { formatChange, formatDateTime, formatNumber, formatPercent, relativeTime } from '../lib/format';
import { ALL_ENVIRONMENTS, DEFAULT_ENVIRONMENT, parseScope } from '../lib/scope';
import { patternConversationsPath } from '../lib/filters';
import { usePageTitle } from '../lib/usePageTitle';
import { useRole } from '../auth/role';
import { Sparkline } from './patterns/Sparkline';
import '../styles/patterns.css';

const ACTIVE = new Set(['queued', 'running']);
const TREND_DAYS = 30;

/** The silhouette in words: text topics overlap, so even well-separated groups score low in absolute terms. */
export function distinctness(silhouette: number | null | undefined): 'low' | 'medium' | 'high' | null {
  if (silhouette === null || silhouette === undefined || !Number.isFinite(silhouette)) return null;
  return silhouette < 0.1 ? 'low' : silhouette < 0.25 ? 'medium' : 'high';
}

const DISTINCTNESS_HELP =
  'How clearly the conversations fall into separate groups. Low: the topics overlap, so some conversations could belong to more than one pattern. High: each pattern is its own topic.';

const envName = (env: string | null | undefined) => (env ? env : 'all environments');

export default function PatternsPage() {
  usePageTitle('Patterns');
  const toast = useToast();
  const queryClient = useQueryClient();
  // the scope's environment (null: every environment; production until the scope is decided); pattern runs are per
  // environment, not per tag
  const [searchParams] = useSearchParams();
  const scope = parseScope(searchParams);
  const environment = !scope ? DEFAULT_ENVIRONMENT : scope.env === ALL_ENVIRONMENTS ? null : scope.env;
  const latest = useQuery({ queryKey: ['patterns', environment], queryFn: () => patternsApi.latest(environment) });
  const [runId, setRunId] = useState<string | null>(null);
  const [runError, setRunError] = useState<string | null>(null);

  // a run that is still going when the page opens (started elsewhere, or by the schedule) is followed too
  useEffect(() => {
    const active = latest.data?.active_run;
    if (!runId && active && ACTIVE.has(active.status)) setRunId(active.id);
  }, [latest.data, runId]);

  const run = useQuery({
    queryKey: ['pattern-run', runId],
    queryFn: () => analyticsApi.patternRun(runId!),
    enabled: !!runId,
    refetchInterval: (q) => (q.state.data && !ACTIVE.has(q.state.data.status) ? false : 1000),
  });

  useEffect(() => {
    const r = run.data;
    if (!r || ACTIVE.has(r.status)) return;
    setRunId(null);
    queryClient.invalidateQueries({ queryKey: ['patterns'] });
    if (r.status === 'failed') setRunError(r.error ?? 'unknown error');
    if (r.status === 'succeeded') {
      const n = r.cluster_count ?? r.patterns?.length ?? 0;
      toast(
        `Analysis done: ${n} pattern${n === 1 ? '' : 's'} in ${formatNumber(r.conversation_count ?? 0)} conversations`,
      );
    } else toast(`Analysis failed: ${r.error ?? 'unknown error'}`, 'error');
  }, [run.data, queryClient, toast]);

  const start = useMutation({
    mutationFn: () => patternsApi.start(environment),
    onSuccess: (r) => {
      setRunError(null);
      setRunId(r.id);
    },
    onError: (e) => {
      // one run at a time: follow the one already going (its id is in the 409's details)
      if (e instanceof ApiError && e.status === 409) {
        const active = e.details.find((d) => d.field === 'active_run_id')?.reason;
        toast('An analysis is already running — following it.');
        if (active) setRunId(active);
        else latest.refetch();
      } else toast(`Could not start the analysis: ${errorMessage(e)}`, 'error');
    },
  });

  const running = !!runId || start.isPending;
  const { canWrite } = useRole(); // starting an analysis is for admins
  const current = latest.data?.run ?? null;
  const patterns = [...(latest.data?.patterns ?? [])].sort((a, b) => b.size - a.size);
  const progress = run.data ?? null;
  const trends = useQuery({
    queryKey: ['pattern-trends', current?.id, TREND_DAYS],
    queryFn: () => patternsApi.trends(current!.id, `${TREND_DAYS}d`),
    enabled: !!current?.id && patterns.length > 0,
  });
  const seriesOf = new Map((trends.data?.patterns ?? []).map((s) => [s.pattern_id, s]));
  const level = distinctness(current?.silhouette);
  // an environment with no analysis of its own shows the one over every environment
  const fallback = !!current && !current.environment && !!environment;

  return (
    <>
      <header className="page-header" data-tour="patterns">
        <div>
          <h1>Patterns</h1>
          <p className="subtitle">
            Conversations grouped by what they are about, so you see which topics go badly and which grow. Showing{' '}
            <strong data-testid="patterns-env">{envName(environment)}</strong>.
          </p>
        </div>
        <div className="page-actions">
          {current && current.status === 'succeeded' && current.finished_at && (
            <span className="small muted">Last analysed {relativeTime(current.finished_at)}</span>
          )}
          {canWrite && (
            <button type="button" className="btn btn-primary" onClick={() => start.mutate()} disabled={running}>
              <IconRefresh size={15} />
              {running ? 'Analysing…' : environment ? `Analyse ${environment} now` : 'Analyse all now'}
            </button>
          )}
        </div>
      </header>

      {running && (
        <section className="card card-body" aria-label="Analysis progress" style={{ marginBottom: 16 }}>
          <div className="row" style={{ justifyContent: 'space-between', marginBottom: 8 }}>
            <strong>Analysing conversations…</strong>
            <span className="muted small">
              {progress?.stage ?? (progress?.status === 'queued' ? 'queued' : 'starting')} ·{' '}
              {formatPercent(progress?.progress ?? 0, 0)}
            </span>
          </div>
          <div
            className="progress"
            role="progressbar"
            aria-label="Pattern analysis progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((progress?.progress ?? 0) * 100)}
          >
            <span style={{ width: `${Math.round((progress?.progress ?? 0) * 100)}%` }} />
          </div>
        </section>
      )}

      {runError && !running && (
        <div className="alert alert-error" role="alert" style={{ marginBottom: 16 }}>
          <span>
            <strong>The analysis failed:</strong> {runError}
          </span>
        </div>
      )}

      {latest.isPending ? (
        <Loading label="Loading patterns">
          <div className="patterns">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} height={190} />
            ))}
          </div>
        </Loading>
      ) : latest.isError ? (
        <div className="card">
          <ErrorState error={latest.error} onRetry={() => latest.refetch()} />
        </div>
      ) : !current ? (
        <div className="card">
          <EmptyState title={running ? 'First analysis in progress' : 'No patterns yet'}>
            {running
              ? 'Patterns appear here when the analysis finishes.'
              : `Press “Analyse” to group the conversations of ${envName(environment)} into patterns. It takes a few seconds for a few thousand conversations.`}
          </EmptyState>
        </div>
      ) : patterns.length === 0 ? (
        <div className="card">
          <EmptyState title="Not enough conversations to find patterns">
            The last analysis ({formatDateTime(current.finished_at)}) looked at{' '}
            {formatNumber(current.conversation_count ?? 0)} conversations. Send more and analyse again.
          </EmptyState>
        </div>
      ) : (
        <>
          {fallback && (
            <div className="alert alert-warn" role="note" style={{ marginBottom: 12 }}>
              <span>
                {environment} has not been analysed on its own yet: these patterns cover every environment.
                {canWrite ? ` Press “Analyse ${environment} now” for its own.` : ''}
              </span>
            </div>
          )}
          <p className="muted small" style={{ marginBottom: 12 }} data-testid="patterns-summary">
            {formatNumber(patterns.length)} pattern{patterns.length === 1 ? '' : 's'} from{' '}
            {formatNumber(current.conversation_count ?? 0)} conversations in {envName(current.environment)} · analysed{' '}
            {formatDateTime(current.finished_at)}
            {level && (
              <>
                {' · '}
                <span className="distinctness">
                  how distinct the groups are: <strong>{level}</strong>
                  <button type="button" className="info-dot" title={DISTINCTNESS_HELP} aria-label={DISTINCTNESS_HELP}>
                    ?
                  </button>
                </span>
              </>
            )}
          </p>
          <div className="patterns">
            {patterns.map((p) => (
              <PatternCard
                key={p.id}
                p={p}
                environment={current.environment ?? null}
                series={seriesOf.get(p.id)}
                trendsLoading={trends.isPending}
              />
            ))}
          </div>
        </>
      )}
    </>
  );
}

function PatternCard({
  p,
  environment,
  series,
  trendsLoading,
}: {
  p: PatternView;
  environment: string | null;
  series: PatternTrendSeries | undefined;
  trendsLoading: boolean;
}) {
  const topFailures = Object.entries(p.failure_breakdown ?? {})
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  const growthTone = p.growth === null || p.growth === undefined ? 'muted' : p.growth > 0 ? 'good' : 'bad';
  return (
    <article className="card pattern" aria-labelledby={`p-${p.id}`}>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
        <h2 id={`p-${p.id}`} style={{ fontSize: 15 }}>
          {p.label}
        </h2>
        <HealthBadge score={p.avg_health} />
      </div>
      <div className="row" style={{ gap: 4 }}>
        {p.keywords.slice(0, 6).map((k) => (
          <span key={k} className="chip">
            {k}
          </span>
        ))}
      </div>
      <dl className="stats" style={{ margin: 0 }}>
        <div>
          <dt className="stat-label">Conversations</dt>
          <dd className="stat-value" style={{ margin: 0 }}>
            {formatNumber(p.size)}
          </dd>
        </div>
        <div>
          <dt className="stat-label">Avg health</dt>
          <dd className="stat-value" style={{ margin: 0 }}>
            {p.avg_health === null ? '—' : Math.round(p.avg_health)}
          </dd>
        </div>
        <div>
          <dt className="stat-label">With failures</dt>
          <dd className="stat-value" style={{ margin: 0 }}>
            {formatPercent(p.failure_share, 0)}
          </dd>
        </div>
        <div>
          <dt className="stat-label">Growth</dt>
          <dd
            className="stat-value"
            style={{ margin: 0, color: growthTone === 'muted' ? 'var(--text-muted)' : undefined }}
          >
            {p.growth === null || p.growth === undefined ? 'new' : formatChange(p.growth)}
          </dd>
        </div>
      </dl>
      {topFailures.length > 0 && (
        <div className="row" style={{ gap: 4 }} aria-label="Most frequent failures">
          {topFailures.map(([t, v]) => (
            <span key={t} className="row" style={{ gap: 3 }}>
              <TypeChip type={t} />
              <span className="small muted">{v <= 1 ? formatPercent(v, 0) : formatNumber(v)}</span>
            </span>
          ))}
        </div>
      )}
      <section className="pattern-trends" aria-label={`${p.label} over the last ${TREND_DAYS} days`}>
        <span className="pattern-trends-title">Last {TREND_DAYS} days, per day</span>
        {series ? (
          <>
            <Sparkline
              points={series.points}
              value={(x) => x.conversations}
              label="Conversations"
              format={(v) => formatNumber(v)}
            />
            <Sparkline
              points={series.points}
              value={(x) => x.avg_health}
              max={100}
              label="Avg health"
              format={(v) => String(Math.round(v))}
              tone="good"
            />
            <Sparkline
              points={series.points}
              value={(x) => x.failure_share}
              max={1}
              label="With failures"
              format={(v) => formatPercent(v, 0)}
              tone="bad"
            />
          </>
        ) : trendsLoading ? (
          <Skeleton height={84} />
        ) : (
          <span className="small muted">No activity in this period.</span>
        )}
      </section>
      <div className="pattern-actions">
        <Link
          className="btn btn-sm"
          to={patternConversationsPath(p.id, p.label, environment)}
          aria-label={`View conversations: ${p.label} (${formatNumber(p.size)})`}
        >
          View conversations
        </Link>
        {p.sample_conversation_ids?.length > 0 && (
          <div className="small">
            Examples:{' '}
            {p.sample_conversation_ids.slice(0, 3).map((id, i) => (
              <span key={id}>
                {i > 0 && ', '}
                <Link to={`/conversations/${id}`} aria-label={`Example conversation ${i + 1} of ${p.label}`}>
                  #{i + 1}
                </Link>
              </span>
            ))}
          </div>
        )}
      </div>
    </article>
  );
}
