// One failure in the list, with its expandable detail (full explanation, evidence, notes). Each failure is its own
// <tbody>: the row and its detail row are one item of the virtualised list, measured together as it expands.
// Memoised (callbacks take the failure's id or index, so they stay the same): the row focus moving or the count
// arriving re-renders the rows whose props changed, not the whole page of them.
import { memo } from 'react';
import { Link } from 'react-router';
import type { FailureView } from '../../api/types';
import { SeverityBadge, StatusBadge, TypeChip } from '../../components/Badges';
import { failureTypeLabel, formatDateTime, relativeTime, statusLabel } from '../../lib/format';
import { FailureNotes } from './FailureNotes';
import { FailureStatusButtons } from './FailureStatusButtons';

export const FAILURE_COLUMNS = 8;

export const FailureRow = memo(function FailureRow({
  failure: f,
  selected,
  onToggle,
  expanded,
  onExpand,
  index,
  rowIndex,
  focused,
  onFocusRow,
  measure,
}: {
  failure: FailureView;
  selected: boolean;
  onToggle: (id: string) => void;
  expanded: boolean;
  onExpand: (id: string) => void;
  /** position in the loaded list (the virtualiser's and the shortcuts' data-index) */
  index: number;
  /** aria-rowindex of the failure's row (its detail row follows it), set once the table is virtualised */
  rowIndex?: number;
  /** the keyboard shortcuts' row focus */
  focused: boolean;
  onFocusRow: (index: number) => void;
  measure: (el: HTMLElement | null) => void;
}) {
  const detailId = `failure-detail-${f.id}`;
  const rowClass = [selected && 'selected', focused && 'row-focused'].filter(Boolean).join(' ');
  return (
    <tbody className="failure-item" data-index={index} ref={measure} onFocus={() => onFocusRow(index)}>
      <tr className={rowClass || undefined} data-failure-id={f.id} data-status={f.status} aria-rowindex={rowIndex}>
        <td data-label="">
          <input
            type="checkbox"
            className="checkbox"
            checked={selected}
            onChange={() => onToggle(f.id)}
            aria-label={`Select ${failureTypeLabel(f.type)} in ${f.conversation_external_id ?? f.conversation_id}`}
          />
        </td>
        <td data-label="">
          <button
            type="button"
            className="btn btn-sm btn-ghost triage-expand"
            aria-expanded={expanded}
            aria-controls={detailId}
            aria-label={`${expanded ? 'Hide' : 'Show'} details and notes of ${failureTypeLabel(f.type)}`}
            onClick={() => onExpand(f.id)}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          </button>
        </td>
        <td data-label="Type">
          <TypeChip type={f.type} />
        </td>
        <td data-label="Severity">
          <SeverityBadge severity={f.severity} />
        </td>
        <td data-label="Status">
          <StatusBadge status={f.status} />
        </td>
        <td data-label="Conversation" style={{ maxWidth: 380 }}>
          <Link className="row-link" to={`/conversations/${f.conversation_id}`}>
            {f.conversation_external_id ?? f.conversation_id.slice(0, 8)}
          </Link>
          <div className="small muted truncate" title={f.explanation}>
            {f.explanation}
          </div>
        </td>
        <td data-label="Detected" className="nowrap" title={formatDateTime(f.detected_at)}>
          {relativeTime(f.detected_at)}
        </td>
        <td data-label="">
          <FailureStatusButtons failure={f} />
        </td>
      </tr>
      {expanded && (
        <tr
          className="triage-detail-row"
          id={detailId}
          aria-rowindex={rowIndex === undefined ? undefined : rowIndex + 1}
        >
          <td data-label="" colSpan={FAILURE_COLUMNS}>
            <div className="triage-detail">
              <div className="triage-detail-main">
                <p>{f.explanation}</p>
                {f.evidence.length > 0 && (
                  <ul className="triage-evidence">
                    {f.evidence.map((e, i) => (
                      <li key={i}>
                        <q>{e.excerpt}</q>
                      </li>
                    ))}
                  </ul>
                )}
                {f.status !== 'open' && f.status_changed_by && (
                  <p className="small muted">
                    {statusLabel(f.status)} by {f.status_changed_by}
                    {f.status_changed_at ? `, ${relativeTime(f.status_changed_at)}` : ''}
                  </p>
                )}
              </div>
              <FailureNotes failureId={f.id} />
            </div>
          </td>
        </tr>
      )}
    </tbody>
  );
});
