/**
 * With OPENAI_API_KEY set the agent is a real model through the `openai` client wrapped by the SDK: here the
 * "model" is a local server speaking the Chat Completions API, and Sensei a local sink.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sensei } from '@convosensei/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_PROMPT, createAgent } from '../src/bot/index.js';
import { loadConfig } from '../src/config.js';

let llm: Server;
let sink: Server;
const llmBodies: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
const tracked: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function listen(handler: (body: any) => { status: number; body: unknown }): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const r = handler(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  llm = await listen((body) => {
    llmBodies.push(body);
    const question = body.messages.at(-1).content;
    return {
      status: 200,
      body: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-test-mini',
        choices: [
          { index: 0, message: { role: 'assistant', content: `Answer to: ${question}` }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 30, completion_tokens: 5, total_tokens: 35 },
      },
    };
  });
  sink = await listen((body) => {
    tracked.push(...body.conversations);
    return {
      status: 207,
      body: {
        results: body.conversations.map((c: { conversation_id: string }, index: number) => ({
          index,
          conversation_id: c.conversation_id,
          status: 202,
        })),
      },
    };
  });
});

afterAll(() => {
  llm.close();
  sink.close();
});

it('openaiAgent__answersWithTheModel_andTheSdkRecordsEveryCall', async () => {
  const cfg = {
    ...loadConfig({}),
    openaiKey: 'sk-test',
    openaiBaseUrl: `${url(llm)}/v1`,
    openaiModel: 'gpt-test-mini',
  };
  const sensei = new Sensei({ apiKey: 'sk_demo_test', baseUrl: url(sink), captureExit: false });
  const agent = createAgent(cfg, sensei);
  expect(agent.label).toContain('gpt-test-mini');
  const first = await agent.reply('pg-openai-1', 'Where is my parcel?');
  expect(first.content).toBe('Answer to: Where is my parcel?');
  await agent.reply('pg-openai-1', 'And when will it arrive?');
  // the model gets the system prompt and the history; the SDK's per-call option never reaches it
  expect(llmBodies[1].messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
  expect(llmBodies[1].messages[0].content).toBe(SYSTEM_PROMPT);
  expect(llmBodies[1]).not.toHaveProperty('sensei');
  expect(await sensei.flush()).toBe(true);
  const messages = tracked.filter((c) => c.conversation_id === 'pg-openai-1').flatMap((c) => c.messages);
  expect(messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
    ['system', SYSTEM_PROMPT],
    ['user', 'Where is my parcel?'],
    ['assistant', 'Answer to: Where is my parcel?'],
    ['user', 'And when will it arrive?'],
    ['assistant', 'Answer to: And when will it arrive?'],
  ]);
  expect(messages[2]).toMatchObject({
    tokens: 5,
    metadata: { model: 'gpt-test-mini', provider: 'openai', prompt_tokens: 30 },
  });
  expect(typeof messages[2].latency_ms).toBe('number');
  await sensei.shutdown();
});
