import type { CreatedApiKey } from '../api/types';
import { CopyButton } from './CopyButton';
import { Dialog } from './Dialog';

/** The full key, shown exactly once (the server only keeps a hash). */
export function SecretKeyField({ created }: { created: CreatedApiKey }) {
  return (
    <>
      <div className="alert alert-warn" role="note">
        <span>
          <strong>Copy this key now.</strong> It will not be shown again — Sensei only stores a hash of it. If you lose
          it, create a new key and revoke this one.
        </span>
      </div>
      <div className="field">
        <span className="label" id={`secret-${created.id}`}>
          API key “{created.name}”
        </span>
        <div className="secret">
          <code aria-labelledby={`secret-${created.id}`} data-testid="new-api-key">
            {created.key}
          </code>
          <CopyButton text={created.key} label="Copy key" />
        </div>
      </div>
    </>
  );
}

export function NewKeyDialog({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  return (
    <Dialog
      open={!!created}
      title="Your new API key"
      onClose={onClose}
      footer={
        <button type="button" className="btn btn-primary" onClick={onClose}>
          I have copied the key
        </button>
      }
    >
      {created && <SecretKeyField created={created} />}
    </Dialog>
  );
}
