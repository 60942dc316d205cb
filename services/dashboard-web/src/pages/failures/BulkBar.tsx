// Actions on the selection: the selected ids, or (after "Select all N matching") the whole filter with the count
// the person saw. Reopen is offered only when the selection holds something that is not open.
import type { FailureStatus } from '../../api/types';
import { formatNumber } from '../../lib/format';

export function BulkBar({
  count,
  allMatching,
  canReopen,
  busy,
  onApply,
  onClear,
}: {
  count: number;
  allMatching: boolean;
  canReopen: boolean;
  busy: boolean;
  onApply: (status: FailureStatus) => void;
  onClear: () => void;
}) {
  const n = formatNumber(count);
  const scope = allMatching ? ` all ${n}` : '';
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <span>{allMatching ? `${n} matching selected` : `${n} selected`}</span>
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => onApply('ack')}>
        Acknowledge{scope}
      </button>
      <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => onApply('resolved')}>
        Resolve{scope}
      </button>
      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => onApply('false_positive')}>
        Mark{scope} false positive
      </button>
      {canReopen && (
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => onApply('open')}>
          Reopen{scope}
        </button>
      )}
      <span className="spacer" />
      <button type="button" className="btn btn-sm btn-ghost" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
