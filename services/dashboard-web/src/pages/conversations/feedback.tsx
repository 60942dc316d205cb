// Explicit user feedback (thumbs / rating) on the conversation timeline: badges on the rated message, conversation-
// level feedback (and feedback on a message not in the loaded thread) in a block above the messages.
import type { FeedbackCounts, FeedbackView, MessageView } from '../../api/types';
import { IconThumbDown, IconThumbUp } from '../../components/Icons';
import { formatDateTime, relativeTime } from '../../lib/format';

export interface FeedbackIndex {
  /** feedback on the whole conversation, then feedback naming a message the loaded thread does not have */
  top: FeedbackView[];
  /** by Sensei message id */
  byMessage: Map<number, FeedbackView[]>;
}

/** Places each item: feedback's message_id is the client's message id, i.e. the message's external_id. */
export function feedbackIndex(msgs: MessageView[], feedback: FeedbackView[]): FeedbackIndex {
  const byExternalId = new Map<string, number>();
  for (const m of msgs) if (m.external_id) byExternalId.set(m.external_id, m.id);
  const whole: FeedbackView[] = [];
  const elsewhere: FeedbackView[] = [];
  const byMessage = new Map<number, FeedbackView[]>();
  for (const f of feedback) {
    if (f.message_id === null) {
      whole.push(f);
      continue;
    }
    const mid = byExternalId.get(f.message_id);
    if (mid === undefined) {
      elsewhere.push(f);
    } else {
      byMessage.set(mid, [...(byMessage.get(mid) ?? []), f]);
    }
  }
  return { top: [...whole, ...elsewhere], byMessage };
}

/** "Thumbs down", "Thumbs up", "Rated 4 of 5". */
export function feedbackLabel(f: Pick<FeedbackView, 'kind' | 'value'>): string {
  if (f.kind === 'thumbs') return f.value < 0 ? 'Thumbs down' : 'Thumbs up';
  return `Rated ${f.value} of 5`;
}

const TONE: Record<number, string> = { [-1]: 'badge-bad', 0: 'badge-neutral', 1: 'badge-good' };

export function FeedbackBadge({ f }: { f: FeedbackView }) {
  const icon =
    f.kind !== 'thumbs' ? (
      <span aria-hidden="true">★</span>
    ) : f.value < 0 ? (
      <IconThumbDown size={12} />
    ) : (
      <IconThumbUp size={12} />
    );
  const text = f.kind === 'thumbs' ? (f.value < 0 ? 'Thumbs down' : 'Thumbs up') : `${f.value}/5`;
  return (
    <span
      className={`badge ${TONE[f.polarity] ?? 'badge-neutral'}`}
      title={feedbackLabel(f)}
      aria-label={feedbackLabel(f)}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
    >
      {icon} {text}
    </span>
  );
}

/** One feedback item: badge, who and when, and the comment (masked unless the transcript is revealed). */
export function FeedbackItem({ f, showMessage = false }: { f: FeedbackView; showMessage?: boolean }) {
  return (
    <div className="feedback-item" data-testid="feedback-item">
      <div className="row small" style={{ gap: 6 }}>
        <FeedbackBadge f={f} />
        <span className="muted">
          {f.user_id ? `user ${f.user_id}` : 'anonymous'}
          {showMessage && f.message_id ? ` · on message ${f.message_id}` : ''}
          {' · '}
          <time dateTime={f.given_at} title={formatDateTime(f.given_at)}>
            {relativeTime(f.given_at)}
          </time>
        </span>
      </div>
      {f.comment && (
        <blockquote
          className="small"
          style={{
            margin: '4px 0 0',
            paddingLeft: 8,
            borderLeft: '2px solid var(--border)',
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
          }}
        >
          {f.comment}
        </blockquote>
      )}
    </div>
  );
}

/** Above the timeline: feedback on the whole conversation (and on messages not loaded). Nothing when there is none. */
export function ConversationFeedback({ items }: { items: FeedbackView[] }) {
  if (items.length === 0) return null;
  return (
    <section
      className="card-body stack"
      style={{ gap: 8, borderBottom: '1px solid var(--border)' }}
      aria-label="Conversation feedback"
    >
      <span className="small muted">User feedback</span>
      {items.map((f) => (
        <FeedbackItem key={f.id} f={f} showMessage />
      ))}
    </section>
  );
}

/** The list row's summary: thumbs-down n · thumbs-up n, nothing when the conversation has neither. */
export function FeedbackCountsBadge({ counts }: { counts: FeedbackCounts | null | undefined }) {
  if (!counts || (counts.negative === 0 && counts.positive === 0)) return null;
  const label = `${counts.negative} negative, ${counts.positive} positive feedback`;
  return (
    <span
      className="small muted"
      title={label}
      aria-label={label}
      style={{ marginLeft: 6, display: 'inline-flex', alignItems: 'center', gap: 4 }}
    >
      {counts.negative > 0 && (
        <span style={{ color: 'var(--bad)' }}>
          <IconThumbDown size={12} /> {counts.negative}
        </span>
      )}
      {counts.negative > 0 && counts.positive > 0 && ' · '}
      {counts.positive > 0 && (
        <span style={{ color: 'var(--good)' }}>
          <IconThumbUp size={12} /> {counts.positive}
        </span>
      )}
    </span>
  );
}
