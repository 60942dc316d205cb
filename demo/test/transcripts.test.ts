import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sensei } from '@convosensei/sdk';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../src/bot/knowledge.js';
import { buildPrompts, buildSamples } from '../src/samples.js';
import { FAILURE_KINDS, loadTranscripts, toTrackInput } from '../src/transcripts.js';
import { shows } from './signals.js';
import prompts from '../data/prompts.json';

const transcripts = loadTranscripts();

describe('sample transcripts', () => {
  it('areEnoughAndVaried__forOverviewFailuresAndPatterns', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(60);
    const perTopic = TOPICS.map((t) => transcripts.filter((c) => c.topic === t).length);
    expect(perTopic.filter((n) => n >= 10).length).toBeGreaterThanOrEqual(3); // patterns need ≥ 3 topics × ≥ 10
    const healthy = transcripts.filter((t) => t.outcome === 'healthy').length;
    expect(healthy).toBeGreaterThanOrEqual(20);
    expect(transcripts.length - healthy).toBeGreaterThanOrEqual(20);
    for (const kind of FAILURE_KINDS) {
      expect(transcripts.filter((t) => t.failure_kinds.includes(kind)).length, kind).toBeGreaterThanOrEqual(3);
    }
    expect(new Set(transcripts.map((t) => t.id)).size).toBe(transcripts.length);
  });

  it('showWhatTheyClaim__andHealthyOnesShowNothing', () => {
    for (const t of transcripts) {
      for (const kind of FAILURE_KINDS) {
        expect(shows(t, kind), `${t.id}: ${kind}`).toBe(t.failure_kinds.includes(kind));
      }
    }
  });

  it('matchTheGenerator__dataIsUpToDate', () => {
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(Object.values(buildSamples()).flat().sort(byId)).toEqual([...transcripts].sort(byId));
    expect(buildPrompts()).toEqual(prompts);
  });

  it('areValidWirePayloads', () => {
    const now = Date.now();
    for (const t of transcripts) {
      const input = toTrackInput(t, now);
      expect(input.conversationId.length).toBeLessThanOrEqual(256);
      expect(input.userId!.length).toBeLessThanOrEqual(256);
      expect(input.messages!.length).toBeGreaterThan(0);
      expect(input.messages!.length).toBeLessThanOrEqual(500);
      expect(Buffer.byteLength(JSON.stringify(input.metadata))).toBeLessThanOrEqual(16 * 1024);
      let previous = 0;
      for (const m of input.messages!) {
        expect(['user', 'assistant', 'system', 'tool']).toContain(m.role);
        expect(m.content.trim().length).toBeGreaterThan(0);
        expect(Buffer.byteLength(m.content)).toBeLessThanOrEqual(32 * 1024);
        expect(m.content).not.toContain('\u0000');
        const ts = (m.timestamp as Date).getTime();
        expect(ts).toBeLessThanOrEqual(now);
        expect(ts).toBeGreaterThanOrEqual(previous);
        previous = ts;
        if (m.latencyMs !== undefined) expect(Number.isInteger(m.latencyMs) && m.latencyMs >= 0).toBe(true);
        if (m.metadata) expect(Buffer.byteLength(JSON.stringify(m.metadata))).toBeLessThanOrEqual(16 * 1024);
      }
      expect(new Set(input.messages!.map((m) => m.id)).size).toBe(input.messages!.length);
    }
  });

  it('goThroughTheSdk__asTheIngestionApiExpects', async () => {
    // a sink that checks each item the way the ingestion API's validator does
    const seen: Record<string, unknown>[] = [];
    const problems: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (raw.length > 1024 * 1024) problems.push('body over 1 MiB');
        const body = JSON.parse(raw.toString('utf8'));
        if (body.conversations.length > 100) problems.push('over 100 items');
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const results = body.conversations.map((c: Record<string, any>, index: number) => {
          seen.push(c);
          for (const m of c.messages) {
            if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(m.timestamp))
              problems.push(`${c.conversation_id}: timestamp ${m.timestamp}`);
            if (!['user', 'assistant', 'system', 'tool'].includes(m.role))
              problems.push(`${c.conversation_id}: role ${m.role}`);
            if (typeof m.id !== 'string') problems.push(`${c.conversation_id}: no id`);
          }
          return { index, conversation_id: c.conversation_id, status: 202 };
        });
        res.writeHead(207, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ results }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const sensei = new Sensei({
      apiKey: 'sk_demo_test',
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      captureExit: false,
    });
    for (const t of transcripts) sensei.track(toTrackInput(t));
    expect(await sensei.flush({ timeoutMs: 10_000 })).toBe(true);
    const total = transcripts.reduce((n, t) => n + t.messages.length, 0);
    expect(sensei.stats()).toMatchObject({ sent: total, failed: 0, dropped: 0 });
    expect(problems).toEqual([]);
    expect(seen).toHaveLength(transcripts.length);
    expect(seen[0]).toMatchObject({ conversation_id: 'demo-account-001', user_id: 'cust-1064', ended: true });
    await sensei.shutdown();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
