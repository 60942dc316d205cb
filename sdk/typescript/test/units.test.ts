import { describe, expect, it } from 'vitest';
import { Sensei } from '../src/index.js';
import { parseRetryAfter, stableId, truncateUtf8, utf8Length } from '../src/util.js';
import { acceptAll, startSink, waitFor } from './helpers/servers.js';

describe('util', () => {
  it('parseRetryAfter__secondsDateAndGarbage', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('truncateUtf8__neverSplitsACharacter', () => {
    const s = 'a😀'.repeat(10); // 5 bytes per pair
    const t = truncateUtf8(s, 12);
    expect(utf8Length(t)).toBeLessThanOrEqual(12);
    expect(t).toBe('a😀a😀a');
    expect(truncateUtf8('short', 100)).toBe('short');
  });

  it('stableId__sameInputSameId_differentInputDifferentId', () => {
    expect(stableId('w', ['c', 'user', 'hi', '0'])).toBe(stableId('w', ['c', 'user', 'hi', '0']));
    expect(stableId('w', ['c', 'user', 'hi', '0'])).not.toBe(stableId('w', ['c', 'user', 'hi', '1']));
    expect(stableId('w', ['c', 'user', 'hi', '0'])).toMatch(/^w[0-9a-f]{28}$/);
  });
});

describe('browser page hide (keepalive)', () => {
  it('flushKeepalive__sendsKeepaliveRequestsOfAtMost60KiB', async () => {
    const sink = await startSink(acceptAll);
    const inits: RequestInit[] = [];
    const sensei = new Sensei({
      apiKey: 'k',
      baseUrl: sink.url,
      captureExit: false,
      flushIntervalMs: 60_000,
      fetch: (url, init) => {
        inits.push(init!);
        return fetch(url, init);
      },
    });
    for (let i = 0; i < 10; i++)
      sensei.track({ conversationId: `p${i}`, messages: [{ role: 'user', content: 'z'.repeat(20_000) }] });
    sensei.flushKeepalive(); // what pagehide / visibilitychange→hidden call
    await waitFor(() => sink.messages().length === 10);
    expect(inits.length).toBeGreaterThanOrEqual(4);
    for (const init of inits) {
      expect(init.keepalive).toBe(true);
      expect(new TextEncoder().encode(String(init.body)).length).toBeLessThanOrEqual(60 * 1024);
      expect(new Headers(init.headers).get('authorization')).toBe('Bearer k');
    }
    expect(sink.messages()).toHaveLength(10);
    sensei.resumeFromKeepalive();
    await sensei.shutdown();
    await sink.close();
  });
});

describe('normalisation', () => {
  it('timestamps__isoWithZoneKept_otherFormsConverted_nulStripped', async () => {
    const sink = await startSink(acceptAll);
    const sensei = new Sensei({ apiKey: 'k', baseUrl: sink.url, captureExit: false });
    sensei.track({
      conversationId: 'n',
      messages: [
        { role: 'user', content: 'a', timestamp: '2024-05-01T12:00:00.123456+02:00' },
        { role: 'user', content: 'b', timestamp: 'Wed, 01 May 2024 12:00:00 GMT' },
        { role: 'user', content: 'c\u0000d', timestamp: 1714564800000 },
      ],
    });
    await sensei.flush();
    expect(sink.messages().map((m) => [m.content, m.timestamp])).toEqual([
      ['a', '2024-05-01T12:00:00.123456+02:00'],
      ['b', '2024-05-01T12:00:00.000Z'],
      ['cd', '2024-05-01T12:00:00.000Z'],
    ]);
    await sensei.shutdown();
    await sink.close();
  });
});

describe('top-level API (init)', () => {
  it('init_track_flush_stats_shutdown__useTheSharedInstance', async () => {
    const { init, track, end, flush, stats, shutdown, getInstance } = await import('../src/index.js');
    const sink = await startSink(acceptAll);
    const first = init({ apiKey: 'k1', baseUrl: sink.url, captureExit: false });
    const second = init({ apiKey: 'k2', baseUrl: sink.url, captureExit: false }); // replaces (and shuts down) the first
    expect(getInstance()).toBe(second);
    track({ conversationId: 'top', messages: [{ role: 'user', content: 'hi' }] });
    end('top');
    expect(await flush()).toBe(true);
    expect(stats()).toMatchObject({ sent: 1, queued: 0 });
    expect(sink.requests.every((r) => r.headers.authorization === 'Bearer k2')).toBe(true);
    expect(await shutdown()).toBe(true);
    expect(getInstance()).toBeUndefined();
    first.track({ conversationId: 'late', messages: [{ role: 'user', content: 'x' }] });
    expect(first.stats().dropped).toBe(1); // shut down when replaced
    await sink.close();
  });
});
