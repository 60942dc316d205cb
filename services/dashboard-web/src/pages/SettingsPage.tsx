import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { itemsOf, settingsApi } from '../api/endpoints';
import { SEVERITIES, type Settings, type TestAlertResult } from '../api/types';
import { EmptyState, ErrorState, Loading, Skeleton, errorMessage } from '../components/States';
import { useToast } from '../components/Toast';
import { failureTypeLabel, formatDateTime, relativeTime } from '../lib/format';
import {
  FIELD_LIMITS,
  draftToSettings,
  mapServerErrors,
  toDraft,
  validateSettings,
  webhookUrlProblem,
  type FieldErrors,
  type SettingsDraft,
  type SettingsField,
} from '../lib/settingsForm';
import { usePageTitle } from '../lib/usePageTitle';
import { AnalyticsOptOut } from '../analytics/AnalyticsOptOut';
import { track } from '../analytics/analytics';
import { EVENTS } from '../analytics/events';
import { EmailSettingsCard } from './EmailSettingsCard';
import { ALERT_HEALTH_KEY } from '../components/AlertsFailingBanner';
import { RecentDeliveries } from './settings/RecentDeliveries';

export default function SettingsPage() {
  usePageTitle('Settings');
  const settings = useQuery({ queryKey: ['settings'], queryFn: settingsApi.get });
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="subtitle">
            Where and when Sensei alerts you about bad conversations, and the email it sends you.
          </p>
        </div>
      </header>
      {settings.isPending ? (
        <Loading label="Loading settings">
          <Skeleton height={360} />
        </Loading>
      ) : settings.isError ? (
        <div className="card">
          <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
        </div>
      ) : (
        <div className="stack">
          <SettingsForm initial={settings.data} />
          <EmailSettingsCard />
          <RecentDeliveries />
          <RecentAlerts />
          <AnalyticsOptOut />
        </div>
      )}
    </>
  );
}

export function SettingsForm({ initial }: { initial: Settings }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(initial));
  const [saved, setSaved] = useState<SettingsDraft>(() => toDraft(initial));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<TestAlertResult | null>(null);
  // the saved webhook comes masked; it stays as is (and is sent back as is) until the admin replaces it
  const [replacing, setReplacing] = useState(false);
  const hasSavedUrl = !!saved.slack_webhook_url;
  const showMasked = hasSavedUrl && !replacing;
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  useEffect(() => {
    const first = Object.keys(errors)[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  }, [errors]);

  const save = useMutation({
    mutationFn: (d: SettingsDraft) => settingsApi.put(draftToSettings(d)),
    onSuccess: (s) => {
      const d = s ? toDraft(s) : draft;
      setDraft(d);
      setSaved(d);
      setReplacing(false);
      queryClient.setQueryData(['settings'], s);
      if (s?.slack_webhook_url) track(EVENTS.alertConfigured, { channel: 'slack' });
      toast('Settings saved');
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 400) {
        const { fields, other } = mapServerErrors(e.details);
        setErrors(fields);
        setFormError(other.length ? other.join(' ') : Object.keys(fields).length ? null : e.message);
      } else setFormError(errorMessage(e));
    },
  });

  const draftUrl = draft.slack_webhook_url.trim();
  const testsDraft = !!draftUrl && draftUrl !== saved.slack_webhook_url.trim();
  const test = useMutation({
    // an edited, unsaved URL is tried as typed (not saved); otherwise the saved webhook
    mutationFn: () => settingsApi.testAlert(testsDraft ? draftUrl : undefined),
    onSuccess: (r) => {
      setTestResult(r);
      queryClient.invalidateQueries({ queryKey: ['alerts'] });
      queryClient.invalidateQueries({ queryKey: ALERT_HEALTH_KEY });
    },
    onError: (e) =>
      setTestResult({ delivered: false, status: e instanceof ApiError ? e.status : null, body: errorMessage(e) }),
  });

  const set = (field: SettingsField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const v = validateSettings(draft);
    setErrors(v);
    if (Object.keys(v).length === 0) save.mutate(draft);
  };

  const fieldProps = (name: SettingsField) => ({
    id: `s-${name}`,
    name,
    value: draft[name],
    'aria-invalid': !!errors[name],
    'aria-describedby': [`s-${name}-help`, errors[name] ? `s-${name}-error` : ''].filter(Boolean).join(' '),
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => set(name, e.target.value),
  });
  const err = (name: SettingsField) =>
    errors[name] ? (
      <span id={`s-${name}-error`} className="error" role="alert">
        {errors[name]}
      </span>
    ) : null;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="stack" aria-label="Alert settings">
      {formError && (
        <div className="alert alert-error" role="alert">
          {formError}
        </div>
      )}
      <section className="card" aria-labelledby="slack-title" data-tour="settings">
        <div className="card-header">
          <h2 id="slack-title">Slack</h2>
        </div>
        <div className="card-body stack">
          <div className="field">
            <label htmlFor="s-slack_webhook_url">Incoming webhook URL</label>
            <div className="row" style={{ gap: 8, flexWrap: 'nowrap' }}>
              <input
                className="input"
                type={showMasked ? 'text' : 'url'}
                inputMode="url"
                autoComplete="off"
                placeholder="https://hooks.slack.com/services/…"
                readOnly={showMasked}
                data-masked={showMasked ? 'true' : undefined}
                {...fieldProps('slack_webhook_url')}
              />
              {showMasked ? (
                <button
                  type="button"
                  className="btn"
                  onClick={() => {
                    setReplacing(true);
                    set('slack_webhook_url', '');
                    setTimeout(() => formRef.current?.querySelector<HTMLElement>('#s-slack_webhook_url')?.focus());
                  }}
                >
                  Replace
                </button>
              ) : (
                hasSavedUrl && (
                  <button
                    type="button"
                    className="btn btn-ghost"
                    onClick={() => {
                      setReplacing(false);
                      set('slack_webhook_url', saved.slack_webhook_url);
                    }}
                  >
                    Keep saved URL
                  </button>
                )
              )}
            </div>
            <span id="s-slack_webhook_url-help" className="help">
              {showMasked
                ? 'Saved. The URL is a secret (anyone who has it can post to the channel), so only its shape is shown. Press “Replace” to paste a new one.'
                : hasSavedUrl
                  ? 'Paste the new webhook URL, or leave empty and save to turn Slack alerts off.'
                  : 'Create one in Slack under Apps → Incoming Webhooks, pick the channel, paste the URL here. Leave empty to turn Slack alerts off.'}
            </span>
            {err('slack_webhook_url')}
          </div>
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={() => {
                const problem = draftUrl ? webhookUrlProblem(draftUrl) : null;
                if (problem) return setErrors((e) => ({ ...e, slack_webhook_url: problem }));
                setTestResult(null);
                test.mutate();
              }}
              disabled={test.isPending || !draftUrl}
            >
              {test.isPending ? 'Sending…' : 'Send test alert'}
            </button>
            {!draftUrl && <span className="small muted">Enter a webhook URL to send a test alert.</span>}
            {testsDraft && (
              <span className="small muted">
                Tests the URL as typed; it is saved only when you press “Save settings”.
              </span>
            )}
          </div>
          {testResult && (
            <div
              className={`alert ${testResult.delivered ? 'alert-success' : 'alert-error'}`}
              role="status"
              aria-live="polite"
              data-testid="test-alert-result"
            >
              <div>
                <strong>{testResult.delivered ? 'Delivered to Slack.' : 'Slack did not accept the test alert.'}</strong>{' '}
                {testResult.status ? `Slack answered HTTP ${testResult.status}` : 'No answer from the webhook'}
                {testResult.body ? (
                  <>
                    : <code>{testResult.body.slice(0, 300)}</code>
                  </>
                ) : (
                  '.'
                )}
              </div>
            </div>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="thr-title">
        <div className="card-header">
          <h2 id="thr-title">Alert thresholds</h2>
        </div>
        <div className="card-body form-grid">
          <div className="field">
            <label htmlFor="s-min_severity">Alert on failures of severity</label>
            <select className="select" {...fieldProps('min_severity')}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s} or worse
                </option>
              ))}
            </select>
            <span id="s-min_severity-help" className="help">
              Failures below this severity are recorded but not sent.
            </span>
            {err('min_severity')}
          </div>
          <div className="field">
            <label htmlFor="s-health_below">Alert when health drops below</label>
            <input
              className="input"
              type="number"
              inputMode="decimal"
              min={FIELD_LIMITS.health_below.min}
              max={FIELD_LIMITS.health_below.max}
              {...fieldProps('health_below')}
            />
            <span id="s-health_below-help" className="help">
              0–100. A conversation scored below this sends a health alert.
            </span>
            {err('health_below')}
          </div>
          <div className="field">
            <label htmlFor="s-cooldown_minutes">Cooldown (minutes)</label>
            <input
              className="input"
              type="number"
              inputMode="numeric"
              min={FIELD_LIMITS.cooldown_minutes.min}
              max={FIELD_LIMITS.cooldown_minutes.max}
              step={1}
              {...fieldProps('cooldown_minutes')}
            />
            <span id="s-cooldown_minutes-help" className="help">
              Minimum time between two alerts of the same failure type.
            </span>
            {err('cooldown_minutes')}
          </div>
          <div className="field">
            <label htmlFor="s-digest_after_per_minute">Digest after (alerts per minute)</label>
            <input
              className="input"
              type="number"
              inputMode="numeric"
              min={FIELD_LIMITS.digest_after_per_minute.min}
              max={FIELD_LIMITS.digest_after_per_minute.max}
              step={1}
              {...fieldProps('digest_after_per_minute')}
            />
            <span id="s-digest_after_per_minute-help" className="help">
              Above this rate, alerts are bundled into one digest message instead of flooding the channel.
            </span>
            {err('digest_after_per_minute')}
          </div>
        </div>
      </section>

      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
        {dirty && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setDraft(saved);
              setReplacing(false);
              setErrors({});
              setFormError(null);
            }}
          >
            Discard changes
          </button>
        )}
        {initial.updated_at && !dirty && (
          <span className="small muted">
            Last saved {formatDateTime(initial.updated_at)}
            {initial.updated_by ? ` by ${initial.updated_by}` : ''}
          </span>
        )}
      </div>
    </form>
  );
}

const ALERT_STATUS_CLASS: Record<string, string> = {
  sent: 'badge-good',
  recorded: 'badge-neutral',
  suppressed: 'badge-neutral',
  digested: 'badge-info',
  pending: 'badge-warn',
  failed: 'badge-bad',
};

function RecentAlerts() {
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: () => settingsApi.alerts({ limit: 20 }) });
  const rows = itemsOf(alerts.data);
  return (
    <section className="card" aria-labelledby="alerts-title">
      <div className="card-header">
        <h2 id="alerts-title">Recent alerts</h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => alerts.refetch()}>
          Refresh
        </button>
      </div>
      <div className="card-body flush">
        {alerts.isPending ? (
          <div className="card-body">
            <Skeleton height={120} />
          </div>
        ) : alerts.isError ? (
          <ErrorState error={alerts.error} onRetry={() => alerts.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title="No alerts yet">
            Alerts appear here when a failure or a low health score crosses your thresholds.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Failure</th>
                  <th scope="col">Status</th>
                  <th scope="col">Slack answer</th>
                  <th scope="col">
                    <span className="sr-only">Conversation</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 20).map((a) => (
                  <tr key={a.id}>
                    <td data-label="When" className="nowrap" title={formatDateTime(a.created_at)}>
                      {relativeTime(a.created_at)}
                    </td>
                    <td data-label="Kind">{a.kind}</td>
                    <td data-label="Failure">
                      {a.failure_type
                        ? `${failureTypeLabel(a.failure_type)}${a.severity ? ` (${a.severity})` : ''}`
                        : '—'}
                    </td>
                    <td data-label="Status">
                      <span className={`badge ${ALERT_STATUS_CLASS[a.status] ?? 'badge-neutral'}`}>{a.status}</span>
                    </td>
                    <td data-label="Slack answer" className="small muted">
                      {a.response_status ? `HTTP ${a.response_status}` : '—'}
                    </td>
                    <td data-label="" className="small">
                      {a.conversation_id && <Link to={`/conversations/${a.conversation_id}`}>Conversation</Link>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
