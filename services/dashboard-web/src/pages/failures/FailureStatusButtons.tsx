import type { FailureStatus, FailureView } from '../../api/types';
import { useRole } from '../../auth/role';
import { useFailureStatus } from './useFailureStatus';

/** The moves that mean something from the failure's status: Reopen only where it is not open already. */
export function FailureStatusButtons({ failure }: { failure: FailureView; conversationId?: string }) {
  const mutation = useFailureStatus();
  const { canWrite } = useRole();
  if (!canWrite) return null; // viewers cannot change a failure's status
  const set = (status: FailureStatus) => mutation.mutate({ ids: [failure.id], status });
  const label = failure.type.replace(/_/g, ' ');
  return (
    <div className="row" style={{ gap: 6 }}>
      {failure.status === 'open' && (
        <button type="button" className="btn btn-sm" onClick={() => set('ack')} aria-label={`Acknowledge ${label}`}>
          Acknowledge
        </button>
      )}
      {failure.status !== 'resolved' && failure.status !== 'false_positive' && (
        <button
          type="button"
          className="btn btn-sm btn-primary"
          onClick={() => set('resolved')}
          aria-label={`Resolve ${label}`}
        >
          Resolve
        </button>
      )}
      {failure.status !== 'false_positive' && (
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          onClick={() => set('false_positive')}
          aria-label={`Mark ${label} as false positive`}
          title="The detection was wrong: it stays marked when the conversation is scored again"
        >
          False positive
        </button>
      )}
      {failure.status !== 'open' && (
        <button
          type="button"
          className="btn btn-sm btn-ghost"
          onClick={() => set('open')}
          aria-label={`Reopen ${label}`}
        >
          Reopen
        </button>
      )}
    </div>
  );
}
