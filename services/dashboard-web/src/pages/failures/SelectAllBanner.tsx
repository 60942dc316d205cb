// Gmail-style: after selecting every visible row, offer the whole filter ("Select all 3,214 matching").
import { formatNumber } from '../../lib/format';

export function SelectAllBanner({
  visible,
  total,
  allMatching,
  onSelectAllMatching,
  onClear,
}: {
  visible: number;
  total: number;
  allMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  return (
    <div className="triage-banner" role="status" aria-live="polite">
      {allMatching ? (
        <>
          <span>
            All <strong>{formatNumber(total)}</strong> failures matching these filters are selected.
          </span>
          <button type="button" className="btn btn-sm btn-ghost" onClick={onClear}>
            Clear selection
          </button>
        </>
      ) : (
        <>
          <span>All {formatNumber(visible)} loaded failures are selected.</span>
          <button type="button" className="btn btn-sm" onClick={onSelectAllMatching}>
            Select all {formatNumber(total)} matching
          </button>
        </>
      )}
    </div>
  );
}
