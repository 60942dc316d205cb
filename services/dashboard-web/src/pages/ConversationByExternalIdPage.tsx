// /c/<conversation id>: the customer's own id (what their logs and support tickets hold) opens the conversation.
// One match goes straight to its detail page; an id present in several environments asks which; none says so.
import { useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { trendsApi } from '../api/trends';
import { HealthBadge } from '../components/Badges';
import { EmptyState, ErrorState, Loading, Skeleton } from '../components/States';
import { relativeTime } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';

export default function ConversationByExternalIdPage() {
  const externalId = useParams()['*'] ?? '';
  const [search] = useSearchParams();
  const environment = search.get('environment')?.trim() || undefined;
  usePageTitle(`Conversation ${externalId}`);
  const navigate = useNavigate();
  const lookup = useQuery({
    queryKey: ['conversation-by-external-id', externalId, environment],
    queryFn: () => trendsApi.byExternalId(externalId, environment),
    enabled: externalId !== '',
  });
  const only = lookup.data?.length === 1 ? lookup.data[0] : null;
  useEffect(() => {
    // replace: Back from the detail page returns to where the link was clicked, not to this hop
    if (only) navigate(`/conversations/${only.id}`, { replace: true });
  }, [only, navigate]);

  const notFound = externalId === '' || (lookup.error instanceof ApiError && lookup.error.status === 404);
  if (notFound) {
    return (
      <div className="card">
        <EmptyState
          title="Conversation not found"
          action={
            <Link
              className="btn btn-sm"
              to={`/conversations?${new URLSearchParams({ q: externalId, timeframe: 'all' })}`}
            >
              Search the conversations
            </Link>
          }
        >
          No conversation has the id <code>{externalId || '(empty)'}</code>
          {environment ? (
            <>
              {' '}
              in the environment <code>{environment}</code>
            </>
          ) : null}
          . It may not have arrived yet, have been erased, or be sent with another id.
        </EmptyState>
      </div>
    );
  }
  if (lookup.isError) {
    return (
      <div className="card">
        <ErrorState error={lookup.error} onRetry={() => lookup.refetch()} />
      </div>
    );
  }
  if (lookup.isPending || only) {
    return (
      <Loading label={`Opening conversation ${externalId}`}>
        <Skeleton height={160} />
      </Loading>
    );
  }
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Conversation {externalId}</h1>
          <p className="subtitle">This id is used in {lookup.data.length} environments. Which one do you mean?</p>
        </div>
      </header>
      <div className="card card-body flush">
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Health</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {lookup.data.map((c) => (
                <tr key={c.id}>
                  <td data-label="Environment">
                    <Link className="row-link" to={`/conversations/${c.id}`}>
                      {c.environment}
                    </Link>
                  </td>
                  <td data-label="Health">
                    <HealthBadge score={c.health_score} />
                  </td>
                  <td data-label="Last activity" className="muted nowrap">
                    {relativeTime(c.last_activity_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
