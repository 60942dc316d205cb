// "Export JSON" of one conversation: everything the detail page shows, with every message (all pages, in the order
// the client sent them), built from the same endpoints the page reads. Masking therefore follows the page exactly:
// personal data masked unless the admin revealed the transcript (the server audits that reveal).
import { conversationsApi } from './endpoints';
import type { ConversationDetail, FailureView, FeedbackView, HealthView, MessageView } from './types';

export const EXPORT_FORMAT = 'sensei.conversation.v1';

export interface ConversationExport {
  format: typeof EXPORT_FORMAT;
  exported_at: string;
  /** false: personal data in messages and feedback comments is masked, as on the page */
  revealed: boolean;
  conversation: ConversationDetail;
  health: HealthView;
  failures: FailureView[];
  feedback: FeedbackView[];
  messages: MessageView[];
}

/** Pages through the whole thread (200 a page) whatever the page has loaded so far. */
export async function allMessages(id: string, revealed: boolean): Promise<MessageView[]> {
  const out: MessageView[] = [];
  let cursor: string | null = null;
  do {
    const page = await conversationsApi.messages(id, cursor, revealed);
    out.push(...page.items);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return out;
}

export async function buildConversationExport(
  id: string,
  revealed: boolean,
  now = new Date(),
): Promise<ConversationExport> {
  const [conversation, health, failures, feedback, messages] = await Promise.all([
    conversationsApi.get(id),
    conversationsApi.health(id),
    conversationsApi.failures(id),
    conversationsApi.feedback(id, revealed),
    allMessages(id, revealed),
  ]);
  return {
    format: EXPORT_FORMAT,
    exported_at: now.toISOString(),
    revealed,
    conversation,
    health,
    failures,
    feedback,
    messages,
  };
}

/** A file name from the client's conversation id, safe on every OS. */
export function exportFileName(externalId: string): string {
  const safe = externalId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'conversation';
  return `conversation-${safe}.json`;
}

export function downloadJson(data: unknown, fileName: string): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoke after the click has been handled, or some browsers cancel the download
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
