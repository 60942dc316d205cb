/**
 * A local server speaking the OpenAI Chat Completions and Anthropic Messages APIs (JSON and SSE streaming),
 * deterministic so that a wrapped and an unwrapped client can be compared response for response.
 * The last user message steers it: "fail 500", "fail 400", "slow" (120 ms), "break stream" (error mid-stream).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LlmRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface FakeLlm {
  url: string;
  requests: LlmRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function lastUser(body: any): string {
  const msgs = (body?.messages ?? []).filter((m: { role: string }) => m.role === 'user');
  const c = msgs[msgs.length - 1]?.content;
  return typeof c === 'string' ? c : Array.isArray(c) ? c.map((p: { text?: string }) => p.text ?? '').join(' ') : '';
}

/** The reply text is derived from the question so every conversation is different but reproducible. */
export function answerFor(question: string): string {
  return `You asked: "${question}". Here is the answer.`;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: LlmRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    const q = lastUser(body);
    if (q.includes('slow')) await sleep(120);
    const anthropic = req.url?.startsWith('/v1/messages');
    if (q.includes('fail 500') || q.includes('fail 400')) {
      const status = q.includes('fail 500') ? 500 : 400;
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req_fail' });
      res.end(
        JSON.stringify(
          anthropic
            ? {
                type: 'error',
                error: { type: status === 500 ? 'api_error' : 'invalid_request_error', message: `boom ${status}` },
              }
            : {
                error: {
                  message: `boom ${status}`,
                  type: status === 500 ? 'server_error' : 'invalid_request_error',
                  code: null,
                },
              },
        ),
      );
      return;
    }
    const text = answerFor(q);
    const words = text.split(/(?<= )/);
    if (anthropic) {
      const message = {
        id: 'msg_test_1',
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 11, output_tokens: words.length },
      };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_a1' });
        res.end(JSON.stringify(message));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('message_start', {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 11, output_tokens: 1 } },
      });
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      for (const [i, w] of words.entries()) {
        if (q.includes('break stream') && i === 2) {
          send('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
          res.end();
          return;
        }
        send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } });
        await sleep(2);
      }
      send('content_block_stop', { type: 'content_block_stop', index: 0 });
      send('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: words.length },
      });
      send('message_stop', { type: 'message_stop' });
      res.end();
      return;
    }
    const usage = { prompt_tokens: 9, completion_tokens: words.length, total_tokens: 9 + words.length };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_o1' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-test1',
          object: 'chat.completion',
          created: 1700000000,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: text, refusal: null },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: object, finish: string | null, extra: object = {}) =>
      res.write(
        `data: ${JSON.stringify({
          id: 'chatcmpl-test1',
          object: 'chat.completion.chunk',
          created: 1700000000,
          model: body.model,
          choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
          ...extra,
        })}\n\n`,
      );
    chunk({ role: 'assistant', content: '' }, null);
    for (const [i, w] of words.entries()) {
      if (q.includes('break stream') && i === 2) {
        res.write(`data: ${JSON.stringify({ error: { message: 'stream broke', type: 'server_error' } })}\n\n`);
        res.end();
        return;
      }
      chunk({ content: w }, null);
      await sleep(2);
    }
    chunk({}, 'stop');
    if (body.stream_options?.include_usage) {
      res.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-test1', object: 'chat.completion.chunk', created: 1700000000, model: body.model, choices: [], usage })}\n\n`,
      );
    }
    res.write('data: [DONE]\n\n');
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
