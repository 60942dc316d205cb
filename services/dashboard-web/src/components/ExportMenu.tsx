// "Export" button of a list: CSV or JSON Lines of everything the current filters match, produced by the server.
import { useEffect, useRef, useState } from 'react';
import { downloadExport, type ExportFormat, type ExportList } from '../api/lists';
import type { QueryValue } from '../api/client';
import { IconChevronDown } from './Icons';
import { errorMessage } from './States';
import { useToast } from './Toast';
import '../styles/lists.css';

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'csv', label: 'CSV', hint: 'Spreadsheets' },
  { format: 'jsonl', label: 'JSON Lines', hint: 'One JSON object per line' },
];

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportMenu({
  list,
  query,
  disabled,
}: {
  list: ExportList;
  query: Record<string, QueryValue>;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const toast = useToast();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    rootRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const run = async (format: ExportFormat) => {
    setOpen(false);
    setProgress(0);
    try {
      const { filename, bytes } = await downloadExport(list, format, query, setProgress);
      toast(`Exported ${filename} (${formatBytes(bytes)})`);
    } catch (e) {
      toast(`Export failed: ${errorMessage(e)}`, 'error');
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <div className="menu export-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-sm"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled || busy}
        onClick={() => setOpen((o) => !o)}
      >
        {busy ? `Exporting… ${formatBytes(progress)}` : 'Export'} <IconChevronDown size={12} />
      </button>
      {open && (
        <div
          className="menu-list export-menu-list"
          role="menu"
          aria-label={`Export ${list}`}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
            e.preventDefault();
            const items = [...(rootRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
            items[next]?.focus();
          }}
        >
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              role="menuitem"
              className="export-menu-item"
              onClick={() => run(f.format)}
            >
              <span>{f.label}</span>
              <span className="small muted">{f.hint}</span>
            </button>
          ))}
          <p className="export-menu-note small muted">Every row the current filters match, up to 1,000,000.</p>
        </div>
      )}
    </div>
  );
}
