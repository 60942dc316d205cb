import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sensei, wrap } from '../src/index.js';
import { answerFor, type FakeLlm, startFakeLlm } from './helpers/fake-llm.js';
import { freePort, recordedFor, type Sink, startSink, testSensei } from './helpers/servers.js';

let llm: FakeLlm;
let sink: Sink;
let sensei: Sensei;
let raw: OpenAI;

beforeAll(async () => {
  llm = await startFakeLlm();
  sink = await startSink();
  raw = new OpenAI({ apiKey: 'sk-openai-test', baseURL: `${llm.url}/v1`, maxRetries: 0 });
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

const model = 'gpt-4o-mini';
const ask = (content: string) => ({
  model,
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content },
  ],
});

const recorded = (conversationId: string) => recordedFor(sensei, sink, conversationId);

function strip<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)); // drop non-enumerable SDK extras (e.g. _request_id) for comparison
}

describe('wrap(openai)', () => {
  it('create__returnsTheSameCompletion_andRecordsTheExchange', async () => {
    const client = wrap(raw, { conversationId: 'oa-1', sensei });
    const expected = await raw.chat.completions.create(ask('What is my balance?'));
    const got = await client.chat.completions.create(ask('What is my balance?'));
    expect(strip(got)).toEqual(strip(expected));
    expect(got._request_id).toBe('req_o1');
    const msgs = await recorded('oa-1');
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Be brief.'],
      ['user', 'What is my balance?'],
      ['assistant', answerFor('What is my balance?')],
    ]);
    const reply = msgs[2];
    expect(reply.tokens).toBe(got.usage!.completion_tokens);
    expect(reply.metadata).toMatchObject({
      provider: 'openai',
      model,
      prompt_tokens: 9,
      completion_tokens: got.usage!.completion_tokens,
      finish_reason: 'stop',
      stream: false,
    });
    expect(typeof reply.latency_ms).toBe('number');
    expect(Date.parse(msgs[1].timestamp)).toBeLessThan(Date.parse(reply.timestamp));
  });

  it('create__measuresLatency', async () => {
    const client = wrap(raw, { conversationId: 'oa-slow', sensei });
    await client.chat.completions.create(ask('slow please'));
    const reply = (await recorded('oa-slow')).find((m) => m.role === 'assistant')!;
    expect(reply.latency_ms as number).toBeGreaterThanOrEqual(115);
  });

  it('perCallSenseiOption__isUsedAndStrippedBeforeTheApiCall', async () => {
    const client = wrap(raw, { sensei });
    await client.chat.completions.create(ask('Per call id'), {
      sensei: { conversationId: 'oa-call', userId: 'u-7' },
    } as never);
    await client.chat.completions.create(ask('Header id'), { headers: { 'x-sensei-conversation-id': 'oa-header' } });
    await client.chat.completions.create({ ...ask('Body id'), sensei: { conversationId: 'oa-body' } } as never);
    for (const r of llm.requests) {
      expect(r.body).not.toHaveProperty('sensei');
      expect(r.headers).not.toHaveProperty('x-sensei-conversation-id');
    }
    await sensei.flush();
    expect(
      sink.requests
        .flatMap((r) => r.body.conversations)
        .find((c: { conversation_id: string }) => c.conversation_id === 'oa-call').user_id,
    ).toBe('u-7');
    expect((await recorded('oa-header')).map((m) => m.content)).toContain('Header id');
    expect((await recorded('oa-body')).map((m) => m.content)).toContain('Body id');
  });

  it('stream__yieldsIdenticalChunks_andRecordsTheAssembledReply', async () => {
    const client = wrap(raw, { conversationId: 'oa-stream', sensei });
    const params = { ...ask('Stream me'), stream: true as const, stream_options: { include_usage: true } };
    const expected: unknown[] = [];
    for await (const c of await raw.chat.completions.create(params)) expected.push(c);
    const got: unknown[] = [];
    const stream = await client.chat.completions.create(params);
    for await (const c of stream) got.push(c);
    expect(got).toEqual(expected);
    const reply = (await recorded('oa-stream')).find((m) => m.role === 'assistant')!;
    expect(reply.content).toBe(answerFor('Stream me'));
    expect(reply.tokens).toBe(answerFor('Stream me').split(/(?<= )/).length);
    expect(reply.metadata).toMatchObject({ stream: true, model, finish_reason: 'stop' });
    expect(reply.metadata).toHaveProperty('time_to_first_token_ms');
  });

  it('stream__toReadableStreamStillWorks_andRecords', async () => {
    const client = wrap(raw, { conversationId: 'oa-rs', sensei });
    const stream = await client.chat.completions.create({ ...ask('Readable'), stream: true });
    const text = await new Response(stream.toReadableStream()).text();
    const contents = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).choices[0]?.delta?.content ?? '')
      .join('');
    expect(contents).toBe(answerFor('Readable'));
    expect((await recorded('oa-rs')).find((m) => m.role === 'assistant')!.content).toBe(answerFor('Readable'));
  });

  it('stream__teeStillWorks_andRecordsOnce', async () => {
    const client = wrap(raw, { conversationId: 'oa-tee', sensei });
    const [a, b] = (await client.chat.completions.create({ ...ask('Tee'), stream: true })).tee();
    const read = async (s: AsyncIterable<{ choices: { delta: { content?: string | null } }[] }>) => {
      let t = '';
      for await (const c of s) t += c.choices[0]?.delta?.content ?? '';
      return t;
    };
    expect(await Promise.all([read(a), read(b)])).toEqual([answerFor('Tee'), answerFor('Tee')]);
    expect((await recorded('oa-tee')).filter((m) => m.role === 'assistant')).toHaveLength(1);
  });

  it('streamHelper__finalChatCompletionWorks_andRecords', async () => {
    const client = wrap(raw, { sensei });
    const runner = client.chat.completions.stream(ask('Helper'), { sensei: { conversationId: 'oa-helper' } } as never);
    const final = await runner.finalChatCompletion();
    expect(final.choices[0].message.content).toBe(answerFor('Helper'));
    const msgs = await recorded('oa-helper');
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(msgs[2].content).toBe(answerFor('Helper'));
    expect(llm.requests.at(-1)!.body).not.toHaveProperty('sensei');
  });

  it('withResponse_andAsResponse__unchanged', async () => {
    const client = wrap(raw, { conversationId: 'oa-wr', sensei });
    const { data, response } = await client.chat.completions.create(ask('With response')).withResponse();
    expect(response.status).toBe(200);
    expect(data.choices[0].message.content).toBe(answerFor('With response'));
    const res = await client.chat.completions.create(ask('As response')).asResponse();
    expect((await res.json()).choices[0].message.content).toBe(answerFor('As response')); // body not consumed by Sensei
    expect((await recorded('oa-wr')).filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual([
      answerFor('With response'),
    ]);
  });

  it('apiError__isRethrownUnchanged_andRecordedAsAnError', async () => {
    const client = wrap(raw, { conversationId: 'oa-err', sensei });
    const expected = await raw.chat.completions.create(ask('fail 400')).catch((e) => e);
    const got = await client.chat.completions.create(ask('fail 400')).catch((e) => e);
    expect(got).toBeInstanceOf(OpenAI.BadRequestError);
    expect(got.constructor).toBe(expected.constructor);
    expect(got.status).toBe(400);
    expect(got.message).toBe(expected.message);
    const err = (await recorded('oa-err')).find((m) => m.role === 'assistant')!;
    expect(err.content).toMatch(/^\[openai error 400\] 400 boom 400/);
    expect(err.metadata).toMatchObject({ error: true, status: 400, model });
  });

  it('streamBrokenMidway__errorReachesTheApp_andIsRecorded', async () => {
    const client = wrap(raw, { conversationId: 'oa-break', sensei });
    const stream = await client.chat.completions.create({ ...ask('break stream'), stream: true });
    const err = await (async () => {
      for await (const _ of stream) {
        /* read */
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.message).toMatch(/stream broke/);
    expect((await recorded('oa-break')).find((m) => m.role === 'assistant')!.metadata).toMatchObject({ error: true });
  });

  it('historyResent__eachMessageRecordedOnce', async () => {
    const client = wrap(raw, { conversationId: 'oa-hist', sensei });
    const first = await client.chat.completions.create(ask('First question'));
    const history = [
      ...ask('First question').messages,
      first.choices[0].message,
      { role: 'user' as const, content: 'Second question' },
    ];
    await client.chat.completions.create({ model, messages: history });
    const msgs = await recorded('oa-hist');
    expect(msgs.map((m) => m.content)).toEqual([
      'Be brief.',
      'First question',
      answerFor('First question'),
      'Second question',
      answerFor('Second question'),
    ]);
    expect(new Set(msgs.map((m) => m.id)).size).toBe(5);
  });

  it('senseiDown__appUnaffected', async () => {
    const down = new Sensei({
      apiKey: 'k',
      baseUrl: `http://127.0.0.1:${await freePort()}`,
      captureExit: false,
      retryBaseMs: 5,
    });
    const client = wrap(raw, { conversationId: 'oa-down', sensei: down });
    const got = await client.chat.completions.create(ask('Still works'));
    expect(got.choices[0].message.content).toBe(answerFor('Still works'));
    expect(await down.shutdown({ timeoutMs: 50 })).toBe(false);
  });

  it('conversationIdResolverThrows__appUnaffected_andNotRecorded', async () => {
    const client = wrap(raw, {
      conversationId: () => {
        throw new Error('no context');
      },
      sensei,
    });
    const got = await client.chat.completions.create(ask('Resolver'));
    expect(got.choices[0].message.content).toBe(answerFor('Resolver'));
    await sensei.flush();
    expect(sink.messages()).toHaveLength(0);
  });

  it('proxy__keepsTheClientsShape', async () => {
    const client = wrap(raw, { conversationId: 'oa-shape', sensei });
    expect(client).toBeInstanceOf(OpenAI);
    expect(client.baseURL).toBe(raw.baseURL);
    expect(client.chat.completions).toBe(client.chat.completions);
    expect(client.chat.completions.create).toBe(client.chat.completions.create);
    const derived = client.withOptions({ timeout: 5000 });
    await derived.chat.completions.create(ask('Derived'));
    expect((await recorded('oa-shape')).map((m) => m.content)).toContain(answerFor('Derived'));
  });
});

describe('wrap(fetch) for an OpenAI-style call', () => {
  it('json__sameResponse_headerStripped_recorded', async () => {
    const f = wrap(fetch, { sensei });
    const res = await f(`${llm.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x', 'x-sensei-conversation-id': 'fx-1' },
      body: JSON.stringify(ask('Via fetch')),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content).toBe(answerFor('Via fetch'));
    expect(llm.requests.at(-1)!.headers).not.toHaveProperty('x-sensei-conversation-id');
    expect(llm.requests.at(-1)!.headers.authorization).toBe('Bearer x');
    const msgs = await recorded('fx-1');
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Be brief.'],
      ['user', 'Via fetch'],
      ['assistant', answerFor('Via fetch')],
    ]);
    expect(msgs[2].tokens).toBeGreaterThan(0);
  });

  it('sse__appReadsTheSameStream_andTheReplyIsRecorded', async () => {
    const f = wrap(fetch, { sensei, conversationId: 'fx-sse' });
    const res = await f(`${llm.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ ...ask('Fetch stream'), stream: true }),
    });
    const text = await res.text();
    expect(text).toContain('data: [DONE]');
    const reply = (await recorded('fx-sse')).find((m) => m.role === 'assistant')!;
    expect(reply.content).toBe(answerFor('Fetch stream'));
    expect(reply.metadata).toMatchObject({ stream: true, finish_reason: 'stop' });
  });

  it('openaiClientWithWrappedFetch__records', async () => {
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: `${llm.url}/v1`,
      maxRetries: 0,
      fetch: wrap(fetch, { sensei, conversationId: 'fx-client' }),
    });
    const got = await client.chat.completions.create(ask('Client over fetch'));
    expect(got.choices[0].message.content).toBe(answerFor('Client over fetch'));
    expect((await recorded('fx-client')).map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
  });

  it('errorStatus__responseUnchanged_andRecordedAsError', async () => {
    const f = wrap(fetch, { sensei, conversationId: 'fx-err' });
    const res = await f(`${llm.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(ask('fail 500')) });
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toBe('boom 500');
    expect((await recorded('fx-err')).find((m) => m.role === 'assistant')!.metadata).toMatchObject({
      error: true,
      status: 500,
    });
  });

  it('otherRequests__passThroughUntouched', async () => {
    const f = wrap(fetch, { sensei, conversationId: 'fx-other' });
    const res = await f(`${sink.url}/health`);
    expect(res.status).toBe(207);
    await sensei.flush();
    expect(sink.messages()).toHaveLength(0);
  });

  it('networkError__rethrownUnchanged', async () => {
    const f = wrap(fetch, { sensei, conversationId: 'fx-net' });
    const port = await freePort();
    const err = await f(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(ask('x')),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((await recorded('fx-net')).find((m) => m.role === 'assistant')!.metadata).toMatchObject({ error: true });
  });
});
