import { track } from '../analytics/analytics';
import { EVENTS } from '../analytics/events';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { apiKeysApi, itemsOf } from '../api/endpoints';
import type { ApiKey, CreatedApiKey } from '../api/types';
import { CodeBlock } from '../components/CopyButton';
import { Dialog } from '../components/Dialog';
import { NewKeyDialog } from '../components/SecretKey';
import { EmptyState, ErrorState, SkeletonRows, errorMessage } from '../components/States';
import { useToast } from '../components/Toast';
import { formatDateTime, maskedKey, relativeTime } from '../lib/format';
import { publicBaseUrl } from '../lib/runtimeConfig';
import { curlSnippet } from '../lib/snippets';
import { usePageTitle } from '../lib/usePageTitle';
import { useRuntimeConfig } from '../lib/useRuntimeConfig';

export default function ApiKeysPage() {
  usePageTitle('API keys');
  const toast = useToast();
  const queryClient = useQueryClient();
  const { config } = useRuntimeConfig();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: apiKeysApi.list });
  const rows = itemsOf(keys.data).sort(
    (a, b) => Number(!!a.revoked_at) - Number(!!b.revoked_at) || b.created_at.localeCompare(a.created_at),
  );

  const [createOpen, setCreateOpen] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [attribute, setAttribute] = useState('');
  const [attributeError, setAttributeError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (n: string) => apiKeysApi.create(n),
    onSuccess: (k) => {
      setCreateOpen(false);
      setName('');
      setCreated(k);
      track(EVENTS.apiKeyCreated, { source: 'api-keys-page' });
      queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (e) => setNameError(e instanceof ApiError ? (e.fieldErrors().name ?? e.message) : errorMessage(e)),
  });

  const revoke = useMutation({
    mutationFn: (k: ApiKey) => apiKeysApi.revoke(k.id),
    onSuccess: (_r, k) => {
      setRevoking(null);
      queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      toast(`Key “${k.name}” revoked`);
    },
    onError: (e) => toast(`Could not revoke the key: ${errorMessage(e)}`, 'error'),
  });

  const saveAttribute = useMutation({
    mutationFn: ({ k, value }: { k: ApiKey; value: string | null }) =>
      apiKeysApi.setOtlpConversationAttribute(k.id, value),
    onSuccess: (_r, { k }) => {
      setEditing(null);
      queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      toast(`OTLP conversation attribute of “${k.name}” saved`);
    },
    onError: (e) =>
      setAttributeError(
        e instanceof ApiError ? (e.fieldErrors().otlp_conversation_attribute ?? e.message) : errorMessage(e),
      ),
  });

  const submitAttribute = (e: FormEvent) => {
    e.preventDefault();
    const value = attribute.trim();
    if (value && !/^[A-Za-z0-9_.:/-]{1,255}$/.test(value)) {
      return setAttributeError("Up to 255 letters, digits, '_', '.', ':', '/' or '-', e.g. app.thread_id.");
    }
    setAttributeError(null);
    if (editing) saveAttribute.mutate({ k: editing, value: value || null });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return setNameError('Give the key a name, e.g. “production backend”.');
    if (n.length > 100) return setNameError('At most 100 characters.');
    setNameError(null);
    create.mutate(n);
  };

  return (
    <>
      <header className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="subtitle">
            Your apps send conversations with these keys. Each key is shown once, when it is created.
          </p>
        </div>
        <button
          type="button"
          className="btn btn-primary"
          data-tour="api-keys"
          onClick={() => {
            setNameError(null);
            setCreateOpen(true);
          }}
        >
          Create API key
        </button>
      </header>

      <section className="card" aria-label="API keys">
        {keys.isError ? (
          <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
        ) : (
          <>
            <div className="table-wrap">
              <table className="table" aria-busy={keys.isPending}>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col" title="OTLP: the span or resource attribute that holds the conversation id">
                      OTLP conversation attribute
                    </th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                {keys.isPending ? (
                  <SkeletonRows rows={3} cols={7} />
                ) : (
                  <tbody>
                    {rows.map((k) => (
                      <tr key={k.id}>
                        <td data-label="Name" style={{ fontWeight: 600 }}>
                          {k.name}
                        </td>
                        <td data-label="Key">
                          <code>{maskedKey(k.prefix)}</code>
                        </td>
                        <td data-label="Created" className="nowrap" title={formatDateTime(k.created_at)}>
                          {relativeTime(k.created_at)}
                          {k.created_by && <span className="small muted"> by {k.created_by}</span>}
                        </td>
                        <td
                          data-label="Last used"
                          className="nowrap"
                          title={k.last_used_at ? formatDateTime(k.last_used_at) : undefined}
                        >
                          {k.last_used_at ? relativeTime(k.last_used_at) : <span className="muted">Never</span>}
                        </td>
                        <td data-label="Status">
                          {k.revoked_at ? (
                            <span className="badge badge-neutral" title={`Revoked ${formatDateTime(k.revoked_at)}`}>
                              Revoked {relativeTime(k.revoked_at)}
                            </span>
                          ) : (
                            <span className="badge badge-good">Active</span>
                          )}
                        </td>
                        <td data-label="OTLP conversation attribute">
                          {k.otlp_conversation_attribute ? (
                            <code>{k.otlp_conversation_attribute}</code>
                          ) : (
                            <span className="muted">—</span>
                          )}
                          {!k.revoked_at && (
                            <button
                              type="button"
                              className="btn btn-sm"
                              style={{ marginLeft: 8 }}
                              aria-label={`Edit OTLP conversation attribute of ${k.name}`}
                              onClick={() => {
                                setAttribute(k.otlp_conversation_attribute ?? '');
                                setAttributeError(null);
                                setEditing(k);
                              }}
                            >
                              Edit
                            </button>
                          )}
                        </td>
                        <td data-label="" style={{ textAlign: 'right' }}>
                          {!k.revoked_at && (
                            <button
                              type="button"
                              className="btn btn-sm"
                              onClick={() => setRevoking(k)}
                              aria-label={`Revoke key ${k.name}`}
                            >
                              Revoke
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                )}
              </table>
            </div>
            {!keys.isPending && rows.length === 0 && (
              <EmptyState
                title="No API keys yet"
                action={
                  <button type="button" className="btn btn-sm btn-primary" onClick={() => setCreateOpen(true)}>
                    Create API key
                  </button>
                }
              >
                Create a key, then send conversations from your app with the SDK or plain HTTP.
              </EmptyState>
            )}
          </>
        )}
      </section>

      <section className="card mt-4" aria-labelledby="use-title">
        <div className="card-header">
          <h2 id="use-title">Send a conversation</h2>
        </div>
        <div className="card-body stack" style={{ gap: 8 }}>
          <p className="muted">
            Send the key as <code>Authorization: Bearer &lt;key&gt;</code> (or <code>X-API-Key</code>) to{' '}
            <code>{publicBaseUrl(config)}/api/v1/conversations/track</code>.
          </p>
          <CodeBlock label="curl example" code={curlSnippet(publicBaseUrl(config), null)} />
          <p className="muted">
            OpenTelemetry GenAI traces: <code>OTEL_EXPORTER_OTLP_ENDPOINT={publicBaseUrl(config)}/api/public/otel</code>{' '}
            and <code>OTEL_EXPORTER_OTLP_HEADERS=x-sensei-api-key=&lt;key&gt;</code> (docs/otlp.md).
          </p>
        </div>
      </section>

      <Dialog
        open={createOpen}
        title="Create API key"
        onClose={() => setCreateOpen(false)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setCreateOpen(false)}>
              Cancel
            </button>
            <button type="submit" form="create-key-form" className="btn btn-primary" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create key'}
            </button>
          </>
        }
      >
        <form id="create-key-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="key-name">Name</label>
            <input
              id="key-name"
              className="input"
              value={name}
              maxLength={100}
              autoFocus
              placeholder="e.g. production backend"
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!nameError}
              aria-describedby={nameError ? 'key-name-error' : 'key-name-help'}
            />
            <span id="key-name-help" className="help">
              Helps you recognise the key later (where it is used).
            </span>
            {nameError && (
              <span id="key-name-error" className="error" role="alert">
                {nameError}
              </span>
            )}
          </div>
        </form>
      </Dialog>

      <NewKeyDialog created={created} onClose={() => setCreated(null)} />

      <Dialog
        open={!!editing}
        title="OTLP conversation attribute"
        onClose={() => setEditing(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button
              type="submit"
              form="otlp-attribute-form"
              className="btn btn-primary"
              disabled={saveAttribute.isPending}
            >
              {saveAttribute.isPending ? 'Saving…' : 'Save'}
            </button>
          </>
        }
      >
        <form id="otlp-attribute-form" onSubmit={submitAttribute} noValidate>
          <div className="field">
            <label htmlFor="otlp-attribute">Attribute</label>
            <input
              id="otlp-attribute"
              className="input"
              value={attribute}
              maxLength={255}
              autoFocus
              placeholder="e.g. app.thread_id"
              onChange={(e) => setAttribute(e.target.value)}
              aria-invalid={!!attributeError}
              aria-describedby={attributeError ? 'otlp-attribute-error' : 'otlp-attribute-help'}
            />
            <span id="otlp-attribute-help" className="help">
              Spans sent with <strong>{editing?.name}</strong> name their conversation by gen_ai.conversation.id,
              session.id or ai.telemetry.metadata.sessionId; if yours uses another span or resource attribute, name it
              here. Empty: none.
            </span>
            {attributeError && (
              <span id="otlp-attribute-error" className="error" role="alert">
                {attributeError}
              </span>
            )}
          </div>
        </form>
      </Dialog>

      <Dialog
        open={!!revoking}
        title="Revoke API key?"
        onClose={() => setRevoking(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setRevoking(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={revoke.isPending}
              onClick={() => revoking && revoke.mutate(revoking)}
            >
              {revoke.isPending ? 'Revoking…' : 'Revoke key'}
            </button>
          </>
        }
      >
        <p>
          Apps using <strong>{revoking?.name}</strong> (<code>{revoking ? maskedKey(revoking.prefix) : ''}</code>) will
          be refused immediately. This cannot be undone.
        </p>
      </Dialog>
    </>
  );
}
