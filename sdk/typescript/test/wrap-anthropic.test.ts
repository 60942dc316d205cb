import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sensei, wrap } from '../src/index.js';
import { answerFor, type FakeLlm, startFakeLlm } from './helpers/fake-llm.js';
import { recordedFor, type Sink, startSink, testSensei } from './helpers/servers.js';

let llm: FakeLlm;
let sink: Sink;
let sensei: Sensei;
let raw: Anthropic;

beforeAll(async () => {
  llm = await startFakeLlm();
  sink = await startSink();
  raw = new Anthropic({ apiKey: 'sk-ant-test', baseURL: llm.url, maxRetries: 0 });
});

beforeEach(() => {
  sink.requests.length = 0;
  llm.requests.length = 0;
  sensei = testSensei(sink.url).sensei;
});

afterAll(async () => {
  await sensei?.shutdown({ timeoutMs: 100 });
  await sink.close();
  await llm.close();
});

const model = 'claude-sonnet-4-5';
const ask = (content: string) => ({
  model,
  max_tokens: 256,
  system: 'You are a support agent.',
  messages: [{ role: 'user' as const, content }],
});
const recorded = (conversationId: string) => recordedFor(sensei, sink, conversationId);
const strip = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('wrap(anthropic)', () => {
  it('create__returnsTheSameMessage_andRecordsTheExchange', async () => {
    const client = wrap(raw, { conversationId: 'an-1', sensei });
    const expected = await raw.messages.create(ask('Where is my parcel?'));
    const got = await client.messages.create(ask('Where is my parcel?'));
    expect(strip(got)).toEqual(strip(expected));
    const msgs = await recorded('an-1');
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ['system', 'You are a support agent.'],
      ['user', 'Where is my parcel?'],
      ['assistant', answerFor('Where is my parcel?')],
    ]);
    expect(msgs[2].tokens).toBe(got.usage.output_tokens);
    expect(msgs[2].metadata).toMatchObject({
      provider: 'anthropic',
      model,
      prompt_tokens: 11,
      finish_reason: 'end_turn',
    });
    expect(typeof msgs[2].latency_ms).toBe('number');
  });

  it('createStream__yieldsIdenticalEvents_andRecordsTheAssembledReply', async () => {
    const client = wrap(raw, { conversationId: 'an-stream', sensei });
    const params = { ...ask('Stream it'), stream: true as const };
    const expected: unknown[] = [];
    for await (const e of await raw.messages.create(params)) expected.push(e);
    const got: unknown[] = [];
    for await (const e of await client.messages.create(params)) got.push(e);
    expect(got).toEqual(expected);
    const reply = (await recorded('an-stream')).find((m) => m.role === 'assistant')!;
    expect(reply.content).toBe(answerFor('Stream it'));
    expect(reply.tokens).toBe(answerFor('Stream it').split(/(?<= )/).length);
    expect(reply.metadata).toMatchObject({ stream: true, model, prompt_tokens: 11, finish_reason: 'end_turn' });
  });

  it('streamHelper__finalMessageAndTextEventsWork_andRecord', async () => {
    const client = wrap(raw, { sensei });
    let text = '';
    const stream = client.messages
      .stream(ask('Helper stream'), { sensei: { conversationId: 'an-helper' } } as never)
      .on('text', (t) => {
        text += t;
      });
    const final = await stream.finalMessage();
    expect(text).toBe(answerFor('Helper stream'));
    expect(final.content[0]).toMatchObject({ type: 'text', text: answerFor('Helper stream') });
    const msgs = await recorded('an-helper');
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(msgs[2].content).toBe(answerFor('Helper stream'));
    expect(llm.requests.at(-1)!.body).not.toHaveProperty('sensei');
  });

  it('apiError__rethrownUnchanged_andRecorded', async () => {
    const client = wrap(raw, { conversationId: 'an-err', sensei });
    const expected = await raw.messages.create(ask('fail 500')).catch((e) => e);
    const got = await client.messages.create(ask('fail 500')).catch((e) => e);
    expect(got).toBeInstanceOf(Anthropic.InternalServerError);
    expect(got.constructor).toBe(expected.constructor);
    expect(got.message).toBe(expected.message);
    const err = (await recorded('an-err')).find((m) => m.role === 'assistant')!;
    expect(err.metadata).toMatchObject({ provider: 'anthropic', error: true, status: 500 });
    expect(err.content).toMatch(/^\[anthropic error 500\]/);
  });

  it('streamErrorEvent__reachesTheApp_andIsRecorded', async () => {
    const client = wrap(raw, { conversationId: 'an-break', sensei });
    const stream = await client.messages.create({ ...ask('break stream'), stream: true });
    const err = await (async () => {
      for await (const _ of stream) {
        /* read */
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((await recorded('an-break')).find((m) => m.role === 'assistant')!.metadata).toMatchObject({ error: true });
  });

  it('toolUseAndResults__recordedAsReadableText', async () => {
    const client = wrap(raw, { conversationId: 'an-tools', sensei });
    await client.messages.create({
      model,
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Track order 42' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'lookup_order', input: { id: 42 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'shipped' }] },
        { role: 'user', content: 'and now?' },
      ],
    });
    const msgs = await recorded('an-tools');
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Track order 42'],
      ['assistant', '[tool call] lookup_order({"id":42})'],
      ['tool', '[tool result] shipped'],
      ['user', 'and now?'],
      ['assistant', answerFor('and now?')],
    ]);
  });

  it('wrappedFetchInsideTheAnthropicClient__records', async () => {
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: llm.url,
      maxRetries: 0,
      fetch: wrap(fetch, { sensei, conversationId: 'an-fetch' }),
    });
    await client.messages.create({ ...ask('Over fetch'), stream: true }).then(async (s) => {
      for await (const _ of s) {
        /* read */
      }
    });
    const reply = (await recorded('an-fetch')).find((m) => m.role === 'assistant')!;
    expect(reply.content).toBe(answerFor('Over fetch'));
    expect(reply.metadata).toMatchObject({ provider: 'anthropic', stream: true, finish_reason: 'end_turn' });
  });
});
