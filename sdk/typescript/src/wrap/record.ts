/**
 * What the wrappers share: turning one LLM call (input messages + reply or error) into Sensei messages with
 * stable ids, and remembering which messages of a conversation were already recorded (chat APIs re-send the whole
 * history on every call; each message is recorded once).
 */
import type { Sensei } from '../client.js';
import { getDefaultInstance } from '../global.js';
import type { Message, Role } from '../types.js';
import { stableId } from '../util.js';

export type Resolvable<T> = T | (() => T | undefined);

export interface WrapOptions {
  /** Conversation id for every call, or a function returning it (e.g. from AsyncLocalStorage). */
  conversationId?: Resolvable<string>;
  userId?: Resolvable<string>;
  /** Conversation metadata sent with every call. */
  metadata?: Record<string, unknown>;
  /** The Sensei instance to record into. Default: the one `init()` created. */
  sensei?: Sensei;
  /** Record system prompts as `system` messages. Default true. */
  recordSystem?: boolean;
}

/** Per-call settings, from the `sensei` request option, a body field or the `x-sensei-*` headers. */
export interface CallContext {
  conversationId?: string;
  userId?: string;
  metadata?: Record<string, unknown>;
  ended?: boolean;
}

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface Reply {
  content: string;
  model?: string;
  id?: string;
  promptTokens?: number;
  completionTokens?: number;
  finishReason?: string;
}

export interface Exchange {
  provider: 'openai' | 'anthropic';
  input: ChatMessage[];
  requestModel?: string;
  startedAt: number;
  endedAt: number;
  firstChunkAt?: number;
  stream: boolean;
  reply?: Reply;
  error?: unknown;
  /** The stream was stopped by the application before it finished. */
  aborted?: boolean;
}

export const CONVERSATION_HEADER = 'x-sensei-conversation-id';
export const USER_HEADER = 'x-sensei-user-id';

/** Carries the per-call context from a helper (e.g. `.stream()`) to the inner `create()` through request options. */
export const CONTEXT_KEY: unique symbol = Symbol.for('convosensei.context');

function resolve<T>(v: Resolvable<T> | undefined): T | undefined {
  try {
    return typeof v === 'function' ? (v as () => T | undefined)() : v;
  } catch {
    return undefined;
  }
}

const MAX_CONVERSATIONS_REMEMBERED = 1000;

export class Recorder {
  private readonly seen = new Map<string, Set<string>>();
  private warnedNoId = false;

  constructor(readonly options: WrapOptions = {}) {}

  /** Merges wrap-level and per-call settings. */
  context(call: CallContext | undefined): CallContext {
    return {
      conversationId: call?.conversationId ?? resolve(this.options.conversationId),
      userId: call?.userId ?? resolve(this.options.userId),
      metadata: this.options.metadata || call?.metadata ? { ...this.options.metadata, ...call?.metadata } : undefined,
      ended: call?.ended,
    };
  }

  sensei(): Sensei | undefined {
    return this.options.sensei ?? getDefaultInstance();
  }

  /** Never throws: a recording problem must not reach the application. */
  record(ctx: CallContext, ex: Exchange): void {
    try {
      this.recordUnsafe(ctx, ex);
    } catch (e) {
      this.sensei()?.reportProblem('invalid_input', `could not record an LLM call: ${(e as Error)?.message ?? e}`);
    }
  }

  private recordUnsafe(ctx: CallContext, ex: Exchange): void {
    const sensei = this.sensei();
    if (!sensei) return;
    const conversationId = ctx.conversationId;
    if (!conversationId) {
      if (!this.warnedNoId) {
        this.warnedNoId = true;
        sensei.reportProblem(
          'invalid_input',
          'an LLM call had no conversation id (pass wrap(client, { conversationId }) or a per-call `sensei: { conversationId }`); not recorded',
        );
      }
      return;
    }
    const seen = this.seenSet(conversationId);
    const occurrences = new Map<string, number>();
    const idOf = (role: Role, content: string) => {
      const k = role + '\u0000' + content;
      const n = occurrences.get(k) ?? 0;
      occurrences.set(k, n + 1);
      return stableId('w', [conversationId, role, content, String(n)]);
    };
    const fresh: { id: string; m: ChatMessage }[] = [];
    for (const m of ex.input) {
      if (m.role === 'system' && this.options.recordSystem === false) continue;
      if (!m.content) continue;
      const id = idOf(m.role, m.content);
      if (!seen.has(id)) fresh.push({ id, m });
    }
    const messages: Message[] = fresh.map(({ id, m }, j) => ({
      id,
      role: m.role,
      content: m.content,
      // input messages have no time of their own: just before the call, in order
      timestamp: ex.startedAt - (fresh.length - 1 - j),
    }));
    const latencyMs = Math.max(0, ex.endedAt - ex.startedAt);
    if (ex.reply && (ex.reply.content || !ex.aborted)) {
      const content = ex.reply.content || '(empty reply)';
      const meta: Record<string, unknown> = {
        provider: ex.provider,
        model: ex.reply.model ?? ex.requestModel,
        stream: ex.stream,
      };
      if (ex.reply.finishReason) meta.finish_reason = ex.reply.finishReason;
      if (ex.reply.promptTokens !== undefined) meta.prompt_tokens = ex.reply.promptTokens;
      if (ex.reply.completionTokens !== undefined) meta.completion_tokens = ex.reply.completionTokens;
      if (ex.firstChunkAt !== undefined) meta.time_to_first_token_ms = Math.max(0, ex.firstChunkAt - ex.startedAt);
      if (ex.reply.id) meta.response_id = ex.reply.id;
      if (ex.aborted) meta.aborted = true;
      messages.push({
        id: idOf('assistant', content),
        role: 'assistant',
        content,
        timestamp: Math.max(ex.endedAt, ex.startedAt + 1),
        latencyMs,
        tokens: ex.reply.completionTokens,
        metadata: meta,
      });
    } else if (ex.error !== undefined) {
      const e = ex.error as {
        status?: number;
        message?: string;
        name?: string;
        type?: string;
        code?: string;
        error?: { type?: string; error?: { type?: string } };
      };
      const status = typeof e?.status === 'number' ? e.status : undefined;
      const type = e?.type ?? e?.code ?? e?.error?.error?.type ?? e?.error?.type ?? e?.name;
      messages.push({
        id: stableId('e', [conversationId, String(ex.startedAt), String(Math.random())]),
        role: 'assistant',
        content: `[${ex.provider} error${status ? ` ${status}` : ''}] ${String(e?.message ?? ex.error).slice(0, 2000)}`,
        timestamp: Math.max(ex.endedAt, ex.startedAt + 1),
        latencyMs,
        metadata: {
          provider: ex.provider,
          model: ex.requestModel,
          error: true,
          error_type: type,
          status,
          stream: ex.stream,
        },
      });
    }
    if (messages.length === 0 && !ctx.ended) return;
    sensei.track({ conversationId, messages, userId: ctx.userId, metadata: ctx.metadata, ended: ctx.ended });
    for (const m of messages) seen.add(m.id!);
  }

  private seenSet(conversationId: string): Set<string> {
    let s = this.seen.get(conversationId);
    if (s) {
      this.seen.delete(conversationId); // LRU: move to the end
    } else {
      s = new Set();
      if (this.seen.size >= MAX_CONVERSATIONS_REMEMBERED) this.seen.delete(this.seen.keys().next().value as string);
    }
    this.seen.set(conversationId, s);
    return s;
  }
}

/** Takes `sensei` out of an object (request params or options), returning the rest and the context found. */
export function extractContext<T>(obj: T): { rest: T; ctx?: CallContext } {
  if (!obj || typeof obj !== 'object') return { rest: obj };
  const o = obj as Record<string | symbol, unknown>;
  const hasSensei = Object.prototype.hasOwnProperty.call(o, 'sensei');
  const hasCarried = Object.prototype.hasOwnProperty.call(o, CONTEXT_KEY);
  const headerCtx = headersContext(o.headers);
  if (!hasSensei && !hasCarried && !headerCtx) return { rest: obj };
  const copy: Record<string | symbol, unknown> = { ...o };
  let ctx: CallContext | undefined;
  if (hasCarried) ctx = copy[CONTEXT_KEY] as CallContext;
  delete copy[CONTEXT_KEY];
  if (hasSensei) {
    const s = copy.sensei as CallContext | undefined;
    if (s && typeof s === 'object') ctx = { ...ctx, ...s };
    delete copy.sensei;
  }
  if (headerCtx) {
    ctx = { ...headerCtx.ctx, ...ctx };
    copy.headers = headerCtx.headers;
  }
  return { rest: copy as T, ctx };
}

/** Reads and removes the x-sensei-* headers from any headers shape (Headers, array of pairs, record). */
export function headersContext(headers: unknown): { ctx: CallContext; headers: unknown } | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const names = [CONVERSATION_HEADER, USER_HEADER];
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    const h = headers as Headers;
    if (!names.some((n) => h.has(n))) return undefined;
    const copy = new Headers(h);
    const ctx: CallContext = {
      conversationId: h.get(CONVERSATION_HEADER) ?? undefined,
      userId: h.get(USER_HEADER) ?? undefined,
    };
    names.forEach((n) => copy.delete(n));
    return { ctx, headers: copy };
  }
  if (Array.isArray(headers)) {
    const pairs = headers as [string, string][];
    if (!pairs.some(([k]) => names.includes(String(k).toLowerCase()))) return undefined;
    const ctx: CallContext = {};
    const rest = pairs.filter(([k, v]) => {
      const n = String(k).toLowerCase();
      if (n === CONVERSATION_HEADER) ctx.conversationId = String(v);
      else if (n === USER_HEADER) ctx.userId = String(v);
      else return true;
      return false;
    });
    return { ctx, headers: rest };
  }
  const rec = headers as Record<string, unknown>;
  const keys = Object.keys(rec).filter((k) => names.includes(k.toLowerCase()));
  if (keys.length === 0) return undefined;
  const ctx: CallContext = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const n = k.toLowerCase();
    if (n === CONVERSATION_HEADER) {
      if (v != null) ctx.conversationId = String(v);
    } else if (n === USER_HEADER) {
      if (v != null) ctx.userId = String(v);
    } else rest[k] = v;
  }
  return { ctx, headers: rest };
}

/** Calls fn, swallowing anything it throws. */
export function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    /* recording must never reach the application */
  }
}
