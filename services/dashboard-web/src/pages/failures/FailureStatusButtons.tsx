import type { FailureView } from '../../api/types';
import { useRole } from '../../auth/role';
import { useFailureStatus } from './useFailureStatus';

export function FailureStatusButtons({ failure }: { failure: FailureView; conversationId?: string }) {
  const mutation = useFailureStatus();
  const { canWrite } = useRole();
  if (!canWrite) return null; // viewers cannot change a failure's status
  const set = (status: 'open' | 'ack' | 'resolved') => mutation.mutate({ ids: [failure.id], status });
  const label = failure.type.replace(/_/g, ' ');
  return (
    <div className="row" style={{ gap: 6 }}>
      {failure.status === 'open' && (
        <button type="button" className="btn btn-sm" onClick={() => set('ack')} aria-label={`Acknowledge ${label}`}>
          Acknowledge
        </button>
      )}
      {failure.status !== 'resolved' && (
        <button
          type="button"
          className="btn btn-sm btn-primary"
          onClick={() => set('resolved')}
          aria-label={`Resolve ${label}`}
        >
          Resolve
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
