// The `?` dialog listing the list pages' keyboard shortcuts.
import { Dialog } from './Dialog';
import type { Shortcut } from '../lib/useListShortcuts';
import '../styles/lists.css';

export function ShortcutsHelp({
  open,
  onClose,
  shortcuts,
}: {
  open: boolean;
  onClose: () => void;
  shortcuts: Shortcut[];
}) {
  return (
    <Dialog
      open={open}
      title="Keyboard shortcuts"
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      <table className="shortcuts-table">
        <caption className="sr-only">Keyboard shortcuts of this list</caption>
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.action}>
              <th scope="row">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && <span className="muted"> or </span>}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">Shortcuts are off while you type in a field.</p>
    </Dialog>
  );
}
