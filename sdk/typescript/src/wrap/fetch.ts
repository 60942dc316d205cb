/**
 * wrap(fetch): records OpenAI-style `POST …/chat/completions` and Anthropic-style `POST …/v1/messages` calls made
 * through it (JSON or SSE replies). Any other request passes straight through. The application gets the very same
 * Response (recording reads a clone); the `x-sensei-*` headers and a body-level `sensei` field are removed
 * before the request leaves.
 */
import { type CallContext, type Exchange, type Recorder, headersContext, safe } from './record.js';
import {
  AnthropicStreamAssembler,
  OpenAIStreamAssembler,
  anthropicInput,
  anthropicReply,
  openaiInput,
  openaiReply,
} from './providers.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type FetchFn = (input: any, init?: any) => Promise<Response>; // eslint-disable-line @typescript-eslint/no-explicit-any

function detect(url: string | undefined): Exchange['provider'] | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url, 'http://x').pathname;
  } catch {
    return undefined;
  }
  if (/\/chat\/completions\/?$/.test(path)) return 'openai';
  if (/\/messages\/?$/.test(path) && !/\/threads\//.test(path)) return 'anthropic';
  return undefined;
}

function requestUrl(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (input && typeof input === 'object') {
    if (typeof (input as URL).href === 'string' && !(input as Request).method) return (input as URL).href;
    if (typeof (input as Request).url === 'string') return (input as Request).url;
  }
  return undefined;
}

function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  return undefined;
}

export function wrapFetch<F extends FetchFn>(fetchFn: F, recorder: Recorder): F {
  const wrapped = function (this: unknown, input: unknown, init?: Any): Promise<Response> {
    let provider: Exchange['provider'] | undefined;
    try {
      provider = detect(requestUrl(input));
    } catch {
      provider = undefined;
    }
    if (!provider || (init?.method ?? (input as Request)?.method ?? 'GET').toUpperCase() !== 'POST') {
      return fetchFn.call(this, input, init);
    }
    let callInput = input;
    let callInit = init;
    let ctx: CallContext = {};
    let params: Any | undefined;
    let paramsFromRequest: Promise<Any | undefined> | undefined;
    try {
      const fromInit = headersContext(init?.headers);
      const fromRequest = !fromInit && input instanceof Request ? headersContext(input.headers) : undefined;
      if (fromInit) {
        callInit = { ...init, headers: fromInit.headers };
        ctx = fromInit.ctx;
      } else if (fromRequest) {
        callInput = new Request(input as Request, { headers: fromRequest.headers as HeadersInit });
        ctx = fromRequest.ctx;
      }
      const text = bodyText(callInit?.body);
      if (text !== undefined) {
        params = JSON.parse(text);
        if (params && typeof params === 'object' && 'sensei' in params) {
          const { sensei, ...rest } = params;
          ctx = { ...ctx, ...(sensei as CallContext) };
          params = rest;
          callInit = { ...callInit, body: JSON.stringify(rest) };
        }
      } else if (callInit?.body === undefined && callInput instanceof Request) {
        paramsFromRequest = callInput
          .clone()
          .text()
          .then((t) => JSON.parse(t))
          .catch(() => undefined);
      }
    } catch {
      callInput = input;
      callInit = init; // not something we understand: send it untouched
    }
    const startedAt = Date.now();
    const promise = fetchFn.call(this, callInput, callInit);
    const context = recorder.context(ctx);
    const finish = async (ex: Partial<Exchange>) => {
      const p = params ?? (paramsFromRequest ? await paramsFromRequest : undefined);
      recorder.record(context, {
        provider: provider!,
        startedAt,
        endedAt: Date.now(),
        stream: !!p?.stream,
        requestModel: p?.model,
        input: p ? (provider === 'openai' ? openaiInput(p) : anthropicInput(p)) : [],
        ...ex,
      } as Exchange);
    };
    promise.then(
      (res) => safe(() => observeResponse(res, provider!, finish)),
      (err) => safe(() => void finish({ error: err })),
    );
    return promise;
  };
  return wrapped as unknown as F;
}

function observeResponse(
  res: Response,
  provider: Exchange['provider'],
  finish: (ex: Partial<Exchange>) => Promise<void>,
): void {
  const copy = res.clone(); // now, before the application starts reading the body
  const run = async () => {
    if (!res.ok) {
      const text = await copy.text().catch(() => '');
      let message = text.slice(0, 500);
      let type: string | undefined;
      try {
        const j = JSON.parse(text);
        message = j?.error?.message ?? j?.message ?? message;
        type = j?.error?.type ?? j?.type;
      } catch {
        /* not JSON */
      }
      await finish({ error: { status: res.status, message, type } });
      return;
    }
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const asm = provider === 'openai' ? new OpenAIStreamAssembler() : new AnthropicStreamAssembler();
      let firstChunkAt: number | undefined;
      try {
        for await (const data of sseData(copy)) {
          firstChunkAt ??= Date.now();
          try {
            asm.add(JSON.parse(data));
          } catch {
            /* keep-alive or non-JSON event */
          }
        }
      } catch (e) {
        await finish({ error: e, firstChunkAt });
        return;
      }
      await finish({ reply: asm.reply(), firstChunkAt });
      return;
    }
    const json = await copy.json();
    const reply = provider === 'openai' ? openaiReply(json) : anthropicReply(json);
    if (reply) await finish({ reply });
  };
  run().catch(() => {
    /* the application's request is unaffected */
  });
}

/** The `data:` payloads of a text/event-stream body, `[DONE]` excluded. */
async function* sseData(res: Response): AsyncGenerator<string> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const take = function* (final: boolean): Generator<string> {
    const parts = buf.split(/\r?\n\r?\n/);
    buf = final ? '' : (parts.pop() ?? '');
    for (const block of parts) {
      const data = block
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(l.startsWith('data: ') ? 6 : 5))
        .join('\n');
      if (data && data !== '[DONE]') yield data;
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    yield* take(false);
  }
  buf += decoder.decode();
  yield* take(true);
}
