import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { preferencesApi } from '../api/endpoints';
import type { Preferences } from '../api/types';
import { ErrorState, Skeleton, errorMessage } from '../components/States';
import { useToast } from '../components/Toast';

/** Settings → Email: the caller's weekly summary opt-in and "send me a summary now" (admins; the page is admin-only). */
export function EmailSettingsCard() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: ['preferences'], queryFn: preferencesApi.get });
  const toggle = useMutation({
    mutationFn: (weekly: boolean) => preferencesApi.patch({ weekly_summary: weekly }),
    onSuccess: (next: Preferences) => {
      queryClient.setQueryData(['preferences'], next);
      toast(next.weekly_summary ? 'Weekly summary turned on' : 'Weekly summary turned off');
    },
    onError: (e) => toast(`Could not save: ${errorMessage(e)}`, 'error'),
  });
  const sendNow = useMutation({
    mutationFn: preferencesApi.sendSummaryNow,
    onSuccess: (r) =>
      toast(r.queued ? `Summary on its way to ${r.recipient}` : 'A summary is already on its way (one per 10 minutes)'),
    onError: (e) => toast(`Could not send: ${errorMessage(e)}`, 'error'),
  });

  return (
    <section className="card" aria-labelledby="email-title">
      <div className="card-header">
        <h2 id="email-title">Email</h2>
      </div>
      <div className="card-body stack">
        {prefs.isPending ? (
          <Skeleton height={64} />
        ) : prefs.isError ? (
          <ErrorState error={prefs.error} onRetry={() => prefs.refetch()} />
        ) : (
          <>
            <div className="field">
              <label className="row" htmlFor="email-weekly">
                <input
                  id="email-weekly"
                  className="checkbox"
                  type="checkbox"
                  checked={prefs.data.weekly_summary}
                  disabled={toggle.isPending}
                  aria-describedby="email-weekly-help"
                  onChange={(e) => toggle.mutate(e.target.checked)}
                />
                <span>Weekly summary email</span>
              </label>
              <span id="email-weekly-help" className="help">
                Mondays at 08:00 UTC: health, failure rate and conversations against the week before, the top failure
                types, the biggest pattern changes and the lowest-health conversations, with links into the dashboard.
                Sent to admins only, to the address you sign in with.
                {!prefs.data.weekly_summary_applies && ' Your account is not an admin, so it will not be sent to you.'}
              </span>
            </div>
            <div className="row">
              <button type="button" className="btn" onClick={() => sendNow.mutate()} disabled={sendNow.isPending}>
                {sendNow.isPending ? 'Sending…' : 'Send me a summary now'}
              </button>
              <span className="small muted">
                The last 7 days, to your address, within a minute when email is set up.
              </span>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
