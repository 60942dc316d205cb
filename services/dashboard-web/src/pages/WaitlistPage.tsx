// Waitlist (admins only): who signed up on the landing page, with their source and UTM tags and whether they confirmed;
// filter, search by email prefix, export as CSV, delete an entry on request. Honeypot hits are kept as "spam".
import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../components/Dialog';
import { EmptyState, ErrorState, SkeletonRows, errorMessage } from '../components/States';
import { useToast } from '../components/Toast';
import { formatDateTime, relativeTime } from '../lib/format';
import { useDebounced } from '../lib/useDebounced';
import { usePageTitle } from '../lib/usePageTitle';
import { waitlistApi, type WaitlistEntry, type WaitlistStatus } from './waitlist/api';

const PAGE_SIZE = 50;
const STATUS_LABEL: Record<WaitlistStatus, string> = { pending: 'Pending', confirmed: 'Confirmed', spam: 'Spam' };
const STATUS_BADGE: Record<WaitlistStatus, string> = {
  pending: 'badge-warn',
  confirmed: 'badge-good',
  spam: 'badge-bad',
};

function utmSummary(e: WaitlistEntry): string {
  return [e.utm_source, e.utm_medium, e.utm_campaign, e.utm_term, e.utm_content].filter(Boolean).join(' / ');
}

function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return <span title={formatDateTime(iso)}>{relativeTime(iso)}</span>;
}

export default function WaitlistPage() {
  usePageTitle('Waitlist');
  const toast = useToast();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<WaitlistStatus | ''>('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [toDelete, setToDelete] = useState<WaitlistEntry | null>(null);
  const [exporting, setExporting] = useState(false);
  const q = useDebounced(search.trim(), 250);
  const filter = { status, q };

  const list = useQuery({
    queryKey: ['waitlist', status, q, offset],
    queryFn: () => waitlistApi.list(filter, PAGE_SIZE, offset),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (e: WaitlistEntry) => waitlistApi.delete(e.id),
    onSuccess: (_r, e) => {
      setToDelete(null);
      queryClient.invalidateQueries({ queryKey: ['waitlist'] });
      toast(`${e.email} was deleted from the waitlist`);
    },
    onError: (err) => toast(`Could not delete: ${errorMessage(err)}`, 'error'),
  });

  async function exportCsv() {
    setExporting(true);
    try {
      const blob = await waitlistApi.exportCsv(filter);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `sensei-waitlist${status ? `-${status}` : ''}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    } catch (err) {
      toast(`Could not export: ${errorMessage(err)}`, 'error');
    } finally {
      setExporting(false);
    }
  }

  const page = list.data;
  const rows = page?.items ?? [];
  const total = page?.total ?? 0;
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Waitlist</h1>
          <p className="subtitle">
            Sign-ups from the landing page. An address counts once it is confirmed from the email; bots that filled the
            hidden field are kept as spam. Delete an entry when someone asks to be removed.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={exportCsv} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </header>
      <section className="card" aria-label="Waitlist">
        <div className="toolbar" style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
          <label className="small">
            Status{' '}
            <select
              className="select"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as WaitlistStatus | '');
                setOffset(0);
              }}
            >
              <option value="">All</option>
              <option value="pending">Pending</option>
              <option value="confirmed">Confirmed</option>
              <option value="spam">Spam</option>
            </select>
          </label>
          <label className="small">
            Search{' '}
            <input
              className="input"
              type="search"
              placeholder="Email starts with…"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setOffset(0);
              }}
            />
          </label>
          <span className="small muted" style={{ alignSelf: 'center' }} data-testid="waitlist-total">
            {page ? `${total} ${total === 1 ? 'entry' : 'entries'}` : ''}
          </span>
        </div>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <div className="table-wrap">
            <table className="table" aria-busy={list.isPending}>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Company</th>
                  <th scope="col">Source / UTM</th>
                  <th scope="col">Status</th>
                  <th scope="col">Signed up</th>
                  <th scope="col">Confirmed</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              {list.isPending ? (
                <SkeletonRows rows={3} cols={8} />
              ) : (
                <tbody>
                  {rows.map((e) => (
                    <tr key={e.id}>
                      <td data-label="Email" style={{ fontWeight: 600 }}>
                        {e.email}
                      </td>
                      <td data-label="Name">{e.name ?? <span className="muted">—</span>}</td>
                      <td data-label="Company">{e.company ?? <span className="muted">—</span>}</td>
                      <td data-label="Source / UTM" className="small">
                        <div>{e.source ?? <span className="muted">—</span>}</div>
                        {utmSummary(e) && <div className="muted">{utmSummary(e)}</div>}
                      </td>
                      <td data-label="Status">
                        <span className={`badge ${STATUS_BADGE[e.status]}`}>{STATUS_LABEL[e.status]}</span>
                      </td>
                      <td data-label="Signed up" className="nowrap">
                        <When iso={e.created_at} />
                      </td>
                      <td data-label="Confirmed" className="nowrap">
                        <When iso={e.confirmed_at} />
                      </td>
                      <td data-label="">
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          aria-label={`Delete ${e.email}`}
                          onClick={() => setToDelete(e)}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              )}
            </table>
            {!list.isPending && rows.length === 0 && (
              <EmptyState title={status || q ? 'No sign-ups match' : 'Nobody has signed up yet'} />
            )}
          </div>
        )}
        {total > PAGE_SIZE && (
          <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginTop: 12 }}>
            <button
              type="button"
              className="btn btn-sm"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
            >
              Previous
            </button>
            <span className="small muted" style={{ alignSelf: 'center' }}>
              {offset + 1}–{Math.min(offset + PAGE_SIZE, total)} of {total}
            </span>
            <button
              type="button"
              className="btn btn-sm"
              disabled={offset + PAGE_SIZE >= total}
              onClick={() => setOffset(offset + PAGE_SIZE)}
            >
              Next
            </button>
          </div>
        )}
      </section>
      <Dialog
        open={toDelete !== null}
        title="Delete this sign-up?"
        onClose={() => setToDelete(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setToDelete(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={remove.isPending}
              onClick={() => toDelete && remove.mutate(toDelete)}
            >
              Delete
            </button>
          </>
        }
      >
        <p>
          <strong>{toDelete?.email}</strong> and any confirmation email queued for it will be removed for good. The
          deletion is recorded in the audit log without the address.
        </p>
      </Dialog>
    </>
  );
}
