/**
 * Recording around one LLM call without changing what the application sees.
 *
 * The client itself is wrapped in a Proxy (the application's object is never modified). What one call returns —
 * the SDK's promise and, for streams, the Stream object — is created for this call alone, so it is observed in
 * place: its parse step and its iterator are shadowed on the instance. The application gets the very same
 * objects back (identity, `instanceof`, private fields, `.withResponse()`, `.toReadableStream()`, `.tee()`,
 * `.finalChatCompletion()`... all unchanged), every chunk passes through as is, and errors are re-thrown unchanged.
 */
import {
  type CallContext,
  type ChatMessage,
  type Exchange,
  type Recorder,
  type Reply,
  extractContext,
  safe,
} from './record.js';

export interface Assembler {
  chunks: number;
  add(chunk: unknown): void;
  reply(): Reply;
}

export interface Provider {
  name: Exchange['provider'];
  input(params: unknown): ChatMessage[];
  reply(value: unknown): Reply | undefined;
  assembler(): Assembler;
}

type Fn = (...args: unknown[]) => unknown;
type Any = Record<string | symbol, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Starts a call of `orig` (the SDK's create) with the Sensei bits removed and records what comes back. */
export function instrumentedCall(
  recorder: Recorder,
  provider: Provider,
  orig: Fn,
  thisArg: unknown,
  args: unknown[],
): unknown {
  const [params, options, ...more] = args;
  let callParams = params;
  let callOptions = options;
  let ctx: CallContext = {};
  let input: ChatMessage[] = [];
  try {
    const p = extractContext(params);
    const o = extractContext(options);
    callParams = p.rest;
    callOptions = o.rest;
    ctx = recorder.context({ ...p.ctx, ...o.ctx });
    input = provider.input(callParams);
  } catch {
    callParams = params;
    callOptions = options; // could not even inspect the call: pass it through untouched
  }
  const startedAt = Date.now();
  const result =
    args.length >= 2 || callOptions !== undefined
      ? orig.call(thisArg, callParams, callOptions, ...more)
      : orig.call(thisArg, callParams);
  safe(() => {
    const base = {
      provider: provider.name,
      input,
      startedAt,
      requestModel: (callParams as Any)?.model,
      stream: !!(callParams as Any)?.stream,
    };
    let recorded = false;
    const finish = (ex: Partial<Exchange>) => {
      if (recorded) return;
      recorded = true;
      recorder.record(ctx, { ...base, endedAt: Date.now(), ...ex } as Exchange);
    };
    observeResult(result, provider, finish);
  });
  return result;
}

/** Observes the value and error of the SDK's promise (`APIPromise`) without triggering anything it would not do. */
function observeResult(result: unknown, provider: Provider, finish: (ex: Partial<Exchange>) => void): void {
  const onValue = (v: unknown) =>
    safe(() => {
      if (isStream(v)) observeStream(v as Any, provider.assembler(), finish);
      else {
        const reply = provider.reply(v);
        if (reply) finish({ reply });
      }
    });
  const onError = (e: unknown) => safe(() => finish({ error: e }));
  const r = result as Any;
  if (r && typeof r.parse === 'function' && typeof r.parseResponse === 'function') {
    // Stainless SDKs (openai, @anthropic-ai/sdk): then/catch/finally/withResponse all go through parse(), and
    // every parse (also of promises derived by helpers like .parse()) through parseResponse(). asResponse() reads
    // neither, so the raw body stays untouched when the application wants it.
    const origParseResponse = r.parseResponse;
    r.parseResponse = function (this: unknown, ...a: unknown[]) {
      const out = origParseResponse.apply(this, a);
      Promise.resolve(out).then(onValue, () => {
        /* parse errors reach parse() below */
      });
      return out;
    };
    const origParse = r.parse;
    let hooked = false;
    r.parse = function (this: unknown, ...a: unknown[]) {
      const p = origParse.apply(this, a);
      if (!hooked && p && typeof p.then === 'function') {
        hooked = true;
        // a derived promise: the application's own chain still sees (and must handle) the rejection
        p.then(undefined, onError);
      }
      return p;
    };
    return;
  }
  if (r && typeof r.then === 'function') r.then(onValue, onError);
}

function isStream(v: unknown): boolean {
  const o = v as Any;
  return (
    !!o &&
    typeof o === 'object' &&
    typeof o[Symbol.asyncIterator] === 'function' &&
    !Array.isArray(o.choices) &&
    !Array.isArray(o.content)
  );
}

/** Shadows the stream's iterator on the instance so every way of reading it (for await, tee, toReadableStream) is seen. */
function observeStream(stream: Any, asm: Assembler, finish: (ex: Partial<Exchange>) => void): void {
  let firstChunkAt: number | undefined;
  const wrapIterator = (it: AsyncIterator<unknown>): AsyncIterableIterator<unknown> => ({
    next: async (...a: [] | [unknown]) => {
      let r: IteratorResult<unknown>;
      try {
        r = await it.next(...a);
      } catch (e) {
        safe(() => finish({ error: e, firstChunkAt }));
        throw e;
      }
      safe(() => {
        if (r.done) finish({ reply: asm.reply(), firstChunkAt });
        else {
          firstChunkAt ??= Date.now();
          asm.add(r.value);
        }
      });
      return r;
    },
    return: async (value?: unknown) => {
      safe(() => finish({ reply: asm.reply(), firstChunkAt, aborted: true }));
      return it.return ? it.return(value) : { done: true, value };
    },
    throw: async (e?: unknown) => {
      if (it.throw) return it.throw(e);
      throw e;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  });
  if (typeof stream.iterator === 'function' && Object.prototype.hasOwnProperty.call(stream, 'iterator')) {
    const orig = stream.iterator as Fn;
    stream.iterator = function (this: unknown, ...a: unknown[]) {
      return wrapIterator(orig.apply(this, a) as AsyncIterator<unknown>);
    };
  } else {
    const orig = stream[Symbol.asyncIterator] as Fn;
    stream[Symbol.asyncIterator] = function (this: unknown, ...a: unknown[]) {
      return wrapIterator(orig.apply(this, a) as AsyncIterator<unknown>);
    };
  }
}

/** How to proxy one SDK client: which properties lead to resources and which methods get recorded. */
export interface Plan {
  nested: ReadonlySet<string>;
  methods: Record<string, (orig: Fn, target: object, root: () => object) => Fn>;
  rewrap: (client: object) => object;
}

/**
 * A read-through Proxy: resources on the recorded paths become proxies too, the recorded methods are replaced,
 * every other function is bound to the real object (so SDK-private fields keep working) and cached, so
 * `wrapped.x === wrapped.x` holds.
 */
export function proxyClient<T extends object>(client: T, plan: Plan): T {
  let root: object;
  const getRoot = () => root;
  root = makeProxy(client, '', getRoot, plan);
  return root as T;
}

function makeProxy(target: object, path: string, root: () => object, plan: Plan): object {
  const cache = new Map<PropertyKey, { source: unknown; result: unknown }>();
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t);
      const hit = cache.get(prop);
      if (hit && hit.source === value) return hit.result;
      let result: unknown = value;
      try {
        const key = typeof prop === 'string' ? (path ? `${path}.${prop}` : prop) : undefined;
        if (key && plan.nested.has(key) && value && typeof value === 'object') {
          result = makeProxy(value, key, root, plan);
        } else if (key && plan.methods[key] && typeof value === 'function') {
          result = plan.methods[key](value as Fn, t, root);
        } else if (key === 'withOptions' && typeof value === 'function') {
          // a derived client records like this one
          result = (...a: unknown[]) => plan.rewrap((value as Fn).apply(t, a) as object);
        } else if (typeof value === 'function' && !isClass(value)) {
          result = (value as Fn).bind(t);
        }
      } catch {
        result = value;
      }
      cache.set(prop, { source: value, result });
      return result;
    },
  });
}

function isClass(fn: unknown): boolean {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
