// Notes on one failure: everyone who can see the failure reads them, admins add and delete them.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { triageApi, type FailureNote } from '../../api/triage';
import { useRole } from '../../auth/role';
import { ErrorState, errorMessage } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDateTime, relativeTime } from '../../lib/format';
import '../../styles/triage.css';

export const NOTE_MAX = 2000;

export function FailureNotes({ failureId }: { failureId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { canWrite } = useRole();
  const key = ['failure-notes', failureId];
  const notes = useQuery({ queryKey: key, queryFn: ({ signal }) => triageApi.notes(failureId, signal) });
  const [draft, setDraft] = useState('');
  const add = useMutation({
    mutationFn: (body: string) => triageApi.addNote(failureId, body),
    onSuccess: (note) => {
      queryClient.setQueryData<FailureNote[]>(key, (old) => [...(old ?? []), note]);
      setDraft('');
    },
    onError: (err) => toast(`Could not save the note: ${errorMessage(err)}`, 'error'),
  });
  const remove = useMutation({
    mutationFn: (noteId: string) => triageApi.deleteNote(failureId, noteId),
    onSuccess: (_r, noteId) =>
      queryClient.setQueryData<FailureNote[]>(key, (old) => old?.filter((n) => n.id !== noteId)),
    onError: (err) => toast(`Could not delete the note: ${errorMessage(err)}`, 'error'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.trim()) add.mutate(draft.trim());
  };
  const tooLong = draft.length > NOTE_MAX;

  return (
    <section className="triage-notes" aria-label="Notes">
      <h3 className="triage-notes-title">Notes</h3>
      {notes.isPending ? (
        <p className="small muted">Loading notes…</p>
      ) : notes.isError ? (
        <ErrorState error={notes.error} onRetry={() => notes.refetch()} />
      ) : notes.data.length === 0 ? (
        <p className="small muted">No notes yet.</p>
      ) : (
        <ul className="triage-note-list">
          {notes.data.map((n) => (
            <li key={n.id} className="triage-note">
              <div className="triage-note-meta small muted">
                <span>{n.author}</span> · <time title={formatDateTime(n.created_at)}>{relativeTime(n.created_at)}</time>
                {canWrite && (
                  <button
                    type="button"
                    className="btn btn-sm btn-ghost"
                    aria-label={`Delete note by ${n.author}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(n.id)}
                  >
                    Delete
                  </button>
                )}
              </div>
              <p className="triage-note-body">{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="triage-note-form" onSubmit={submit}>
          <label htmlFor={`note-${failureId}`} className="sr-only">
            Add a note
          </label>
          <textarea
            id={`note-${failureId}`}
            className="input"
            rows={2}
            placeholder="Add a note: why it is a false positive, the ticket, who is on it…"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            aria-invalid={tooLong || undefined}
            aria-describedby={`note-${failureId}-count`}
          />
          <div className="row triage-note-actions">
            <span id={`note-${failureId}-count`} className={`small ${tooLong ? 'triage-over' : 'muted'}`}>
              {draft.length}/{NOTE_MAX}
            </span>
            <button
              type="submit"
              className="btn btn-sm btn-primary"
              disabled={!draft.trim() || tooLong || add.isPending}
            >
              {add.isPending ? 'Saving…' : 'Add note'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
