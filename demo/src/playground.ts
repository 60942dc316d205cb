/**
 * `npm run playground`: a one-page web chat with the support agent (http://localhost:3001), every exchange sent to
 * Sensei, with a link to the conversation in the dashboard. Plain node:http: GET / (the page), GET /api/config,
 * POST /api/chat, /api/feedback, /api/end, GET /api/link.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createAgent } from './bot/index.js';
import { DEMO_DIR } from './config.js';
import { conversationLink, describeStackError, openSession } from './session.js';
import { DATA_DIR } from './transcripts.js';

const page = () => readFileSync(join(DEMO_DIR, 'public', 'playground.html'));
const prompts = JSON.parse(readFileSync(join(DATA_DIR, 'prompts.json'), 'utf8')) as Record<string, string[]>;
const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(c as Buffer);
  }
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* below */
  }
  throw Object.assign(new Error('send a JSON object'), { status: 400 });
}

const CONVERSATION_ID = /^pg-[a-z0-9-]{6,64}$/;

async function main(): Promise<void> {
  const s = await openSession();
  const agent = createAgent(s.cfg, s.sensei);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page());
        return;
      }
      if (req.method === 'GET' && url.pathname === '/api/config') {
        send(res, 200, { agent: agent.label, dashboard_url: s.cfg.dashboardUrl, prompts });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/api/link') {
        const id = url.searchParams.get('conversation_id') ?? '';
        if (!CONVERSATION_ID.test(id)) return send(res, 400, { message: 'conversation_id is invalid' });
        await s.sensei.flush({ timeoutMs: 3000 });
        send(res, 200, { url: await conversationLink(s, id, 6000) });
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        const b = await body(req);
        const id = String(b.conversation_id ?? '');
        if (!CONVERSATION_ID.test(id))
          return send(res, 400, { message: 'conversation_id must look like pg-<letters/digits>' });
        if (url.pathname === '/api/chat') {
          const text = typeof b.message === 'string' ? b.message.trim() : '';
          if (!text || text.length > 4000) return send(res, 400, { message: 'message must be 1-4000 characters' });
          const r = await agent.reply(id, text);
          send(res, 200, {
            conversation_id: id,
            reply: r.content,
            latency_ms: r.latencyMs,
            model: r.model,
            kind: r.kind,
          });
          return;
        }
        if (url.pathname === '/api/feedback') {
          const up = b.value === 'up';
          s.sensei.track({
            conversationId: id,
            metadata: up ? { thumbs: 'up', feedback: 'positive' } : { thumbs: 'down', feedback: 'negative' },
          });
          send(res, 200, { ok: true });
          return;
        }
        if (url.pathname === '/api/end') {
          s.sensei.end(id);
          send(res, 200, { ok: true });
          return;
        }
      }
      send(res, 404, { message: 'not found' });
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      send(res, status, {
        message: status === 500 ? `the agent failed: ${(e as Error).message}` : (e as Error).message,
      });
    }
  });
  server.listen(s.cfg.playgroundPort, () => {
    console.log(
      `Playground: http://localhost:${s.cfg.playgroundPort}  (agent: ${agent.label}; Sensei: ${s.cfg.senseiUrl})`,
    );
  });
  const stop = async () => {
    server.close();
    await s.sensei.shutdown({ timeoutMs: 5000 });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`playground failed: ${describeStackError(e)}`);
  process.exit(1);
});
