// Group-by view of the failure list: the current filter's failures counted per type or per usage pattern. Clicking a
// group narrows the list to it (type filter, or the pattern_id filter), so the bulk actions then apply to that group.
import { useQuery } from '@tanstack/react-query';
import { triageApi, type FailureGroup, type FailureListFilter, type GroupBy } from '../../api/triage';
import { ErrorState, Loading, Skeleton } from '../../components/States';
import { failureTypeLabel, formatNumber, typeColor } from '../../lib/format';
import '../../styles/triage.css';

export function FailureGroupsPanel({
  by,
  filter,
  onPick,
}: {
  by: GroupBy;
  filter: FailureListFilter;
  onPick: (group: FailureGroup) => void;
}) {
  const groups = useQuery({
    queryKey: ['failures', 'groups', by, filter],
    queryFn: ({ signal }) => triageApi.groups(by, filter, signal),
  });
  if (groups.isPending)
    return (
      <Loading label="Loading groups">
        <Skeleton height={120} />
      </Loading>
    );
  if (groups.isError) return <ErrorState error={groups.error} onRetry={() => groups.refetch()} />;
  const { total } = groups.data;
  if (groups.data.groups.length === 0)
    return <p className="muted triage-groups-empty">No failures match these filters.</p>;
  return (
    <ul className="triage-groups" aria-label={`Failures by ${by}`}>
      {groups.data.groups.map((g) => {
        const label = by === 'type' ? failureTypeLabel(g.label) : g.label;
        const share = total > 0 ? g.count / total : 0;
        const pickable = g.key !== null && g.key !== undefined;
        return (
          <li key={g.key ?? 'none'}>
            <button
              type="button"
              className="triage-group"
              disabled={!pickable}
              onClick={() => onPick(g)}
              title={pickable ? `Show only ${label}` : 'Conversations outside every usage pattern'}
            >
              <span className="triage-group-label">
                {by === 'type' && (
                  <span className="dot" style={{ background: typeColor(g.label) }} aria-hidden="true" />
                )}
                {label}
              </span>
              <span className="triage-group-bar" aria-hidden="true">
                <span style={{ width: `${Math.max(2, share * 100)}%` }} />
              </span>
              <span className="triage-group-count">{formatNumber(g.count)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
