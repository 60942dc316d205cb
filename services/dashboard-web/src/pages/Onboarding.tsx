// First run (no conversation stored yet): a checklist instead of empty charts. Each step checks itself.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { track } from '../analytics/analytics';
import { EVENTS } from '../analytics/events';
import { apiKeysApi, itemsOf, settingsApi } from '../api/endpoints';
import type { CreatedApiKey } from '../api/types';
import { CodeBlock } from '../components/CopyButton';
import { useTour } from '../onboarding/Tour';
import { IconCheck } from '../components/Icons';
import { SecretKeyField } from '../components/SecretKey';
import { errorMessage } from '../components/States';
import { maskedKey } from '../lib/format';
import { publicBaseUrl } from '../lib/runtimeConfig';
import { curlSnippet, sdkSnippet } from '../lib/snippets';
import { useRuntimeConfig } from '../lib/useRuntimeConfig';

function Step({ n, done, title, children }: { n: number; done: boolean; title: string; children: React.ReactNode }) {
  return (
    <li>
      <span className={`step-num${done ? ' done' : ''}`} aria-hidden="true">
        {done ? <IconCheck size={14} /> : n}
      </span>
      <div className="stack" style={{ gap: 8 }}>
        <h3>
          {title} <span className="sr-only">{done ? '(done)' : '(to do)'}</span>
        </h3>
        {children}
      </div>
    </li>
  );
}

export function Onboarding() {
  const queryClient = useQueryClient();
  const tour = useTour();
  const { config } = useRuntimeConfig();
  const baseUrl = publicBaseUrl(config);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: apiKeysApi.list });
  const settings = useQuery({ queryKey: ['settings'], queryFn: settingsApi.get });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [name, setName] = useState('My first key');
  const [tab, setTab] = useState<'curl' | 'sdk'>('curl');
  const create = useMutation({
    mutationFn: (n: string) => apiKeysApi.create(n),
    onSuccess: (k) => {
      setCreated(k);
      track(EVENTS.apiKeyCreated, { source: 'onboarding' });
      queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });

  const activeKeys = itemsOf(keys.data).filter((k) => !k.revoked_at);
  const hasKey = !!created || activeKeys.length > 0;
  const slackDone = !!settings.data?.slack_webhook_url;
  const key = created?.key ?? null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };

  return (
    <section className="card" aria-labelledby="onb-title">
      <div className="card-header" style={{ paddingBottom: 0 }}>
        <div>
          <h2 id="onb-title">Welcome to Sensei — send your first conversation</h2>
          <p className="muted" style={{ marginTop: 4 }}>
            No conversations yet. Three steps and this page turns into your health dashboard (it refreshes by itself).
          </p>
        </div>
        <button type="button" className="btn btn-sm" onClick={tour.start} disabled={tour.active}>
          Take the tour
        </button>
      </div>
      <div className="card-body">
        <ol className="checklist">
          <Step n={1} done={hasKey} title="Create an API key">
            {created ? (
              <SecretKeyField created={created} />
            ) : (
              <>
                {activeKeys.length > 0 && (
                  <p className="muted">
                    You have {activeKeys.length} active key{activeKeys.length > 1 ? 's' : ''} (
                    {activeKeys.map((k) => maskedKey(k.prefix)).join(', ')}). Use one of them, or create a new one to
                    fill it into the snippets below.
                  </p>
                )}
                <form className="row" onSubmit={submit}>
                  <label className="sr-only" htmlFor="onb-key-name">
                    Key name
                  </label>
                  <input
                    id="onb-key-name"
                    className="input"
                    value={name}
                    maxLength={100}
                    onChange={(e) => setName(e.target.value)}
                    style={{ width: 240 }}
                  />
                  <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>
                    {create.isPending ? 'Creating…' : 'Create API key'}
                  </button>
                </form>
                {create.isError && (
                  <p className="small" style={{ color: 'var(--bad)' }} role="alert">
                    {errorMessage(create.error)}
                  </p>
                )}
              </>
            )}
          </Step>
          <Step n={2} done={false} title="Send a first conversation">
            <p className="muted">
              Send it from your app with the SDK, or try it right now with curl. It shows up here within seconds.
            </p>
            <div className="tabs" role="tablist" aria-label="Snippet language">
              <button
                type="button"
                role="tab"
                id="tab-curl"
                aria-controls="panel-snippet"
                aria-selected={tab === 'curl'}
                onClick={() => setTab('curl')}
              >
                curl
              </button>
              <button
                type="button"
                role="tab"
                id="tab-sdk"
                aria-controls="panel-snippet"
                aria-selected={tab === 'sdk'}
                onClick={() => setTab('sdk')}
              >
                TypeScript SDK
              </button>
            </div>
            <div id="panel-snippet" role="tabpanel" aria-labelledby={tab === 'curl' ? 'tab-curl' : 'tab-sdk'}>
              {tab === 'curl' ? (
                <CodeBlock label="curl command" code={curlSnippet(baseUrl, key)} />
              ) : (
                <CodeBlock label="SDK example" code={sdkSnippet(baseUrl, key)} />
              )}
            </div>
            {!key && (
              <p className="small muted">Replace YOUR_API_KEY with your key (create one above to fill it in).</p>
            )}
            <p className="small muted" role="status" aria-live="polite">
              Waiting for the first conversation…
            </p>
          </Step>
          <Step n={3} done={slackDone} title="Get alerts in Slack (optional)">
            <p className="muted">
              {slackDone
                ? 'Slack alerts are set up.'
                : 'Paste a Slack incoming-webhook URL to be told about critical failures and low-health conversations.'}
            </p>
            <div>
              <Link className="btn btn-sm" to="/settings">
                {slackDone ? 'Review alert settings' : 'Set the Slack webhook'}
              </Link>
            </div>
          </Step>
        </ol>
      </div>
    </section>
  );
}
