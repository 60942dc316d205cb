import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useInfiniteQuery, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { conversationsApi } from '../api/endpoints';
import type { FailureView, FeedbackView, HealthView, MessageView } from '../api/types';
import { HealthBadge, SeverityBadge, StatusBadge, TypeChip } from '../components/Badges';
import { EmptyState, ErrorState, Loading, Skeleton } from '../components/States';
import {
  componentLabel,
  failureTypeLabel,
  formatLatency,
  formatNumber,
  formatPercent,
  healthLevel,
  relativeTime,
  sentimentLabel,
} from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';
import { FailureStatusButtons } from './failures/FailureStatusButtons';
import { evidenceIndex, messageAnchor } from './conversations/evidence';
import { formatDateTimeTz, formatDayTz, formatTimeTz, timeTitle } from '../lib/dates';
import { MessageBody } from './conversations/MessageBody';
import { ListStepper, listContextOf } from './conversations/neighbours';
import { buildConversationExport, downloadJson, exportFileName } from '../api/conversationExport';
import { copyText } from '../components/CopyButton';
import { useToast } from '../components/Toast';
import { RevealControl, tokenRole } from './conversations/reveal';
import { ConversationFeedback, FeedbackItem, feedbackIndex } from './conversations/feedback';

export default function ConversationDetailPage() {
  const { id = '' } = useParams();
  // the list the user came from (filters + order), carried by the list's links and by prev/next
  const listContext = listContextOf(useLocation().state);
  const listHref = `/conversations${listContext?.listSearch ? `?${listContext.listSearch}` : ''}`;
  const toast = useToast();
  const [exporting, setExporting] = useState(false);
  const detail = useQuery({ queryKey: ['conversation', id], queryFn: () => conversationsApi.get(id) });
  usePageTitle(detail.data ? `Conversation ${detail.data.external_id}` : 'Conversation');
  const health = useQuery({ queryKey: ['conversation-health', id], queryFn: () => conversationsApi.health(id) });
  const failures = useQuery({ queryKey: ['conversation-failures', id], queryFn: () => conversationsApi.failures(id) });
  // the transcript comes with personal data masked; admins may reveal it (the server audits each reveal)
  const [revealed, setRevealed] = useState(false);
  const [revealDenied, setRevealDenied] = useState(false);
  const messages = useInfiniteQuery({
    queryKey: ['conversation-messages', id, revealed],
    queryFn: ({ pageParam }) => conversationsApi.messages(id, pageParam, revealed),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  // feedback comments are customer text: masked and revealed together with the transcript
  const feedback = useQuery({
    queryKey: ['conversation-feedback', id, revealed],
    queryFn: () => conversationsApi.feedback(id, revealed),
  });
  const msgs = useMemo(() => messages.data?.pages.flatMap((p) => p.items) ?? [], [messages.data]);
  useEffect(() => {
    const denied = (e: unknown) => e instanceof ApiError && e.status === 403;
    if (revealed && (denied(messages.error) || denied(feedback.error))) {
      setRevealed(false);
      setRevealDenied(true);
    }
  }, [revealed, messages.error, feedback.error]);
  const placed = useMemo(() => feedbackIndex(msgs, feedback.data ?? []), [msgs, feedback.data]);
  const canReveal = !revealDenied && tokenRole() !== 'viewer';
  const evidence = useMemo(() => evidenceIndex(msgs, failures.data ?? []), [msgs, failures.data]);
  const [activeMessage, setActiveMessage] = useState<string | null>(null);

  const copyLink = async () => {
    // the detail URL itself: it opens this conversation for anyone signed in to this Sensei
    const ok = await copyText(`${window.location.origin}/conversations/${id}`);
    toast(ok ? 'Link copied' : 'Could not copy the link', ok ? 'info' : 'error');
  };
  const exportJson = async () => {
    setExporting(true);
    try {
      const data = await buildConversationExport(id, revealed);
      downloadJson(data, exportFileName(data.conversation.external_id));
      toast(`Exported ${formatNumber(data.messages.length)} messages`);
    } catch (e) {
      toast(`Export failed: ${e instanceof Error ? e.message : 'unknown error'}`, 'error');
    } finally {
      setExporting(false);
    }
  };

  const jumpTo = (anchor: string) => {
    setActiveMessage(anchor);
    const el = document.getElementById(anchor);
    el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    el?.focus({ preventScroll: true });
  };

  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400);
    return (
      <div className="card">
        {notFound ? (
          <EmptyState
            title="Conversation not found"
            action={
              <Link className="btn btn-sm" to="/conversations">
                Back to conversations
              </Link>
            }
          >
            It may have been deleted, or the link is wrong.
          </EmptyState>
        ) : (
          <ErrorState error={detail.error} onRetry={() => detail.refetch()} />
        )}
      </div>
    );
  }

  const c = detail.data;
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to={listHref}>Conversations</Link> <span aria-hidden="true">/</span> <span>{c?.external_id ?? '…'}</span>
      </nav>
      <header className="page-header">
        <div>
          <h1 className="row" style={{ gap: 10 }}>
            {c ? c.external_id : <Skeleton width={240} height={24} />}
            {c && !c.ended && <span className="badge badge-info">live</span>}
          </h1>
          {c && (
            <p className="subtitle">
              {c.environment} · {formatNumber(c.message_count)} messages
              {c.user_id ? ` · user ${c.user_id}` : ''} · started{' '}
              <time dateTime={c.first_message_at ?? undefined} title={timeTitle(c.first_message_at)}>
                {formatDateTimeTz(c.first_message_at)}
              </time>{' '}
              · last activity{' '}
              <time dateTime={c.last_activity_at ?? undefined} title={timeTitle(c.last_activity_at)}>
                {relativeTime(c.last_activity_at)}
              </time>
              {c.ended && c.ended_reason
                ? ` · ended (${c.ended_reason === 'inactivity' ? 'inactive' : 'by client'})`
                : ''}
            </p>
          )}
        </div>
        <div className="detail-actions">
          <ListStepper id={id} context={listContext} />
          <button type="button" className="btn btn-sm" onClick={copyLink}>
            Copy link
          </button>
          <button type="button" className="btn btn-sm" onClick={exportJson} disabled={exporting || !c}>
            {exporting ? 'Exporting…' : 'Export JSON'}
          </button>
        </div>
      </header>

      <div className="grid grid-detail">
        <section className="card" aria-labelledby="timeline-title">
          <div className="card-header">
            <h2 id="timeline-title">Messages</h2>
            <RevealControl revealed={revealed} canReveal={canReveal} denied={revealDenied} onChange={setRevealed} />
            {evidence.count > 0 && (
              <span className="hint">
                <span className="dot" style={{ background: 'var(--bad-solid)', marginRight: 4 }} aria-hidden="true" />
                {evidence.count} message{evidence.count === 1 ? '' : 's'} flagged as failure evidence
              </span>
            )}
          </div>
          <ConversationFeedback items={placed.top} />
          {messages.isPending ? (
            <div className="timeline">
              <Loading label="Loading messages">
                {Array.from({ length: 4 }, (_, i) => (
                  <Skeleton key={i} height={64} style={{ marginBottom: 12 }} />
                ))}
              </Loading>
            </div>
          ) : messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => messages.refetch()} />
          ) : msgs.length === 0 ? (
            <EmptyState title="No messages stored">Messages appear here a moment after the app sends them.</EmptyState>
          ) : (
            <ol className="timeline" style={{ listStyle: 'none', margin: 0 }} aria-label="Message timeline">
              {msgs.map((m, i) => (
                <Message
                  key={m.id}
                  m={m}
                  index={i}
                  showDay={i === 0 || formatDayTz(m.timestamp) !== formatDayTz(msgs[i - 1].timestamp)}
                  flagged={evidence.byMessage.get(m.id) ?? []}
                  feedback={placed.byMessage.get(m.id) ?? []}
                  active={activeMessage === messageAnchor(m)}
                />
              ))}
              {messages.hasNextPage && (
                <li>
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => messages.fetchNextPage()}
                    disabled={messages.isFetchingNextPage}
                  >
                    {messages.isFetchingNextPage ? 'Loading…' : 'Load more messages'}
                  </button>
                </li>
              )}
            </ol>
          )}
        </section>

        <div className="stack">
          <HealthPanel health={health} />
          <section className="card" aria-labelledby="failures-title">
            <div className="card-header">
              <h2 id="failures-title">
                Failures{' '}
                {failures.data && failures.data.length > 0 && <span className="muted">({failures.data.length})</span>}
              </h2>
            </div>
            <div className="card-body stack" style={{ gap: 10 }}>
              {failures.isPending ? (
                <Loading label="Loading failures">
                  <Skeleton height={90} />
                </Loading>
              ) : failures.isError ? (
                <ErrorState error={failures.error} onRetry={() => failures.refetch()} />
              ) : failures.data.length === 0 ? (
                <p className="muted">No failures detected in this conversation.</p>
              ) : (
                sortFailures(failures.data).map((f) => (
                  <FailureCard
                    key={f.id}
                    f={f}
                    conversationId={id}
                    anchors={evidence.anchorsByFailure.get(f.id) ?? []}
                    onJump={jumpTo}
                  />
                ))
              )}
            </div>
          </section>
          {c && c.metadata && Object.keys(c.metadata).length > 0 && (
            <section className="card" aria-labelledby="meta-title">
              <div className="card-header">
                <h2 id="meta-title">Metadata</h2>
              </div>
              <div className="card-body">
                <pre className="small mono" style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {JSON.stringify(c.metadata, null, 2)}
                </pre>
              </div>
            </section>
          )}
          {c && (
            <section className="card" aria-labelledby="sent-title">
              <div className="card-header">
                <h2 id="sent-title">Sentiment</h2>
              </div>
              <dl
                className="card-body"
                style={{ margin: 0, display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 10 }}
              >
                <Stat label="Average" value={c.sentiment_avg} />
                <Stat label="Lowest" value={c.sentiment_min} />
                <Stat label="Last message" value={c.sentiment_last} />
                <Stat label="Trend" value={c.sentiment_trend} signed />
              </dl>
            </section>
          )}
        </div>
      </div>
    </>
  );
}

const STATUS_ORDER: Record<string, number> = { open: 0, ack: 1, resolved: 2 };
const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** What needs attention first: open before acknowledged before resolved, then the most severe. */
function sortFailures(list: FailureView[]): FailureView[] {
  return [...list].sort(
    (a, b) =>
      (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9) ||
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9),
  );
}

function Stat({ label, value, signed }: { label: string; value: number | null; signed?: boolean }) {
  return (
    <div>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value" style={{ margin: 0 }}>
        {value === null || value === undefined ? '—' : `${signed && value > 0 ? '+' : ''}${value.toFixed(2)}`}
      </dd>
    </div>
  );
}

function Message({
  m,
  index,
  showDay,
  flagged,
  feedback,
  active,
}: {
  m: MessageView;
  index: number;
  /** the first message, or the first of a new calendar day in the viewer's zone */
  showDay: boolean;
  flagged: { failure: FailureView; excerpt: string | null }[];
  feedback: FeedbackView[];
  active: boolean;
}) {
  const s = sentimentLabel(m.sentiment_score);
  const isEvidence = flagged.length > 0;
  const excerpts = flagged.map((f) => f.excerpt).filter((e): e is string => !!e);
  const anchor = messageAnchor(m);
  return (
    <li
      id={anchor}
      tabIndex={-1}
      className={`msg msg-${m.role}${isEvidence ? ' evidence' : ''}${active ? ' active' : ''}`}
      aria-label={`${m.role} message ${index + 1}${isEvidence ? ', failure evidence' : ''}`}
    >
      <div className="msg-meta">
        <span className="msg-role">{m.role}</span>
        <time dateTime={m.timestamp} title={timeTitle(m.timestamp)}>
          {showDay && <span className="msg-day">{formatDayTz(m.timestamp)}</span>}
          <span>{formatTimeTz(m.timestamp)}</span>
        </time>
        {m.latency_ms !== null && m.latency_ms !== undefined && (
          <span title="Response latency">{formatLatency(m.latency_ms)}</span>
        )}
      </div>
      <div>
        <MessageBody content={m.content} excerpts={excerpts} expand={active} />
        {(s || isEvidence || m.tokens) && (
          <div className="msg-flags">
            {s && (
              <span className={`sentiment sentiment-${s.tone}`} title="Sentiment of this message">
                <span aria-hidden="true">{s.tone === 'pos' ? '▲' : s.tone === 'neg' ? '▼' : '●'}</span> {s.label}
              </span>
            )}
            {flagged.map(({ failure }) => (
              <span key={failure.id} className="chip" style={{ borderColor: 'var(--bad-solid)' }}>
                Evidence: {failureTypeLabel(failure.type)}
              </span>
            ))}
            {m.tokens ? <span className="small muted">{m.tokens} tokens</span> : null}
          </div>
        )}
        {feedback.length > 0 && (
          <div className="stack" style={{ gap: 6, marginTop: 6 }} aria-label="Feedback on this message">
            {feedback.map((f) => (
              <FeedbackItem key={f.id} f={f} />
            ))}
          </div>
        )}
      </div>
    </li>
  );
}

function HealthPanel({ health }: { health: UseQueryResult<HealthView> }) {
  return (
    <section className="card" aria-labelledby="health-title">
      <div className="card-header">
        <h2 id="health-title">Health</h2>
        {health.data?.version && <span className="hint">model {health.data.version}</span>}
      </div>
      <div className="card-body stack" style={{ gap: 12 }}>
        {health.isPending ? (
          <Loading label="Loading health">
            <Skeleton height={120} />
          </Loading>
        ) : health.isError ? (
          <ErrorState error={health.error} onRetry={() => health.refetch()} />
        ) : !health.data.scored ? (
          <p className="muted">Not scored yet. Sensei scores a conversation a few seconds after its messages arrive.</p>
        ) : (
          <>
            <div className="row" style={{ gap: 14 }}>
              <HealthBadge score={health.data.score} large />
              <p className="muted" style={{ flex: 1 }}>
                {health.data.summary ?? ''}
              </p>
            </div>
            {(health.data.components ?? []).length === 0 && (
              <p className="small muted">No breakdown was recorded with this score.</p>
            )}
            <div className="breakdown" aria-label="Health breakdown">
              {(health.data.components ?? []).map((comp) => {
                const level = healthLevel(comp.score);
                return (
                  <div key={comp.name} className="breakdown-item">
                    <div className="top">
                      <span>{componentLabel(comp.name)}</span>
                      <span>
                        {Math.round(comp.score)}{' '}
                        <span className="muted small">· weight {formatPercent(comp.weight, 0)}</span>
                      </span>
                    </div>
                    <div
                      className="bar"
                      role="img"
                      aria-label={`${componentLabel(comp.name)}: ${Math.round(comp.score)} of 100`}
                    >
                      <span className={level} style={{ width: `${Math.max(2, Math.min(100, comp.score))}%` }} />
                    </div>
                    <div className="small muted">{comp.reason}</div>
                  </div>
                );
              })}
            </div>
            {health.data.scored_at && <div className="small muted">Scored {relativeTime(health.data.scored_at)}</div>}
          </>
        )}
      </div>
    </section>
  );
}

function FailureCard({
  f,
  conversationId,
  anchors,
  onJump,
}: {
  f: FailureView;
  conversationId: string;
  anchors: { anchor: string; label: string; excerpt: string | null }[];
  onJump: (a: string) => void;
}) {
  return (
    <article
      className={`failure${f.status === 'resolved' ? ' resolved' : ''}`}
      aria-label={`${failureTypeLabel(f.type)} failure`}
    >
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <TypeChip type={f.type} />
        <div className="row" style={{ gap: 4 }}>
          <SeverityBadge severity={f.severity} />
          <StatusBadge status={f.status} />
        </div>
      </div>
      <p>{f.explanation}</p>
      {anchors.length > 0 && (
        <ul className="evidence-list" aria-label="Evidence">
          {anchors.map((a, i) => (
            <li key={i}>
              <button type="button" onClick={() => onJump(a.anchor)}>
                {a.label}
              </button>
              {a.excerpt && <span> — “{a.excerpt}”</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="small muted">
        Confidence {formatPercent(f.confidence, 0)} · {f.source === 'llm' ? 'LLM judge' : 'rules'} · detected{' '}
        {relativeTime(f.detected_at)}
        {f.status_changed_by && f.status !== 'open'
          ? ` · ${f.status === 'ack' ? 'acknowledged' : 'resolved'} by ${f.status_changed_by}`
          : ''}
      </div>
      <FailureStatusButtons failure={f} conversationId={conversationId} />
    </article>
  );
}
