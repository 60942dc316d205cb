import type { ReactNode } from 'react';
import { useRole } from '../auth/role';
import { Loading } from './States';

/** The note a viewer sees where an admin would find controls. */
export function ReadOnlyNote({ children }: { children?: ReactNode }) {
  return (
    <div className="card card-body read-only-note" role="note" aria-label="Read-only access">
      <strong>Read-only access.</strong>{' '}
      {children ?? 'You are a viewer: you can look at everything here, but changes need an admin.'}
    </div>
  );
}

/** A page only admins use (keys, settings, members): viewers get the note instead of a page of 403s. */
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const { canWrite, hasNoRole, pending } = useRole();
  if (pending) return <Loading label="Checking your access" />; // do not fire the page's requests for a viewer
  if (canWrite) return <>{children}</>;
  return (
    <>
      <header className="page-header">
        <div>
          <h1>{title}</h1>
        </div>
      </header>
      <ReadOnlyNote>
        {hasNoRole
          ? 'Your account has no Sensei role yet: ask an admin to add you on the Members page.'
          : `${title} can only be seen and changed by an admin. Ask an admin if something here needs changing.`}
      </ReadOnlyNote>
    </>
  );
}
