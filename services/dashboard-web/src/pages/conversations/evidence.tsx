// Ties failure evidence to timeline messages. Evidence names a message by the client's id when it sent one, else
// Sensei's numeric id as text (else its position); message_index is the position fallback.
import type { ReactNode } from 'react';
import type { FailureView, MessageView } from '../../api/types';

export function messageAnchor(m: MessageView): string {
  return `msg-${m.id}`;
}

export interface EvidenceIndex {
  /** message id -> the failures that cite it (with the excerpt they cite) */
  byMessage: Map<number, { failure: FailureView; excerpt: string | null }[]>;
  /** failure id -> jump targets for its evidence list */
  anchorsByFailure: Map<string, { anchor: string; label: string; excerpt: string | null }[]>;
  /** how many distinct messages are evidence */
  count: number;
}

export function findEvidenceMessage(
  messages: MessageView[],
  messageId: string | null,
  messageIndex: number | null,
): MessageView | undefined {
  if (messageId) {
    const byId = messages.find((m) => m.external_id === messageId || String(m.id) === messageId);
    if (byId) return byId;
  }
  if (messageIndex !== null && messageIndex !== undefined && messageIndex >= 0 && messageIndex < messages.length) {
    return messages[messageIndex];
  }
  return undefined;
}

export function evidenceIndex(messages: MessageView[], failures: FailureView[]): EvidenceIndex {
  const byMessage = new Map<number, { failure: FailureView; excerpt: string | null }[]>();
  const anchorsByFailure = new Map<string, { anchor: string; label: string; excerpt: string | null }[]>();
  for (const f of failures) {
    const anchors: { anchor: string; label: string; excerpt: string | null }[] = [];
    for (const ev of f.evidence ?? []) {
      const m = findEvidenceMessage(messages, ev.message_id, ev.message_index);
      if (!m) continue;
      const list = byMessage.get(m.id) ?? [];
      if (!list.some((x) => x.failure.id === f.id)) list.push({ failure: f, excerpt: ev.excerpt });
      byMessage.set(m.id, list);
      const pos = messages.indexOf(m) + 1;
      anchors.push({ anchor: messageAnchor(m), label: `Message ${pos} (${m.role})`, excerpt: ev.excerpt });
    }
    anchorsByFailure.set(f.id, anchors);
  }
  return { byMessage, anchorsByFailure, count: byMessage.size };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Wraps the cited excerpts (case-insensitive) in <mark>; content is rendered as text, never as HTML. */
export function highlightExcerpts(content: string, excerpts: string[]): ReactNode {
  const parts = excerpts
    .map((e) =>
      e
        .trim()
        .replace(/^…|…$/g, '')
        .replace(/^\.\.\.|\.\.\.$/g, '')
        .trim(),
    )
    .filter((e) => e.length >= 2 && content.toLowerCase().includes(e.toLowerCase()));
  if (parts.length === 0) return content;
  const re = new RegExp(`(${parts.map(escapeRegExp).join('|')})`, 'gi');
  return content.split(re).map((chunk, i) =>
    i % 2 === 1 ? (
      <mark key={i} className="excerpt">
        {chunk}
      </mark>
    ) : (
      chunk
    ),
  );
}
