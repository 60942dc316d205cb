import { type CallContext, CONTEXT_KEY, Recorder, type WrapOptions, extractContext } from './record.js';
import { type Plan, type Provider, instrumentedCall, proxyClient } from './instrument.js';
import {
  AnthropicStreamAssembler,
  OpenAIStreamAssembler,
  anthropicInput,
  anthropicReply,
  openaiInput,
  openaiReply,
} from './providers.js';
import { wrapFetch } from './fetch.js';

export type { WrapOptions } from './record.js';
export { CONVERSATION_HEADER, USER_HEADER } from './record.js';

type Fn = (...args: unknown[]) => unknown;
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const openaiProvider: Provider = {
  name: 'openai',
  input: openaiInput as Provider['input'],
  reply: openaiReply as Provider['reply'],
  assembler: () => new OpenAIStreamAssembler(),
};
const anthropicProvider: Provider = {
  name: 'anthropic',
  input: anthropicInput as Provider['input'],
  reply: anthropicReply as Provider['reply'],
  assembler: () => new AnthropicStreamAssembler(),
};

/** Splits a helper call's Sensei context off and hands it to the inner create() through the request options. */
function carryContext(recorder: Recorder, args: unknown[]): unknown[] {
  const [params, options, ...more] = args;
  const p = extractContext(params);
  const o = extractContext(options);
  const ctx: CallContext = recorder.context({ ...p.ctx, ...o.ctx });
  return [p.rest, { ...(o.rest as object | undefined), [CONTEXT_KEY]: ctx }, ...more];
}

function openaiPlan(recorder: Recorder, options: WrapOptions): Plan {
  // helpers (stream, parse, runTools) call `this._client.chat.completions.create`: run them with `_client` = the proxy
  const viaRoot = (orig: Fn, target: object, root: () => object): Fn =>
    function (...args: unknown[]) {
      const shadow = Object.create(target, { _client: { value: root() } });
      return orig.apply(shadow, carryContext(recorder, args));
    };
  return {
    nested: new Set(['chat', 'chat.completions']),
    methods: {
      'chat.completions.create':
        (orig, target) =>
        (...args: unknown[]) =>
          instrumentedCall(recorder, openaiProvider, orig, target, args),
      'chat.completions.stream': viaRoot,
      'chat.completions.parse': viaRoot,
      'chat.completions.runTools': viaRoot,
    },
    rewrap: (c) => wrap(c, options),
  };
}

function anthropicPlan(recorder: Recorder, options: WrapOptions): Plan {
  // helpers (stream, parse) call `this.create(...)` on the Messages resource: give them our create
  const viaCreate = (orig: Fn, target: object): Fn =>
    function (...args: unknown[]) {
      const origCreate = (target as Any).create as Fn;
      const shadow = Object.create(target, {
        create: { value: (...a: unknown[]) => instrumentedCall(recorder, anthropicProvider, origCreate, target, a) },
      });
      return orig.apply(shadow, carryContext(recorder, args));
    };
  return {
    nested: new Set(['messages']),
    methods: {
      'messages.create':
        (orig, target) =>
        (...args: unknown[]) =>
          instrumentedCall(recorder, anthropicProvider, orig, target, args),
      'messages.stream': viaCreate,
      'messages.parse': viaCreate,
    },
    rewrap: (c) => wrap(c, options),
  };
}

function isOpenAI(c: Any): boolean {
  return typeof c?.chat?.completions?.create === 'function';
}

function isAnthropic(c: Any): boolean {
  return typeof c?.messages?.create === 'function';
}

/**
 * Records the chat calls made through an OpenAI client, an Anthropic client, or a fetch function.
 * Returns an object that behaves exactly like the one given (same results, errors and streams).
 * The conversation id comes from `options.conversationId` or, per call, from `sensei: { conversationId }` in the
 * request options (2nd argument), a `sensei` field in the request body, or the `x-sensei-conversation-id` header;
 * all of them are removed before the request is sent.
 */
export function wrap<T>(client: T, options: WrapOptions = {}): T {
  try {
    const recorder = new Recorder(options);
    if (typeof client === 'function') return wrapFetch(client as never, recorder) as T;
    if (client && typeof client === 'object') {
      if (isOpenAI(client)) return proxyClient(client as object, openaiPlan(recorder, options)) as T;
      if (isAnthropic(client)) return proxyClient(client as object, anthropicPlan(recorder, options)) as T;
    }
  } catch {
    /* fall through: an unknown client is returned as is */
  }
  // eslint-disable-next-line no-console
  console.warn('[sensei] wrap(): not an OpenAI client, an Anthropic client or a fetch function; returned unchanged');
  return client;
}
