/**
 * @convosensei/sdk — send your AI agent's conversations to Sensei.
 *
 *   import { init, track } from '@convosensei/sdk';
 *   init({ apiKey: process.env.SENSEI_API_KEY });
 *   track({ conversationId: 'c-1', messages: [{ role: 'user', content: 'Hi' }] });
 *   feedback({ conversationId: 'c-1', kind: 'thumbs', value: -1, comment: 'wrong answer' });
 */
import { Sensei } from './client.js';
import { getDefaultInstance, setDefaultInstance } from './global.js';
import type { FeedbackInput, FlushOptions, SenseiOptions, SenseiStats, TrackInput } from './types.js';

export { Sensei } from './client.js';
export { SenseiError } from './types.js';
export type {
  FeedbackInput,
  FlushOptions,
  Message,
  Role,
  SenseiErrorCode,
  SenseiOptions,
  SenseiStats,
  TrackInput,
  WireConversation,
  WireFeedback,
  WireItemResult,
  WireMessage,
} from './types.js';
export { wrap, CONVERSATION_HEADER, USER_HEADER } from './wrap/index.js';
export type { WrapOptions } from './wrap/index.js';
export { VERSION } from './version.js';

let warnedUninitialised = false;

function instance(): Sensei | undefined {
  const s = getDefaultInstance();
  if (!s && !warnedUninitialised) {
    warnedUninitialised = true;
    // eslint-disable-next-line no-console
    console.warn('[sensei] call init({ apiKey }) before track(); nothing is recorded until then');
  }
  return s;
}

/** Creates the shared instance the top-level functions and `wrap()` use. Calling it again replaces (and flushes) the previous one. */
export function init(options: SenseiOptions = {}): Sensei {
  const previous = getDefaultInstance();
  const next = new Sensei(options);
  setDefaultInstance(next);
  if (previous) void previous.shutdown();
  return next;
}

/** The instance `init()` created, if any. */
export function getInstance(): Sensei | undefined {
  return getDefaultInstance();
}

export function track(input: TrackInput): void {
  instance()?.track(input);
}

/** Queues a user's thumbs or rating on the shared instance (see {@link Sensei.feedback}). */
export function feedback(input: FeedbackInput): void {
  instance()?.feedback(input);
}

export function end(conversationId: string): void {
  instance()?.end(conversationId);
}

export function flush(options?: FlushOptions): Promise<boolean> {
  return getDefaultInstance()?.flush(options) ?? Promise.resolve(true);
}

export async function shutdown(options?: FlushOptions): Promise<boolean> {
  const s = getDefaultInstance();
  if (!s) return true;
  setDefaultInstance(undefined);
  return s.shutdown(options);
}

export function stats(): SenseiStats {
  return getDefaultInstance()?.stats() ?? { queued: 0, sent: 0, retried: 0, dropped: 0, failed: 0 };
}
