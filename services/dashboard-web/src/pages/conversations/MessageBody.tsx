import { useEffect, useId, useMemo, useState } from 'react';
import { highlightHtml, renderMarkdown } from '../../lib/markdown';
import '../../styles/detail.css';

/** Longer than this (characters or lines) starts collapsed: a pasted log should not push the thread off screen. */
export const COLLAPSE_CHARS = 1200;
export const COLLAPSE_LINES = 12;

export function isLong(content: string): boolean {
  return content.length > COLLAPSE_CHARS || content.split('\n').length > COLLAPSE_LINES;
}

/**
 * One message's text: Markdown rendered safely (lib/markdown), evidence excerpts marked, long text collapsed behind
 * "Show more". The whole text stays in the DOM while collapsed (find-in-page, evidence jumps); `expand` opens it
 * from outside (jumping to evidence inside a collapsed message).
 */
export function MessageBody({
  content,
  excerpts,
  expand = false,
}: {
  content: string;
  excerpts: string[];
  expand?: boolean;
}) {
  const long = isLong(content);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (expand) setOpen(true);
  }, [expand]);
  // the excerpt list is rebuilt on every render upstream: key the (costly) render on its text
  const excerptKey = excerpts.join('\u0000');
  const html = useMemo(
    () => highlightHtml(renderMarkdown(content), excerptKey ? excerptKey.split('\u0000') : []),
    [content, excerptKey],
  );
  const bodyId = useId();
  const collapsed = long && !open;
  return (
    <>
      <div
        id={bodyId}
        className={`msg-bubble md${collapsed ? ' collapsed' : ''}`}
        // sanitised by renderMarkdown (DOMPurify allow-list), never the raw text
        dangerouslySetInnerHTML={{ __html: html }}
      />
      {long && (
        <button
          type="button"
          className="btn btn-sm btn-ghost msg-toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? 'Show less' : `Show more (${content.length.toLocaleString()} characters)`}
        </button>
      )}
    </>
  );
}
