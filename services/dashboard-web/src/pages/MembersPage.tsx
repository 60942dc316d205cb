// Members (admins only): everyone who signed in, their role and where it comes from; admins change stored roles.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { membersApi } from '../api/endpoints';
import type { Member, RoleSource, SenseiRole } from '../api/types';
import { EmptyState, ErrorState, SkeletonRows, errorMessage } from '../components/States';
import { useToast } from '../components/Toast';
import { formatDateTime, relativeTime } from '../lib/format';
import { usePageTitle } from '../lib/usePageTitle';

const SOURCE_LABEL: Record<RoleSource, string> = {
  claim: 'Supabase app_metadata',
  allowlist: 'SENSEI_ADMIN_EMAILS',
  stored: 'Set here',
  default: 'Default (SENSEI_DEFAULT_ROLE)',
};

function RoleSelect({ member }: { member: Member }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (role: SenseiRole | null) => membersApi.setRole(member.subject, role),
    onSuccess: (m) => {
      queryClient.invalidateQueries({ queryKey: ['members'] });
      toast(`${m.email ?? m.subject} is now ${m.role ?? 'without a role'}`);
    },
    // e.g. "you are the last admin; make someone else admin first"
    onError: (e) => toast(`Could not change the role: ${errorMessage(e)}`, 'error'),
  });
  const who = member.email ?? member.subject;
  if (!member.role_editable) {
    return <span className="small muted">{member.note}; it cannot be changed here.</span>;
  }
  return (
    <select
      className="select"
      aria-label={`Role of ${who}`}
      value={member.stored_role ?? ''}
      disabled={change.isPending}
      onChange={(e) => change.mutate(e.target.value === '' ? null : (e.target.value as SenseiRole))}
    >
      <option value="">No stored role (default)</option>
      <option value="viewer">Viewer (read-only)</option>
      <option value="admin">Admin</option>
    </select>
  );
}

export default function MembersPage() {
  usePageTitle('Members');
  const members = useQuery({ queryKey: ['members'], queryFn: membersApi.list });
  const rows = members.data ?? [];
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Members</h1>
          <p className="subtitle">
            Everyone who signed in. Admins can change everything; viewers can read but not change keys, settings or
            failure statuses. A role set in Supabase (app_metadata.sensei_role) or by SENSEI_ADMIN_EMAILS cannot be
            changed here.
          </p>
        </div>
      </header>
      <section className="card" aria-label="Members">
        {members.isError ? (
          <ErrorState error={members.error} onRetry={() => members.refetch()} />
        ) : (
          <div className="table-wrap">
            <table className="table" aria-busy={members.isPending}>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">From</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              {members.isPending ? (
                <SkeletonRows rows={3} cols={5} />
              ) : (
                <tbody>
                  {rows.map((m) => (
                    <tr key={m.subject}>
                      <td data-label="Member">
                        <div style={{ fontWeight: 600 }}>{m.email ?? 'no email'}</div>
                        <div className="small muted">{m.subject}</div>
                      </td>
                      <td data-label="Role">
                        {m.role ? (
                          <span className="badge badge-neutral">{m.role}</span>
                        ) : (
                          <span className="muted">No role</span>
                        )}
                      </td>
                      <td data-label="From" className="small">
                        {m.role_source ? SOURCE_LABEL[m.role_source] : '—'}
                      </td>
                      <td
                        data-label="Last seen"
                        className="nowrap"
                        title={m.last_seen_at ? formatDateTime(m.last_seen_at) : undefined}
                      >
                        {m.last_seen_at ? relativeTime(m.last_seen_at) : <span className="muted">Never</span>}
                      </td>
                      <td data-label="Change">
                        <RoleSelect member={m} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              )}
            </table>
            {!members.isPending && rows.length === 0 && <EmptyState title="Nobody has signed in yet" />}
          </div>
        )}
      </section>
    </>
  );
}
