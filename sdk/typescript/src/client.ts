import {
  type FeedbackInput,
  type FlushOptions,
  type Message,
  SenseiError,
  type SenseiErrorCode,
  type SenseiOptions,
  type SenseiStats,
  type TrackInput,
  type WireFeedback,
  type WireMessage,
} from './types.js';
import {
  BATCH_PATH,
  FEEDBACK_BATCH_PATH,
  FEEDBACK_KINDS,
  KEEPALIVE_BODY_BYTES,
  MAX_BATCH_CONVERSATIONS,
  MAX_BODY_BYTES,
  MAX_CONVERSATION_ID_LENGTH,
  MAX_ENVIRONMENT_LENGTH,
  MAX_FEEDBACK_COMMENT_LENGTH,
  MAX_MESSAGE_ID_LENGTH,
  MAX_USER_ID_LENGTH,
  ROLES,
} from './limits.js';
import { type Batch, type Entry, type SerializeIssue, takeBatch, takeFeedbackBatch, units } from './queue.js';
import { isTransientStatus, itemStatus, type Outcome, sendBatch, type TransportOptions } from './transport.js';
import { envVar, isPlainObject, toIsoTimestamp, unrefTimeout, uuid } from './util.js';
import { registerLifecycle, unregisterLifecycle } from './lifecycle.js';
import { VERSION } from './version.js';
import { type WrapOptions, wrap } from './wrap/index.js';

interface Resolved {
  apiKey: string;
  baseUrl: string;
  environment: string;
  flushIntervalMs: number;
  maxBatchSize: number;
  maxQueueSize: number;
  debug: boolean;
  onError?: (e: SenseiError) => void;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  shutdownTimeoutMs: number;
}

interface Waiter {
  barrier: number;
  resolve: (ok: boolean) => void;
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/**
 * A Sensei client: `track()` only puts messages in memory; a background loop sends them in batches
 * (on size or interval), retries what failed, and never lets a problem of its own reach the application.
 * Create several for several projects/keys; `init()` manages one shared instance.
 */
export class Sensei {
  private readonly o: Resolved;
  private readonly transport: TransportOptions;
  private readonly feedbackTransport: TransportOptions;

  /** Entries waiting to be sent, oldest first (ascending seq). */
  private pending: Entry[] = [];
  /**
   * Feedback entries waiting, oldest first; a queue of their own (same seq counter) so that feedback between two
   * track() calls does not cut a track batch in two. The loop sends whichever head is older.
   */
  private pendingFeedback: Entry[] = [];
  /** The entry of each conversation that new messages may still be merged into. */
  private open = new Map<string, Entry>();
  private seq = 0;
  /** Messages (and feedback items, one each) not yet settled: waiting, in flight or waiting for a retry. */
  private queuedMessages = 0;
  /** Messages in `pending` (the size trigger looks at these). */
  private pendingMessages = 0;
  private readonly counters = { sent: 0, retried: 0, dropped: 0, failed: 0 };

  private intervalTimer?: ReturnType<typeof setTimeout>;
  private soonTimer?: ReturnType<typeof setTimeout>;
  private draining = false;
  private inflight?: Batch;
  private waiters: Waiter[] = [];
  private wake?: () => void;
  private closed = false;
  private abandoned = false;
  private shutdownPromise?: Promise<boolean>;
  /** Set while the page is hidden / process exiting: requests use keepalive and small bodies. */
  private keepaliveMode = false;
  private exitBarrier = -1;
  /** Smaller byte budget after a 413, in case a proxy in front of Sensei has a lower limit. */
  private byteBudget = MAX_BODY_BYTES;
  private inOutage = false;
  private overflowReported = false;

  constructor(options: SenseiOptions = {}) {
    const apiKey = options.apiKey ?? envVar('SENSEI_API_KEY') ?? '';
    const baseUrl = (options.baseUrl ?? envVar('SENSEI_URL') ?? 'http://localhost:8080').replace(/\/+$/, '');
    this.o = {
      apiKey,
      baseUrl,
      environment: (options.environment ?? envVar('SENSEI_ENVIRONMENT') ?? 'production').slice(
        0,
        MAX_ENVIRONMENT_LENGTH,
      ),
      flushIntervalMs: positive(options.flushIntervalMs, 1000),
      maxBatchSize: Math.max(1, Math.min(MAX_BATCH_CONVERSATIONS, Math.floor(positive(options.maxBatchSize, 100)))),
      maxQueueSize: Math.max(1, Math.floor(positive(options.maxQueueSize, 10_000))),
      debug: !!options.debug,
      onError: options.onError,
      maxRetries: Math.floor(positive(options.maxRetries, 5)),
      retryBaseMs: positive(options.retryBaseMs, 500),
      retryMaxMs: positive(options.retryMaxMs, 30_000),
      shutdownTimeoutMs: positive(options.shutdownTimeoutMs, 2000),
    };
    const fetchFn = options.fetch ?? (typeof fetch === 'function' ? fetch.bind(globalThis) : undefined);
    this.transport = {
      url: baseUrl + BATCH_PATH,
      apiKey,
      timeoutMs: positive(options.timeoutMs, 10_000),
      fetch:
        fetchFn ??
        (async () => {
          throw new Error('no fetch available: pass options.fetch');
        }),
      userAgent: `convosensei-sdk-js/${VERSION}`,
    };
    this.feedbackTransport = { ...this.transport, url: baseUrl + FEEDBACK_BATCH_PATH };
    if (!apiKey)
      this.report('unauthorized', 'no API key: pass apiKey to init() or set SENSEI_API_KEY; messages will be rejected');
    if (options.captureExit !== false) registerLifecycle(this);
  }

  /** Queues messages of a conversation. Returns at once; never throws; does no I/O. */
  track(input: TrackInput): void {
    try {
      this.enqueue(input);
    } catch (e) {
      this.report('invalid_input', `track() failed: ${(e as Error)?.message ?? e}`);
    }
  }

  /**
   * Queues a user's feedback (thumbs -1|1 or rating 1..5, optional comment) on a conversation or one of its messages.
   * Sent in batches like track(), with the same retries; bad input is reported through onError and not queued.
   * Returns at once; never throws; does no I/O.
   */
  feedback(input: FeedbackInput): void {
    try {
      this.enqueueFeedback(input);
    } catch (e) {
      this.report('invalid_input', `feedback() failed: ${(e as Error)?.message ?? e}`);
    }
  }

  /** Marks a conversation finished (sent with the next batch). */
  end(conversationId: string): void {
    this.track({ conversationId, ended: true });
  }

  /**
   * Sends everything queued so far and waits until it is delivered, rejected or given up.
   * Resolves true when all of it settled, false when `timeoutMs` ran out first (the queue is kept).
   */
  flush(options: FlushOptions = {}): Promise<boolean> {
    return this.flushInternal(options.timeoutMs, false);
  }

  /**
   * Flushes (bounded by `timeoutMs`, default shutdownTimeoutMs), stops the timers and the exit hooks.
   * Messages still queued when the time runs out are counted as dropped. Later track() calls are dropped.
   */
  shutdown(options: FlushOptions = {}): Promise<boolean> {
    if (this.shutdownPromise) return this.shutdownPromise;
    this.closed = true;
    unregisterLifecycle(this);
    this.shutdownPromise = this.flushInternal(options.timeoutMs ?? this.o.shutdownTimeoutMs, true).then((ok) => {
      this.clearTimers();
      if (!ok) this.abandon();
      return ok;
    });
    return this.shutdownPromise;
  }

  stats(): SenseiStats {
    return { queued: this.queuedMessages, ...this.counters };
  }

  /** Like the top-level {@link wrap}, recording into this instance. */
  wrap<T>(client: T, options: Omit<WrapOptions, 'sensei'> = {}): T {
    return wrap(client, { ...options, sensei: this });
  }

  /** @internal Used by the wrappers to report their own problems through onError/debug. */
  reportProblem(code: SenseiErrorCode, message: string): void {
    this.report(code, message);
  }

  /** Called by the lifecycle hooks (beforeExit, SIGTERM): one bounded flush per batch of new data. */
  flushForExit(): Promise<boolean> {
    if (this.closed || (this.queuedMessages === 0 && this.idle())) return Promise.resolve(true);
    if (this.exitBarrier === this.seq) return Promise.resolve(false); // already tried to flush exactly this data
    this.exitBarrier = this.seq;
    return this.flushInternal(this.o.shutdownTimeoutMs, true);
  }

  /** Called when the page is being hidden/unloaded: send what fits in keepalive requests now. */
  flushKeepalive(): void {
    this.keepaliveMode = true;
    this.clearTimers();
    this.kick();
  }

  /** Called when the page is visible again. */
  resumeFromKeepalive(): void {
    this.keepaliveMode = false;
  }

  // ---- enqueue (the caller's path: no I/O, no awaiting, O(messages)) ----

  private enqueue(input: TrackInput): void {
    const conversationId = input?.conversationId;
    const messages = input?.messages ?? [];
    if (this.closed) {
      this.counters.dropped += messages.length;
      this.log('track() after shutdown(): dropped');
      return;
    }
    if (
      typeof conversationId !== 'string' ||
      conversationId.length === 0 ||
      conversationId.length > MAX_CONVERSATION_ID_LENGTH
    ) {
      this.counters.failed += Array.isArray(messages) ? messages.length : 0;
      this.report(
        'invalid_input',
        `conversationId must be a non-empty string of at most ${MAX_CONVERSATION_ID_LENGTH} characters`,
      );
      return;
    }
    if (!Array.isArray(messages)) {
      this.report('invalid_input', 'messages must be an array', { conversationId });
      return;
    }
    let wire: WireMessage[] = [];
    for (let i = 0; i < messages.length; i++) {
      const w = this.normalize(messages[i], conversationId);
      if (w) wire.push(w);
      else this.counters.failed++;
    }
    const room = this.o.maxQueueSize - this.queuedMessages;
    if (wire.length > room) {
      // drop-newest: what is already queued (older, possibly mid-retry) keeps its place
      const lost = wire.length - Math.max(0, room);
      wire = wire.slice(0, Math.max(0, room));
      this.counters.dropped += lost;
      if (!this.overflowReported) {
        this.overflowReported = true;
        this.report('queue_full', `queue full (maxQueueSize ${this.o.maxQueueSize}): dropping new messages`, {
          conversationId,
          count: lost,
        });
      }
      if (wire.length === 0 && !input.ended && input.metadata === undefined && input.userId === undefined) return;
    }
    const environment = input.environment
      ? String(input.environment).slice(0, MAX_ENVIRONMENT_LENGTH)
      : this.o.environment;
    const key = environment + '\u0000' + conversationId;
    let entry = this.open.get(key);
    if (!entry) {
      entry = { seq: ++this.seq, key, conversationId, environment, messages: wire, ended: false, attempts: 0 };
      this.pending.push(entry);
      this.open.set(key, entry);
    } else if (wire.length) {
      for (let i = 0; i < wire.length; i++) entry.messages.push(wire[i]);
    }
    if (input.userId !== undefined && input.userId !== null) {
      entry.userId = String(input.userId).slice(0, MAX_USER_ID_LENGTH);
    }
    if (isPlainObject(input.metadata)) {
      entry.metadata = entry.metadata ? { ...entry.metadata, ...input.metadata } : { ...input.metadata };
    }
    if (input.ended) entry.ended = true;
    this.queuedMessages += wire.length;
    this.pendingMessages += wire.length;
    if (this.pendingMessages >= this.o.maxBatchSize) this.kickSoon();
    else this.armInterval();
  }

  private enqueueFeedback(input: FeedbackInput): void {
    if (this.closed) {
      this.counters.dropped++;
      this.log('feedback() after shutdown(): dropped');
      return;
    }
    const wire = this.validFeedback(input);
    if (!wire) {
      this.counters.failed++;
      return;
    }
    if (this.queuedMessages >= this.o.maxQueueSize) {
      this.counters.dropped++;
      if (!this.overflowReported) {
        this.overflowReported = true;
        this.report('queue_full', `queue full (maxQueueSize ${this.o.maxQueueSize}): dropping new feedback`, {
          conversationId: wire.conversation_id,
          count: 1,
        });
      }
      return;
    }
    this.pendingFeedback.push({
      seq: ++this.seq,
      key: wire.environment + '\u0000' + wire.conversation_id,
      conversationId: wire.conversation_id,
      environment: wire.environment,
      messages: [],
      ended: false,
      attempts: 0,
      feedback: wire,
    });
    this.queuedMessages++;
    this.pendingMessages++;
    if (this.pendingMessages >= this.o.maxBatchSize) this.kickSoon();
    else this.armInterval();
  }

  /** The API's rules for one feedback item (FeedbackRequest.java); undefined, reported, when it breaks one. */
  private validFeedback(input: FeedbackInput): WireFeedback | undefined {
    const bad = (reason: string) => {
      this.report('invalid_input', `feedback(): ${reason}`, {
        conversationId: typeof input?.conversationId === 'string' ? input.conversationId : undefined,
      });
      return undefined;
    };
    if (!input || typeof input !== 'object') return bad('expects an object');
    const { conversationId, messageId, userId, kind, value, comment, environment } = input;
    if (
      typeof conversationId !== 'string' ||
      conversationId.length === 0 ||
      conversationId.length > MAX_CONVERSATION_ID_LENGTH
    ) {
      return bad(`conversationId must be a non-empty string of at most ${MAX_CONVERSATION_ID_LENGTH} characters`);
    }
    if (!FEEDBACK_KINDS.has(kind)) return bad(`kind must be thumbs or rating (got ${JSON.stringify(kind)})`);
    if (kind === 'thumbs' && value !== -1 && value !== 1)
      return bad(`a thumbs value must be -1 or 1 (got ${JSON.stringify(value)})`);
    if (kind === 'rating' && !(Number.isInteger(value) && value >= 1 && value <= 5)) {
      return bad(`a rating value must be a whole number from 1 to 5 (got ${JSON.stringify(value)})`);
    }
    if (
      messageId !== undefined &&
      messageId !== null &&
      (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > MAX_MESSAGE_ID_LENGTH)
    ) {
      return bad(`messageId must be a non-empty string of at most ${MAX_MESSAGE_ID_LENGTH} characters`);
    }
    if (userId !== undefined && userId !== null && (typeof userId !== 'string' || userId.length > MAX_USER_ID_LENGTH)) {
      return bad(`userId must be a string of at most ${MAX_USER_ID_LENGTH} characters`);
    }
    if (
      comment !== undefined &&
      comment !== null &&
      (typeof comment !== 'string' || comment.length > MAX_FEEDBACK_COMMENT_LENGTH)
    ) {
      return bad(`comment must be a string of at most ${MAX_FEEDBACK_COMMENT_LENGTH} characters`);
    }
    if (
      environment !== undefined &&
      environment !== null &&
      (typeof environment !== 'string' || environment.length === 0 || environment.length > MAX_ENVIRONMENT_LENGTH)
    ) {
      return bad(`environment must be a non-empty string of at most ${MAX_ENVIRONMENT_LENGTH} characters`);
    }
    const timestamp = toIsoTimestamp(input.timestamp);
    if (timestamp === undefined) return bad(`timestamp is not a valid date: ${String(input.timestamp)}`);
    const wire: WireFeedback = {
      conversation_id: conversationId,
      environment: environment || this.o.environment,
      kind,
      value,
      timestamp,
    };
    if (messageId) wire.message_id = messageId;
    if (userId) wire.user_id = userId;
    // eslint-disable-next-line no-control-regex -- NUL is exactly what is removed
    if (comment) wire.comment = comment.replace(/\u0000/g, ''); // the API refuses NUL, as in message content
    return wire;
  }

  private normalize(m: Message, conversationId: string): WireMessage | undefined {
    if (!m || typeof m !== 'object') {
      this.report('invalid_input', 'a message must be an object', { conversationId });
      return undefined;
    }
    if (!ROLES.has(m.role)) {
      this.report('invalid_input', `role must be user, assistant, system or tool (got ${JSON.stringify(m.role)})`, {
        conversationId,
      });
      return undefined;
    }
    if (typeof m.content !== 'string') {
      this.report('invalid_input', 'content must be a string', { conversationId });
      return undefined;
    }
    const timestamp = toIsoTimestamp(m.timestamp);
    if (timestamp === undefined) {
      this.report('invalid_input', `timestamp is not a valid date: ${String(m.timestamp)}`, { conversationId });
      return undefined;
    }
    let id = m.id;
    if (id === undefined || id === null || id === '') id = uuid();
    else if (typeof id !== 'string' || id.length > MAX_MESSAGE_ID_LENGTH) {
      this.report('invalid_input', `message id must be a string of at most ${MAX_MESSAGE_ID_LENGTH} characters`, {
        conversationId,
      });
      return undefined;
    }
    const w: WireMessage = { id, role: m.role, content: m.content, timestamp };
    if (isPlainObject(m.metadata)) w.metadata = m.metadata;
    if (typeof m.latencyMs === 'number' && Number.isFinite(m.latencyMs) && m.latencyMs >= 0)
      w.latency_ms = Math.round(m.latencyMs);
    if (typeof m.tokens === 'number' && Number.isFinite(m.tokens) && m.tokens >= 0) w.tokens = Math.round(m.tokens);
    return w;
  }

  // ---- the background loop ----

  private armInterval(): void {
    if (this.intervalTimer || this.soonTimer || this.draining) return;
    this.intervalTimer = unrefTimeout(() => {
      this.intervalTimer = undefined;
      this.kick();
    }, this.o.flushIntervalMs);
  }

  /** Starts the loop on the next turn of the event loop, never on the caller's stack. */
  private kickSoon(): void {
    if (this.soonTimer || this.draining) return;
    this.soonTimer = unrefTimeout(() => {
      this.soonTimer = undefined;
      this.kick();
    }, 0);
  }

  private clearTimers(): void {
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.intervalTimer = this.soonTimer = undefined;
  }

  private kick(): void {
    if (this.draining || this.abandoned) return;
    this.clearTimers();
    this.draining = true;
    this.drain()
      .catch((e) => this.report('unavailable', `internal error in the send loop: ${(e as Error)?.message ?? e}`))
      .finally(() => {
        this.draining = false;
        this.checkWaiters();
        if (this.idle() || this.abandoned) return;
        if (this.urgent() || this.pendingMessages >= this.o.maxBatchSize) this.kickSoon();
        else this.armInterval();
      });
  }

  /** Something is waiting for the queue to empty: send even small batches right away. */
  private urgent(): boolean {
    return this.waiters.length > 0 || this.keepaliveMode || this.closed;
  }

  private async drain(): Promise<void> {
    let first = true;
    while ((this.pending.length > 0 || this.pendingFeedback.length > 0) && !this.abandoned) {
      if (!first && !this.urgent() && this.pendingMessages < this.o.maxBatchSize) break; // let the timer batch more
      first = false;
      const batch = this.nextBatch();
      if (!batch) break;
      await this.deliver(batch);
      this.checkWaiters();
    }
  }

  /** Nothing waiting and nothing in flight. */
  private idle(): boolean {
    return this.pending.length === 0 && this.pendingFeedback.length === 0 && !this.inflight;
  }

  private nextBatch(): Batch | undefined {
    const budget = this.keepaliveMode ? Math.min(KEEPALIVE_BODY_BYTES, this.byteBudget) : this.byteBudget;
    // the older head goes first, so flush() barriers and the order of a user's calls hold across the two queues
    const feedbackFirst =
      this.pendingFeedback.length > 0 &&
      (this.pending.length === 0 || this.pendingFeedback[0].seq < this.pending[0].seq);
    if (feedbackFirst) {
      const batch = takeFeedbackBatch(this.pendingFeedback, this.o.maxBatchSize, budget);
      if (batch) this.pendingMessages -= batch.messageCount;
      return batch;
    }
    // entries leaving `pending` can no longer take merges: later messages start a new entry
    const issues: SerializeIssue[] = [];
    const batch = takeBatch(this.pending, this.o.maxBatchSize, budget, issues, (entry, message) => {
      this.queuedMessages--;
      this.pendingMessages--;
      this.counters.failed++;
      this.report('rejected', `message ${message.id} is larger than a whole request may be; dropped`, {
        conversationId: entry.conversationId,
        count: 1,
      });
    });
    for (const issue of issues) {
      this.report(
        'truncated',
        issue.kind === 'content_truncated'
          ? `message ${issue.messageId} content shortened to the API limit of 32 KiB`
          : `metadata dropped (${issue.reason})${issue.messageId ? ` from message ${issue.messageId}` : ''}`,
        { conversationId: issue.conversationId },
      );
    }
    if (!batch) return undefined;
    for (const e of batch.entries) {
      if (this.open.get(e.key)?.seq === e.seq) this.open.delete(e.key);
    }
    this.pendingMessages -= batch.messageCount;
    return batch;
  }

  /** Sends one batch until it is settled: accepted, rejected, given up, or abandoned by shutdown. */
  private async deliver(batch: Batch): Promise<void> {
    this.inflight = batch;
    try {
      for (let attempt = 1; ; attempt++) {
        const outcome = await sendBatch(
          batch.kind === 'feedback' ? this.feedbackTransport : this.transport,
          batch.body,
          this.keepaliveMode,
        );
        if (this.abandoned) return; // shutdown() gave up on these and already counted them
        if (outcome.kind === 'ok') {
          this.endOutage();
          await this.settleItems(batch, outcome);
          return;
        }
        if (outcome.kind === 'reject') {
          if (outcome.status === 413 && batch.bytes > 1024) {
            this.byteBudget = Math.max(1024, Math.floor(batch.bytes / 2));
            this.requeue(batch.entries);
            this.log(`413 for ${batch.bytes} bytes: lowering the request size to ${this.byteBudget}`);
            return;
          }
          this.settleFailed(
            batch.entries,
            outcome.status === 401 || outcome.status === 403 ? 'unauthorized' : 'rejected',
            `Sensei rejected a batch of ${batch.messageCount} ${batch.kind === 'feedback' ? 'feedback items' : 'messages'}: HTTP ${outcome.status} ${outcome.message}`,
            outcome.status,
            outcome,
          );
          return;
        }
        if (!outcome.unlimited && attempt > this.o.maxRetries) {
          this.settleFailed(
            batch.entries,
            'retries_exhausted',
            `gave up on ${batch.messageCount} messages after ${attempt} attempts: ${outcome.reason}`,
            outcome.status,
          );
          return;
        }
        this.counters.retried += batch.messageCount;
        this.startOutage(outcome, batch.messageCount);
        await this.sleep(this.delay(attempt, outcome));
        if (this.abandoned) return;
      }
    } finally {
      this.inflight = undefined;
    }
  }

  /** Handles a 2xx: per-item results of a 207 decide each item's fate. */
  private async settleItems(batch: Batch, outcome: Extract<Outcome, { kind: 'ok' }>): Promise<void> {
    if (!outcome.results) {
      this.settleSent(batch.entries);
      return;
    }
    const byIndex = new Map<number, (typeof outcome.results)[number]>();
    for (const r of outcome.results) if (r && typeof r.index === 'number') byIndex.set(r.index, r);
    const retry: Entry[] = [];
    let retryUnlimited = true;
    batch.entries.forEach((entry, i) => {
      const r = byIndex.get(i);
      const status = r ? itemStatus(r) : 503; // an item without an answer is sent again (ids make that safe)
      if (status < 300) {
        this.settleSent([entry]);
      } else if (status < 500 && status !== 408 && status !== 429) {
        this.settleFailed(
          [entry],
          status === 401 || status === 403 ? 'unauthorized' : 'rejected',
          `Sensei rejected ${entry.feedback ? 'feedback on ' : ''}conversation ${entry.conversationId} (${units(entry)} ${entry.feedback ? 'item' : 'messages'}): ${describeItemError(r?.error, status)}`,
          status,
          r?.error,
        );
      } else {
        entry.attempts++;
        if (!isTransientStatus(status)) retryUnlimited = false;
        if (!isTransientStatus(status) && entry.attempts > this.o.maxRetries) {
          this.settleFailed(
            [entry],
            'retries_exhausted',
            `gave up on conversation ${entry.conversationId} after ${entry.attempts} server errors`,
            status,
            r?.error,
          );
        } else {
          retry.push(entry);
        }
      }
    });
    if (retry.length) {
      const n = this.requeue(retry);
      this.counters.retried += n;
      this.startOutage(
        { kind: 'retry', reason: `${retry.length} items answered with server errors`, unlimited: retryUnlimited },
        n,
      );
      const attempts = Math.max(...retry.map((e) => e.attempts));
      await this.sleep(this.delay(attempts, { kind: 'retry', reason: '', unlimited: true }));
    }
  }

  /** Puts entries back at the head of their queue (they are older than anything queued). */
  private requeue(entries: Entry[]): number {
    let n = 0;
    for (const e of entries) n += units(e);
    const feedback = entries.filter((e) => e.feedback);
    this.pending.unshift(...entries.filter((e) => !e.feedback));
    this.pendingFeedback.unshift(...feedback);
    this.pendingMessages += n;
    return n;
  }

  private settleSent(entries: Entry[]): void {
    for (const e of entries) {
      this.counters.sent += units(e);
      this.queuedMessages -= units(e);
    }
    if (this.queuedMessages < this.o.maxQueueSize / 2) this.overflowReported = false;
  }

  private settleFailed(
    entries: Entry[],
    code: SenseiErrorCode,
    message: string,
    status?: number,
    details?: unknown,
  ): void {
    let n = 0;
    for (const e of entries) n += units(e);
    this.counters.failed += n;
    this.queuedMessages -= n;
    this.report(code, message, {
      status,
      count: n,
      details,
      conversationId: entries.length === 1 ? entries[0].conversationId : undefined,
    });
  }

  private delay(attempt: number, outcome: Extract<Outcome, { kind: 'retry' }>): number {
    if (outcome.retryAfterMs !== undefined) {
      // honour the server's Retry-After (at least that long), with a little jitter so clients don't stampede
      return outcome.retryAfterMs + Math.random() * Math.min(1000, outcome.retryAfterMs * 0.1 + 1);
    }
    const ceiling = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
    return Math.random() * ceiling; // "full jitter"
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const t = unrefTimeout(done, ms);
      this.wake = done;
    });
  }

  private startOutage(outcome: Extract<Outcome, { kind: 'retry' }>, count: number): void {
    this.log(`delivery failed (${outcome.reason}); retrying ${count} messages`);
    if (this.inOutage) return;
    this.inOutage = true;
    this.report(
      'unavailable',
      `Sensei is unreachable or failing (${outcome.reason}); messages stay queued and are retried`,
      { status: outcome.status, count, details: outcome.cause },
    );
  }

  private endOutage(): void {
    if (this.inOutage) this.log('Sensei reachable again');
    this.inOutage = false;
  }

  // ---- flush / shutdown ----

  private flushInternal(timeoutMs: number | undefined, keepProcessAlive: boolean): Promise<boolean> {
    if (this.abandoned) return Promise.resolve(this.queuedMessages === 0);
    if (this.idle()) return Promise.resolve(true);
    const barrier = this.seq;
    return new Promise<boolean>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        barrier,
        resolve: (ok) => {
          if (timer) clearTimeout(timer);
          resolve(ok);
        },
      };
      this.waiters.push(waiter);
      if (timeoutMs !== undefined) {
        const onTimeout = () => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        };
        // on exit the timer itself keeps Node alive so the flush gets its time; otherwise it must not
        timer = keepProcessAlive ? setTimeout(onTimeout, timeoutMs) : unrefTimeout(onTimeout, timeoutMs);
      }
      if (!this.draining) this.kick();
    });
  }

  /** Resolves flush() calls whose data has all settled. */
  private checkWaiters(): void {
    if (this.waiters.length === 0) return;
    let min = this.pending.length ? this.pending[0].seq : Infinity;
    if (this.pendingFeedback.length && this.pendingFeedback[0].seq < min) min = this.pendingFeedback[0].seq;
    if (this.inflight && this.inflight.minSeq < min) min = this.inflight.minSeq;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.barrier < min) w.resolve(true);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** shutdown() ran out of time: count what is left as dropped and stop. */
  private abandon(): void {
    const left = this.queuedMessages;
    this.abandoned = true;
    this.counters.dropped += left;
    this.queuedMessages = 0;
    this.pendingMessages = 0;
    this.pending = [];
    this.pendingFeedback = [];
    this.open.clear();
    this.wake?.();
    for (const w of this.waiters) w.resolve(false);
    this.waiters = [];
    if (left > 0) this.report('shutdown', `shutdown timed out with ${left} messages undelivered`, { count: left });
  }

  // ---- reporting ----

  private report(
    code: SenseiErrorCode,
    message: string,
    extra: ConstructorParameters<typeof SenseiError>[2] = {},
  ): void {
    const err = new SenseiError(code, message, extra);
    // eslint-disable-next-line no-console -- debug mode asked for it
    if (this.o?.debug) console.warn(`[sensei] ${code}: ${message}`);
    const cb = this.o?.onError;
    if (cb) {
      try {
        cb(err);
      } catch {
        /* the application's handler must not break the SDK */
      }
    }
  }

  private log(message: string): void {
    // eslint-disable-next-line no-console -- debug mode asked for it
    if (this.o.debug) console.debug(`[sensei] ${message}`);
  }
}

function describeItemError(error: unknown, status: number): string {
  if (error && typeof error === 'object') {
    const e = error as { message?: string; code?: string; details?: { field?: string; reason?: string }[] };
    const details = Array.isArray(e.details) ? e.details.map((d) => `${d.field}: ${d.reason}`).join('; ') : '';
    return `HTTP ${status} ${e.code ?? ''} ${e.message ?? ''}${details ? ` (${details})` : ''}`
      .replace(/\s+/g, ' ')
      .trim();
  }
  return `HTTP ${status}${error ? ` ${String(error)}` : ''}`;
}
