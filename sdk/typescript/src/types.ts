/** Message roles accepted by Sensei (mirrors the ingestion API). */
export type Role = 'user' | 'assistant' | 'system' | 'tool';

/** One message of a conversation, as the application hands it to {@link Sensei.track}. */
export interface Message {
  role: Role;
  content: string;
  /** When the message was sent. Date, ISO-8601 string or epoch milliseconds. Defaults to now. */
  timestamp?: Date | string | number;
  /**
   * Your id for the message. When absent the SDK generates one (a UUID) so that retries are idempotent:
   * the server de-duplicates by message id. Pass your own ids if you re-send the same messages.
   */
  id?: string;
  metadata?: Record<string, unknown>;
  /** How long the reply took to produce (assistant messages), in milliseconds. */
  latencyMs?: number;
  /** Tokens used by this message. */
  tokens?: number;
}

/** Argument of {@link Sensei.track}. */
export interface TrackInput {
  conversationId: string;
  messages?: Message[];
  metadata?: Record<string, unknown>;
  userId?: string;
  /** Marks the conversation finished (also see {@link Sensei.end}). */
  ended?: boolean;
  /** Overrides the instance's environment for this conversation. */
  environment?: string;
}

/** Argument of {@link Sensei.feedback}: a user's thumbs or rating on a conversation or one of its messages. */
export interface FeedbackInput {
  conversationId: string;
  /** The message rated (the id you gave it in track()); absent: feedback on the whole conversation. */
  messageId?: string;
  /** Who gave it; one item per (conversation, message, user) is kept, a later one replaces it. */
  userId?: string;
  /** `thumbs`: value -1 or 1; `rating`: value 1..5. */
  kind: 'thumbs' | 'rating';
  value: number;
  /** At most 4000 characters. */
  comment?: string;
  /** When it was given. Date, ISO-8601 string or epoch milliseconds. Defaults to now. */
  timestamp?: Date | string | number;
  /** Overrides the instance's environment (must be the conversation's). */
  environment?: string;
}

export type SenseiErrorCode =
  | 'invalid_input' // track() or feedback() was called with something the API would reject; nothing was queued for it
  | 'rejected' // the API answered 4xx for an item or a whole batch; not retried
  | 'unauthorized' // 401/403: the API key is missing, wrong or revoked; not retried
  | 'unavailable' // network error, timeout, 429 or 5xx: being retried (reported once per outage)
  | 'retries_exhausted' // gave up on a batch after maxRetries server errors
  | 'queue_full' // maxQueueSize reached: new messages are dropped (reported once per overflow)
  | 'truncated' // a message was shortened / its metadata dropped to fit the API limits
  | 'shutdown'; // messages still queued when shutdown()'s timeout ran out

/** What {@link SenseiOptions.onError} receives. Never thrown into the application. */
export class SenseiError extends Error {
  readonly code: SenseiErrorCode;
  readonly status?: number;
  readonly conversationId?: string;
  /** How many messages the problem concerns. */
  readonly count?: number;
  readonly details?: unknown;

  constructor(
    code: SenseiErrorCode,
    message: string,
    extra: {
      status?: number;
      conversationId?: string;
      count?: number;
      details?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'SenseiError';
    this.code = code;
    this.status = extra.status;
    this.conversationId = extra.conversationId;
    this.count = extra.count;
    this.details = extra.details;
    if (extra.cause !== undefined) (this as { cause?: unknown }).cause = extra.cause;
  }
}

export interface SenseiOptions {
  /** Ingestion API key (`sk_...`). Falls back to the SENSEI_API_KEY environment variable in Node. */
  apiKey?: string;
  /** Where Sensei runs. Falls back to SENSEI_URL, then http://localhost:8080. */
  baseUrl?: string;
  /** Environment name stored with each conversation (e.g. "production", "staging"). Default "production". */
  environment?: string;
  /** How long messages may wait before a batch is sent, in ms. Default 1000. */
  flushIntervalMs?: number;
  /** A batch is sent as soon as this many messages wait; also the max conversations per request (≤ 100). Default 100. */
  maxBatchSize?: number;
  /** Messages held in memory at most (waiting or being retried). Beyond it new messages are dropped. Default 10000. */
  maxQueueSize?: number;
  /** Log what the SDK does to the console. */
  debug?: boolean;
  /** Called for every problem the SDK meets (see {@link SenseiErrorCode}). Exceptions it throws are ignored. */
  onError?: (error: SenseiError) => void;
  /** Per-request timeout in ms. Default 10000. */
  timeoutMs?: number;
  /** Retries of a batch answered with 500/501/505... before it is given up. Network errors, timeouts, 429, 502, 503 and 504 are retried without limit. Default 5. */
  maxRetries?: number;
  /** Backoff base and cap in ms (exponential with full jitter). Defaults 500 and 30000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long flushing on process exit / shutdown() may take, in ms. Default 2000. */
  shutdownTimeoutMs?: number;
  /** Flush on beforeExit/SIGTERM (Node) and pagehide/visibilitychange (browsers). Default true. */
  captureExit?: boolean;
  /** fetch implementation. Default: globalThis.fetch at construction time. */
  fetch?: typeof fetch;
}

/** Counts messages and feedback items (one feedback item counts as one). */
export interface SenseiStats {
  /** Messages waiting to be delivered right now (including ones being retried). */
  queued: number;
  /** Messages the API accepted. */
  sent: number;
  /** Message deliveries that were attempted again after a retryable failure (counted per message and attempt). */
  retried: number;
  /** Messages discarded because the queue was full, or still queued when shutdown() timed out. */
  dropped: number;
  /** Messages the API rejected (4xx), that failed validation, or whose retries ran out. */
  failed: number;
}

/** Options of {@link Sensei.flush} and {@link Sensei.shutdown}. */
export interface FlushOptions {
  /** Give up waiting after this many ms (the queue is kept). Resolves false then. */
  timeoutMs?: number;
}

/** snake_case wire shapes of `POST /api/v1/conversations/track/batch`. */
export interface WireMessage {
  id: string;
  role: Role;
  content: string;
  timestamp: string;
  metadata?: Record<string, unknown>;
  latency_ms?: number;
  tokens?: number;
}

export interface WireConversation {
  conversation_id: string;
  environment: string;
  user_id?: string;
  metadata?: Record<string, unknown>;
  messages: WireMessage[];
  ended?: boolean;
}

/** One item of `POST /api/v1/feedback/batch` (`{"feedback": [...]}`). */
export interface WireFeedback {
  conversation_id: string;
  environment: string;
  message_id?: string;
  user_id?: string;
  kind: 'thumbs' | 'rating';
  value: number;
  comment?: string;
  timestamp: string;
}

export interface WireItemResult {
  index: number;
  conversation_id?: string;
  status: number | string;
  event_id?: string;
  error?: unknown;
}
