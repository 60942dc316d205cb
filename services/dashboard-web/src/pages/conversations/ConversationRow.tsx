// One conversation in the list. Memoised: a page re-rendering (a count or saved views arriving, the row focus moving)
// re-renders only the rows whose props changed, which on a phone is the difference between one task and fifty rows.
import { memo } from 'react';
import { Link } from 'react-router';
import type { ConversationSummary } from '../../api/types';
import { HealthBadge, SeverityBadge, TypeChip } from '../../components/Badges';
import { formatDateTime, formatNumber, relativeTime } from '../../lib/format';
import { FeedbackCountsBadge } from './feedback';

export const ConversationRow = memo(function ConversationRow({
  conversation: c,
  index,
  rowIndex,
  focused,
  onFocusRow,
  measure,
  listSearch,
}: {
  conversation: ConversationSummary;
  /** position in the loaded list (the virtualiser's and the shortcuts' data-index) */
  index: number;
  /** aria-rowindex, set once the table is virtualised */
  rowIndex?: number;
  focused: boolean;
  onFocusRow: (index: number) => void;
  measure: (el: HTMLElement | null) => void;
  /** the list the detail page's previous / next walk through */
  listSearch: string;
}) {
  return (
    <tr
      ref={measure}
      data-index={index}
      aria-rowindex={rowIndex}
      className={focused ? 'row-focused' : undefined}
      onFocus={() => onFocusRow(index)}
    >
      <td data-label="Health">
        <HealthBadge score={c.health_score} />
      </td>
      <td data-label="Conversation" style={{ maxWidth: 420 }}>
        <Link className="row-link" to={`/conversations/${c.id}`} state={{ listSearch }}>
          {c.external_id}
        </Link>
        {c.user_id && <span className="small muted"> · user {c.user_id}</span>}
        <FeedbackCountsBadge counts={c.feedback} />
        <div className="preview small truncate">{c.last_message_preview ?? ''}</div>
      </td>
      <td data-label="Environment">
        <span className="chip">{c.environment}</span>
      </td>
      <td data-label="Messages" className="num">
        {formatNumber(c.message_count)}
      </td>
      <td data-label="Failures">
        {c.failure_count > 0 ? (
          <div className="row" style={{ gap: 4 }}>
            <SeverityBadge severity={c.max_severity} />
            {c.failure_types.slice(0, 2).map((t) => (
              <TypeChip key={t} type={t} />
            ))}
            {c.failure_types.length > 2 && <span className="small muted">+{c.failure_types.length - 2}</span>}
          </div>
        ) : (
          <span className="muted">None</span>
        )}
      </td>
      <td data-label="Last activity" className="nowrap" title={formatDateTime(c.last_activity_at)}>
        {relativeTime(c.last_activity_at)}
        {!c.ended && (
          <span className="badge badge-info" style={{ marginLeft: 6 }}>
            live
          </span>
        )}
      </td>
    </tr>
  );
});
