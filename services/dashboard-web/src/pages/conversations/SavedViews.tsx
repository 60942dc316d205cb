// Saved views of the conversations list (scope "conversations"): save the current filters, pick, rename, update,
// delete. A view's config is the list's query string as a flat object.
import { track } from '../../analytics/analytics';
import { EVENTS } from '../../analytics/events';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { itemsOf, savedViewsApi } from '../../api/endpoints';
import type { SavedView } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { IconBookmark, IconChevronDown, IconEdit, IconTrash } from '../../components/Icons';
import { errorMessage } from '../../components/States';
import { useToast } from '../../components/Toast';

export const VIEW_SCOPE = 'conversations';

interface Props {
  /** the current filters as a saved-view config */
  currentConfig: Record<string, string>;
  activeViewId: string | null;
  onApply: (view: SavedView) => void;
  onSaved: (view: SavedView) => void;
  onDeleted: (id: string) => void;
}

function sameConfig(a: Record<string, string>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b ?? {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === String(b[k]));
}

type NameDialog = { mode: 'create' } | { mode: 'rename'; view: SavedView } | null;

export function SavedViews({ currentConfig, activeViewId, onApply, onSaved, onDeleted }: Props) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const views = useQuery({ queryKey: ['saved-views', VIEW_SCOPE], queryFn: () => savedViewsApi.list(VIEW_SCOPE) });
  const list = itemsOf(views.data).sort((a, b) => a.name.localeCompare(b.name));
  const active = list.find((v) => v.id === activeViewId) ?? null;
  const modified = !!active && !sameConfig(currentConfig, active.config);

  const [menuOpen, setMenuOpen] = useState(false);
  const [nameDialog, setNameDialog] = useState<NameDialog>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<SavedView | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menuRef.current?.contains(e.target as Node))
        setMenuOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [menuOpen]);

  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['saved-views', VIEW_SCOPE] });

  const save = useMutation({
    mutationFn: async (d: { name: string; view?: SavedView }) =>
      d.view
        ? savedViewsApi.update(d.view.id, { name: d.name, scope: VIEW_SCOPE, config: d.view.config })
        : savedViewsApi.create({ name: d.name, scope: VIEW_SCOPE, config: currentConfig }),
    onSuccess: (view, d) => {
      setNameDialog(null);
      invalidate();
      if (!d.view) onSaved(view);
      if (!d.view) track(EVENTS.viewSaved, { scope: VIEW_SCOPE });
      toast(d.view ? `Renamed to “${view.name}”` : `View “${view.name}” saved`);
    },
    onError: (e) => {
      if (e instanceof ApiError && (e.status === 409 || e.code === 'conflict'))
        setNameError('A view with this name already exists.');
      else setNameError(e instanceof ApiError ? (e.fieldErrors().name ?? e.message) : errorMessage(e));
    },
  });

  const update = useMutation({
    mutationFn: (view: SavedView) =>
      savedViewsApi.update(view.id, { name: view.name, scope: VIEW_SCOPE, config: currentConfig }),
    onSuccess: (view) => {
      invalidate();
      toast(`View “${view.name}” updated`);
    },
    onError: (e) => toast(errorMessage(e), 'error'),
  });

  const remove = useMutation({
    mutationFn: (view: SavedView) => savedViewsApi.remove(view.id),
    onSuccess: (_r, view) => {
      setConfirmDelete(null);
      invalidate();
      onDeleted(view.id);
      toast(`View “${view.name}” deleted`);
    },
    onError: (e) => toast(errorMessage(e), 'error'),
  });

  const openNameDialog = (d: NameDialog) => {
    setMenuOpen(false);
    setNameError(null);
    setName(d?.mode === 'rename' ? d.view.name : '');
    setNameDialog(d);
  };

  const submitName = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return setNameError('Give the view a name.');
    if (n.length > 100) return setNameError('At most 100 characters.');
    save.mutate({ name: n, view: nameDialog?.mode === 'rename' ? nameDialog.view : undefined });
  };

  return (
    <div className="row">
      <div className="menu" ref={menuRef}>
        <button
          type="button"
          className="btn"
          aria-haspopup="true"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((o) => !o)}
        >
          <IconBookmark size={15} />
          {active ? active.name : 'Saved views'}
          {modified && <span className="small muted">(modified)</span>}
          <IconChevronDown size={14} />
        </button>
        {menuOpen && (
          <div className="menu-list" role="group" aria-label="Saved views">
            {views.isPending ? (
              <div className="menu-empty">Loading…</div>
            ) : views.isError ? (
              <div className="menu-empty">{errorMessage(views.error)}</div>
            ) : list.length === 0 ? (
              <div className="menu-empty">No saved views yet. Set filters, then “Save view”.</div>
            ) : (
              list.map((v) => (
                <div key={v.id} className="menu-item" aria-current={v.id === activeViewId}>
                  <button
                    type="button"
                    onClick={() => {
                      setMenuOpen(false);
                      onApply(v);
                    }}
                  >
                    {v.name}
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Rename view ${v.name}`}
                    onClick={() => openNameDialog({ mode: 'rename', view: v })}
                  >
                    <IconEdit size={14} />
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon btn-sm"
                    aria-label={`Delete view ${v.name}`}
                    onClick={() => {
                      setMenuOpen(false);
                      setConfirmDelete(v);
                    }}
                  >
                    <IconTrash size={14} />
                  </button>
                </div>
              ))
            )}
          </div>
        )}
      </div>
      {active && modified && (
        <button type="button" className="btn" onClick={() => update.mutate(active)} disabled={update.isPending}>
          Update view
        </button>
      )}
      <button type="button" className="btn btn-primary" onClick={() => openNameDialog({ mode: 'create' })}>
        Save view
      </button>

      <Dialog
        open={!!nameDialog}
        title={nameDialog?.mode === 'rename' ? 'Rename view' : 'Save current filters as a view'}
        onClose={() => setNameDialog(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setNameDialog(null)}>
              Cancel
            </button>
            <button type="submit" form="view-name-form" className="btn btn-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : nameDialog?.mode === 'rename' ? 'Rename' : 'Save view'}
            </button>
          </>
        }
      >
        <form id="view-name-form" onSubmit={submitName} noValidate>
          <div className="field">
            <label htmlFor="view-name">View name</label>
            <input
              id="view-name"
              className="input"
              value={name}
              maxLength={100}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!nameError}
              aria-describedby={nameError ? 'view-name-error' : undefined}
            />
            {nameError && (
              <span id="view-name-error" className="error" role="alert">
                {nameError}
              </span>
            )}
          </div>
        </form>
      </Dialog>

      <Dialog
        open={!!confirmDelete}
        title="Delete saved view?"
        onClose={() => setConfirmDelete(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setConfirmDelete(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={remove.isPending}
              onClick={() => confirmDelete && remove.mutate(confirmDelete)}
            >
              Delete view
            </button>
          </>
        }
      >
        <p>The view “{confirmDelete?.name}” will be deleted. The conversations themselves are not affected.</p>
      </Dialog>
    </div>
  );
}
