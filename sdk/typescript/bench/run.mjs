// `npm run bench`: what the SDK costs the application.
//  1. caller-side cost of track(): p50/p99 over 100,000 calls (target p99 ≤ 50 µs)
//  2. event-loop delay while sending 10,000 messages/s for 10 s to a local sink (in another process)
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Sensei } from '../dist/esm/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

const sink = fork(join(here, 'sink.mjs'));
const { port } = await new Promise((r) => sink.once('message', r));
const count = () =>
  new Promise((r) => {
    sink.once('message', r);
    sink.send('count');
  });
const baseUrl = `http://127.0.0.1:${port}`;

const text =
  'Hi, I was charged twice for my subscription this month and I would like a refund for the second charge please.';
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// ---- 1. track() cost ----
{
  const sensei = new Sensei({ apiKey: 'sk_bench_x', baseUrl, captureExit: false, maxQueueSize: 1_000_000 });
  const times = new Float64Array(CALLS);
  const run = async (n, record) => {
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      sensei.track({
        conversationId: `conv-${i % 500}`,
        messages: [
          { role: i % 2 ? 'assistant' : 'user', content: text, metadata: { turn: i }, latencyMs: 850, tokens: 24 },
        ],
      });
      const dt = Number(process.hrtime.bigint() - t0) / 1000;
      if (record) times[i] = dt;
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r)); // let the SDK send, as a real app would
    }
  };
  await run(20_000, false); // warm-up (JIT)
  await sensei.flush();
  await run(CALLS, true);
  await sensei.flush();
  const sorted = Array.from(times).sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  console.log(
    `track() caller cost over ${CALLS.toLocaleString('en')} calls: p50 ${pct(sorted, 50).toFixed(2)} µs, p99 ${pct(sorted, 99).toFixed(2)} µs, p99.9 ${pct(sorted, 99.9).toFixed(2)} µs, max ${sorted[sorted.length - 1].toFixed(1)} µs, mean ${mean.toFixed(2)} µs  (target p99 ≤ 50 µs: ${pct(sorted, 99) <= 50 ? 'met' : 'NOT met'})`,
  );
  console.log(`  delivered: ${JSON.stringify(sensei.stats())}`);
  await sensei.shutdown();
}

// ---- 2. event-loop delay under load ----
async function load(withSdk) {
  const sensei = withSdk ? new Sensei({ apiKey: 'sk_bench_x', baseUrl, captureExit: false }) : undefined;
  const before = await count();
  const h = monitorEventLoopDelay({ resolution: 10 });
  const cpu0 = process.cpuUsage();
  h.enable();
  const start = performance.now();
  let sent = 0;
  let i = 0;
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(RATE * SECONDS, Math.floor((elapsed / 1000) * RATE));
      for (; sent < due; sent++, i++) {
        if (sensei)
          sensei.track({
            conversationId: `load-${i % 2000}`,
            messages: [{ role: i % 2 ? 'assistant' : 'user', content: text, latencyMs: 640 }],
          });
      }
      if (elapsed >= SECONDS * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  h.disable();
  const cpu = process.cpuUsage(cpu0);
  if (sensei) await sensei.flush();
  const after = await count();
  // the histogram holds the time between two 10 ms samples: what is beyond 10 ms is the event loop's delay
  const ms = (ns) => Math.max(0, ns / 1e6 - 10).toFixed(2);
  const wall = performance.now() - start;
  return {
    line: `p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms (beyond the 10 ms sampling interval); CPU ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1)}% of one core`,
    received: after.messages - before.messages,
    requests: after.requests - before.requests,
    stats: sensei?.stats(),
    sensei,
    sent,
  };
}

const base = await load(false);
console.log(`event-loop delay, same ${RATE}/s timer loop without the SDK (baseline): ${base.line}`);
const loaded = await load(true);
console.log(`event-loop delay while tracking ${RATE.toLocaleString('en')} messages/s for ${SECONDS} s: ${loaded.line}`);
console.log(
  `  ${loaded.sent.toLocaleString('en')} tracked, ${loaded.received.toLocaleString('en')} received by the sink in ${loaded.requests} requests; stats ${JSON.stringify(loaded.stats)}`,
);
await loaded.sensei.shutdown();
sink.send('stop');
if (loaded.received !== loaded.sent) {
  console.error('messages were lost');
  process.exit(1);
}
