import { getToken } from '../../auth/session';

/**
 * The Sensei role a token carries in `app_metadata.sensei_role`, if any. Only a hint for what to offer: the server
 * resolves the role (also from SENSEI_ADMIN_EMAILS) and refuses a viewer's reveal with 403 whatever this says.
 */
export function tokenRole(token: string | null = getToken()): 'admin' | 'viewer' | null {
  if (!token) return null;
  try {
    const payload = token.split('.')[1];
    if (!payload) return null;
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
      app_metadata?: { sensei_role?: unknown };
    };
    const role = json.app_metadata?.sensei_role;
    return role === 'admin' || role === 'viewer' ? role : null;
  } catch {
    return null;
  }
}

/** "Reveal personal data" for admins; once revealed, a note that it was recorded and a way back to masked text. */
export function RevealControl({
  revealed,
  canReveal,
  denied,
  onChange,
}: {
  revealed: boolean;
  canReveal: boolean;
  denied: boolean;
  onChange: (revealed: boolean) => void;
}) {
  if (revealed) {
    return (
      <span className="row" style={{ gap: 8 }}>
        <span className="hint" role="status">
          Shown in clear · this reveal is recorded in the audit log
        </span>
        <button type="button" className="btn btn-sm" onClick={() => onChange(false)}>
          Mask personal data
        </button>
      </span>
    );
  }
  if (denied) {
    return (
      <span className="hint" role="status">
        Personal data is masked · only admins can reveal it
      </span>
    );
  }
  return (
    <span className="row" style={{ gap: 8 }}>
      <span className="hint">Personal data masked</span>
      {canReveal && (
        <button type="button" className="btn btn-sm" onClick={() => onChange(true)}>
          Reveal
        </button>
      )}
    </span>
  );
}
