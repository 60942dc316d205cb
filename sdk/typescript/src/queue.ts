import type { WireFeedback, WireMessage } from './types.js';
import {
  MAX_BATCH_CONVERSATIONS,
  MAX_MESSAGE_CONTENT_BYTES,
  MAX_MESSAGES_PER_ITEM,
  MAX_METADATA_BYTES,
} from './limits.js';
import { truncateUtf8, utf8Length } from './util.js';

/**
 * Everything queued for one conversation since the last batch left: messages tracked between two flushes for the
 * same conversation are merged into one entry (one wire item), so a chatty conversation costs one item per batch.
 */
export interface Entry {
  /** Creation order; flush() waits until every entry created before it has settled. */
  seq: number;
  /** environment + conversation id: the merge key. */
  key: string;
  conversationId: string;
  environment: string;
  userId?: string;
  metadata?: Record<string, unknown>;
  messages: WireMessage[];
  ended: boolean;
  /** Per-item server errors seen for this entry (a 207 item answered 5xx). */
  attempts: number;
  /** Set on a feedback entry (one item of the feedback batch; `messages` is empty and nothing merges into it). */
  feedback?: WireFeedback;
}

/** What an entry counts for in the queue limits and the stats: its messages, or 1 for a feedback item. */
export function units(e: Entry): number {
  return e.feedback ? 1 : e.messages.length;
}

/** One HTTP request's worth of entries, already serialised (retries resend the same bytes). */
export interface Batch {
  /** Which endpoint the body is for. */
  kind: 'track' | 'feedback';
  entries: Entry[];
  body: string;
  bytes: number;
  messageCount: number;
  minSeq: number;
}

/** Problems met while serialising, reported by the caller through onError. */
export interface SerializeIssue {
  kind: 'content_truncated' | 'metadata_dropped' | 'message_too_large';
  conversationId: string;
  messageId?: string;
  reason?: string;
}

const TRUNCATION_MARK = '…';

/** Serialises one message by hand so metadata is stringified once and checked against the API limit. */
function serializeMessage(m: WireMessage, conversationId: string, issues: SerializeIssue[]): string {
  let content = m.content;
  // eslint-disable-next-line no-control-regex -- NUL is exactly what is removed
  if (content.indexOf('\u0000') >= 0) content = m.content = content.replace(/\u0000/g, ''); // the API refuses NUL
  if (content.length * 3 > MAX_MESSAGE_CONTENT_BYTES && utf8Length(content) > MAX_MESSAGE_CONTENT_BYTES) {
    content = truncateUtf8(content, MAX_MESSAGE_CONTENT_BYTES - utf8Length(TRUNCATION_MARK)) + TRUNCATION_MARK;
    m.content = content; // keep the shortened text, so a re-serialisation does not report it twice
    issues.push({ kind: 'content_truncated', conversationId, messageId: m.id });
  }
  let s =
    '{"id":' +
    JSON.stringify(m.id) +
    ',"role":"' +
    m.role +
    '","content":' +
    JSON.stringify(content) +
    ',"timestamp":"' +
    m.timestamp +
    '"';
  if (m.metadata !== undefined) {
    const meta = metadataJson(m.metadata, conversationId, m.id, issues);
    if (meta !== undefined) s += ',"metadata":' + meta;
    else m.metadata = undefined;
  }
  if (m.latency_ms !== undefined) s += ',"latency_ms":' + m.latency_ms;
  if (m.tokens !== undefined) s += ',"tokens":' + m.tokens;
  return s + '}';
}

/** JSON of a metadata object, or undefined (reported) when it cannot be serialised or is over the API limit. */
function metadataJson(
  meta: Record<string, unknown>,
  conversationId: string,
  messageId: string | undefined,
  issues: SerializeIssue[],
): string | undefined {
  let json: string;
  try {
    json = JSON.stringify(meta);
  } catch (e) {
    issues.push({
      kind: 'metadata_dropped',
      conversationId,
      messageId,
      reason: `not serialisable: ${(e as Error).message}`,
    });
    return undefined;
  }
  if (json === undefined) return undefined;
  if (json.length * 3 > MAX_METADATA_BYTES && utf8Length(json) > MAX_METADATA_BYTES) {
    issues.push({ kind: 'metadata_dropped', conversationId, messageId, reason: `over ${MAX_METADATA_BYTES} bytes` });
    return undefined;
  }
  return json;
}

function itemHead(e: Entry, issues: SerializeIssue[]): string {
  let s = '{"conversation_id":' + JSON.stringify(e.conversationId) + ',"environment":' + JSON.stringify(e.environment);
  if (e.userId !== undefined) s += ',"user_id":' + JSON.stringify(e.userId);
  if (e.metadata !== undefined) {
    const meta = metadataJson(e.metadata, e.conversationId, undefined, issues);
    if (meta !== undefined) s += ',"metadata":' + meta;
    else e.metadata = undefined;
  }
  return s;
}

function itemTail(ended: boolean): string {
  return ended ? '],"ended":true}' : ']}';
}

const BODY_HEAD = '{"conversations":[';
const BODY_TAIL = ']}';

/**
 * Takes entries from the head of `pending` into one request of at most `maxItems` items and `maxBytes` bytes.
 * An entry too large for one item (over 500 messages or the byte budget) is split: its first messages go now,
 * the rest stays at the head of `pending` (same seq, so ordering and flush() barriers hold).
 * Returns undefined when nothing fits (only possible with a tiny budget, i.e. keepalive requests).
 */
export function takeBatch(
  pending: Entry[],
  maxItems: number,
  maxBytes: number,
  issues: SerializeIssue[],
  onUnsendable: (entry: Entry, message: WireMessage) => void,
): Batch | undefined {
  const items: string[] = [];
  const entries: Entry[] = [];
  let bytes = BODY_HEAD.length + BODY_TAIL.length;
  let messageCount = 0;
  let minSeq = Infinity;
  const cap = Math.min(maxItems, MAX_BATCH_CONVERSATIONS);

  while (pending.length > 0 && entries.length < cap) {
    const e = pending[0];
    const head = itemHead(e, issues);
    const headBytes = utf8Length(head) + ',"messages":['.length + itemTail(true).length + (items.length ? 1 : 0);
    if (bytes + headBytes > maxBytes) break;
    let used = bytes + headBytes;
    const parts: string[] = [];
    let n = 0;
    for (; n < e.messages.length && n < MAX_MESSAGES_PER_ITEM; n++) {
      const json = serializeMessage(e.messages[n], e.conversationId, issues);
      const size = utf8Length(json) + (n ? 1 : 0);
      if (used + size > maxBytes) {
        if (n === 0 && items.length === 0 && maxBytes >= 1024 * 1024) {
          // a single message that cannot fit even an empty full-size request can never be sent: give it up
          onUnsendable(e, e.messages[0]);
          e.messages.shift();
          n = -1; // restart this entry without it
          parts.length = 0;
          used = bytes + headBytes;
          continue;
        }
        break;
      }
      used += size;
      parts.push(json);
    }
    const whole = n === e.messages.length;
    if (n === 0 && e.messages.length > 0) break; // not even one message of it fits: next request
    pending.shift();
    let sent: Entry = e;
    if (!whole) {
      // split: the first n messages go in this request, the rest stays first in line
      sent = { ...e, messages: e.messages.slice(0, n), ended: false };
      pending.unshift({ ...e, messages: e.messages.slice(n), attempts: e.attempts });
    }
    items.push((items.length ? ',' : '') + head + ',"messages":[' + parts.join(',') + itemTail(sent.ended));
    entries.push(sent);
    bytes = used;
    messageCount += sent.messages.length;
    if (e.seq < minSeq) minSeq = e.seq;
    if (!whole) break; // the remainder must not overtake itself within one request
  }
  if (entries.length === 0) return undefined;
  const body = BODY_HEAD + items.join('') + BODY_TAIL;
  return { kind: 'track', entries, body, bytes: utf8Length(body), messageCount, minSeq };
}

const FEEDBACK_HEAD = '{"feedback":[';

/**
 * Takes feedback entries from the head of `pending` (a queue of feedback entries only) into one request of at most
 * `maxItems` items and `maxBytes` bytes. A feedback item is small (a 4000-character comment at most), so one always
 * fits a full-size request; undefined only when the first does not fit a tiny keepalive budget.
 */
export function takeFeedbackBatch(pending: Entry[], maxItems: number, maxBytes: number): Batch | undefined {
  const items: string[] = [];
  const entries: Entry[] = [];
  let bytes = FEEDBACK_HEAD.length + BODY_TAIL.length;
  const cap = Math.min(maxItems, MAX_BATCH_CONVERSATIONS);
  while (pending.length > 0 && entries.length < cap) {
    const json = JSON.stringify(pending[0].feedback);
    const size = utf8Length(json) + (items.length ? 1 : 0);
    if (bytes + size > maxBytes) break;
    items.push(json);
    entries.push(pending.shift()!);
    bytes += size;
  }
  if (entries.length === 0) return undefined;
  const body = FEEDBACK_HEAD + items.join(',') + BODY_TAIL;
  return {
    kind: 'feedback',
    entries,
    body,
    bytes: utf8Length(body),
    messageCount: entries.length,
    minSeq: entries[0].seq,
  };
}
