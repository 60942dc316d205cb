// "Alerts are failing" for everyone signed in: Slack stopped taking Sensei's alerts (a removed webhook answers 404
// no_service), so nobody hears about bad conversations until an admin fixes the webhook in Settings.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { alertDeliveriesApi } from '../api/alerts';
import { useRole } from '../auth/role';

export const ALERT_HEALTH_KEY = ['alert-deliveries'] as const;

export function AlertsFailingBanner() {
  const { canWrite, hasNoRole } = useRole();
  const health = useQuery({
    queryKey: ALERT_HEALTH_KEY,
    queryFn: () => alertDeliveriesApi.health(20),
    enabled: !hasNoRole,
    refetchInterval: 60_000,
    // a banner about alerts must not itself raise errors or retry storms
    retry: false,
  });
  if (!health.data?.failing) return null;
  const why = health.data.summary ?? 'Slack did not accept the last alerts';
  return (
    <div className="alert alert-error alerts-failing" role="alert" data-testid="alerts-failing-banner">
      <span>
        <strong>Alerts are failing:</strong> {why}.{' '}
        {canWrite ? (
          <Link to="/settings#alert-deliveries">See Settings → Alerts</Link>
        ) : (
          'Ask an admin to check the Slack webhook in Settings.'
        )}
      </span>
    </div>
  );
}
