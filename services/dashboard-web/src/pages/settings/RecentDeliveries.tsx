// Settings → Alerts: are alerts reaching Slack? The verdict, and each recent delivery that did not, with what Slack
// answered and when the processor tries again.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { alertDeliveriesApi, type AlertDeliveryView } from '../../api/alerts';
import { ALERT_HEALTH_KEY } from '../../components/AlertsFailingBanner';
import { EmptyState, ErrorState, Skeleton } from '../../components/States';
import { failureTypeLabel, formatDateTime, formatTime, relativeTime } from '../../lib/format';

const KIND_LABEL: Record<string, string> = {
  failure: 'Failure alert',
  health: 'Low health alert',
  digest: 'Digest',
  test: 'Test alert',
};

function answerOf(d: AlertDeliveryView): string {
  if (d.response_status === null || d.response_status === undefined) return d.answer || 'no answer (unreachable)';
  return `HTTP ${d.response_status}${d.answer ? ` · ${d.answer}` : ''}`;
}

export function RecentDeliveries() {
  const health = useQuery({ queryKey: ALERT_HEALTH_KEY, queryFn: () => alertDeliveriesApi.health(20) });
  const rows = health.data?.deliveries ?? [];
  return (
    <section className="card" aria-labelledby="alert-deliveries-title" id="alert-deliveries">
      <div className="card-header">
        <h2 id="alert-deliveries-title">Alerts: recent delivery problems</h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => health.refetch()}>
          Refresh
        </button>
      </div>
      {health.isPending ? (
        <div className="card-body">
          <Skeleton height={90} />
        </div>
      ) : health.isError ? (
        <ErrorState error={health.error} onRetry={() => health.refetch()} />
      ) : (
        <>
          <div className="card-body">
            {health.data.failing ? (
              <div className="alert alert-error" role="status" data-testid="deliveries-verdict">
                <span>
                  <strong>Alerts are failing:</strong> {health.data.summary ?? 'Slack did not accept the last alerts'}.
                  Check the webhook above (a deleted Slack app or channel answers 404 no_service), then send a test
                  alert.
                </span>
              </div>
            ) : (
              <p className="small muted" data-testid="deliveries-verdict">
                {health.data.last_success_at
                  ? `Alerts are reaching Slack. Last delivered ${relativeTime(health.data.last_success_at)}.`
                  : 'No alert has been delivered yet.'}
              </p>
            )}
          </div>
          {rows.length === 0 ? (
            <EmptyState title="No failed deliveries">Every recent alert Sensei sent was accepted by Slack.</EmptyState>
          ) : (
            <div className="table-wrap card-body flush">
              <table className="table" aria-label="Failed alert deliveries">
                <thead>
                  <tr>
                    <th scope="col">Last try</th>
                    <th scope="col">Alert</th>
                    <th scope="col">Slack answered</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Next retry</th>
                    <th scope="col">
                      <span className="sr-only">Conversation</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => {
                    const at = d.last_attempt_at ?? d.created_at;
                    return (
                      <tr key={d.id}>
                        <td data-label="Last try" className="nowrap" title={formatDateTime(at)}>
                          {relativeTime(at)}
                        </td>
                        <td data-label="Alert">
                          {KIND_LABEL[d.kind] ?? d.kind}
                          {d.failure_type ? ` · ${failureTypeLabel(d.failure_type)}` : ''}
                        </td>
                        <td data-label="Slack answered">
                          <code className="small">{answerOf(d)}</code>
                        </td>
                        <td data-label="Attempts">{d.attempts}</td>
                        <td data-label="Next retry" className="nowrap">
                          {d.state === 'retrying' && d.next_retry_at ? (
                            <span className="badge badge-warn" title={formatDateTime(d.next_retry_at)}>
                              Retrying at {formatTime(d.next_retry_at)}
                            </span>
                          ) : (
                            <span className="badge badge-bad">No retry</span>
                          )}
                        </td>
                        <td data-label="" className="small">
                          {d.conversation_id && <Link to={`/conversations/${d.conversation_id}`}>Conversation</Link>}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
