/** Local HTTP servers the tests talk to: a Sensei ingestion sink and a fake LLM API (OpenAI + Anthropic formats). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sensei, type SenseiError, type SenseiOptions } from '../../src/index.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw: string;
  at: number;
  /** What the sink answered (filled in after the handler ran). */
  reply?: Reply;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | 'hang' // never answer (timeout test)
  | 'destroy'; // cut the connection

export type SinkHandler = (req: Received, n: number) => Reply;

/** Answers like the ingestion API: 207 with one accepted result per item (track or feedback batch). */
export const acceptAll: SinkHandler = (req) => ({
  status: 207,
  body: {
    results: (req.body?.conversations ?? req.body?.feedback ?? []).map(
      (c: { conversation_id: string }, index: number) => ({
        index,
        conversation_id: c.conversation_id,
        status: 202,
        event_id: `e-${index}`,
      }),
    ),
  },
});

export interface Sink {
  url: string;
  port: number;
  requests: Received[];
  handler: SinkHandler;
  /** Messages the sink accepted (2xx request, 2xx item), in arrival order, flattened with their conversation id. */
  messages(): {
    conversation_id: string;
    id: string;
    role: string;
    content: string;
    timestamp: string;
    [k: string]: unknown;
  }[];
  close(): Promise<void>;
}

function accepted(r: Received, index: number): boolean {
  const reply = r.reply;
  if (!reply || typeof reply !== 'object' || reply.status >= 300) return false;
  const results = (reply.body as { results?: { index: number; status: number }[] } | undefined)?.results;
  if (!results) return true;
  const item = results.find((x) => x.index === index);
  return !!item && item.status < 300;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSink(handler: SinkHandler = acceptAll, port = 0): Promise<Sink> {
  const requests: Received[] = [];
  const hanging: ServerResponse[] = [];
  const sink: Sink = {
    url: '',
    port: 0,
    requests,
    handler,
    messages: () =>
      requests.flatMap((r) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        (r.body?.conversations ?? []).flatMap((c: any, i: number) =>
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          (accepted(r, i) ? (c.messages ?? []) : []).map((m: any) => ({ conversation_id: c.conversation_id, ...m })),
        ),
      ),
    close: async () => {
      hanging.forEach((r) => r.destroy());
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
    },
  };
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const received: Received = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      raw,
      at: Date.now(),
    };
    requests.push(received);
    const reply = sink.handler(received, requests.length);
    received.reply = reply;
    if (reply === 'hang') {
      hanging.push(res);
      return;
    }
    if (reply === 'destroy') {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  sink.port = (server.address() as AddressInfo).port;
  sink.url = `http://127.0.0.1:${sink.port}`;
  return sink;
}

/** A port nothing listens on (for connection-refused tests). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A Sensei instance tuned for tests: fast retries, no process hooks, errors collected. */
export function testSensei(baseUrl: string, options: SenseiOptions = {}): { sensei: Sensei; errors: SenseiError[] } {
  const errors: SenseiError[] = [];
  const sensei = new Sensei({
    apiKey: 'sk_test_secret',
    baseUrl,
    captureExit: false,
    flushIntervalMs: 20,
    retryBaseMs: 10,
    retryMaxMs: 40,
    timeoutMs: 2000,
    onError: (e) => errors.push(e),
    ...options,
  });
  return { sensei, errors };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** What the sink accepted for a conversation once its reply (or error) is in: wrappers record asynchronously. */
export async function recordedFor(sensei: Sensei, sink: Sink, conversationId: string, timeoutMs = 3000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await sensei.flush();
    const msgs = sink.messages().filter((m) => m.conversation_id === conversationId);
    if (msgs.some((m) => m.role === 'assistant') || Date.now() > until) return msgs;
    await sleep(10);
  }
}
