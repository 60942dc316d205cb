/**
 * The sample data set: 72 conversations, 12 per topic, healthy and failing, every failure kind several times,
 * spread over the last two weeks. Deterministic (seeded), so `npm run generate` always writes the same files and
 * the tests can check data/ matches this code.
 */
import { INTENTS, TOPICS, type Topic } from './bot/knowledge.js';
import { type Scenario, toTranscript } from './scenarios.js';
import type { Transcript } from './transcripts.js';

type Spec = Omit<Scenario, 'id'>;
const ok = (intent: string, phrasing: number, more: Partial<Spec> = {}): Spec => ({
  intent,
  phrasing,
  followUp: true,
  ...more,
});
const fail = (intent: string, phrasing: number, ...extras: NonNullable<Scenario['extras']>): Spec => ({
  intent,
  phrasing,
  extras,
});

const PLAN: Record<Topic, Spec[]> = {
  billing: [
    ok('double-charge', 0, { positiveFeedback: true }),
    ok('plans', 0),
    ok('double-charge', 1, { greeting: 'Hi, ' }),
    ok('plans', 1, { followUp: false }),
    ok('double-charge', 2, { greeting: 'Hello! ' }),
    fail('invoice-pdf', 0),
    fail('invoice-pdf', 1, 'frustration'),
    fail('payment-method', 0),
    fail('payment-method', 1, 'negative_feedback'),
    fail('plans', 2, 'escalation'),
    fail('double-charge', 2, 'injection'),
    fail('plans', 1, 'abandonment'),
  ],
  shipping: [
    ok('shipping-cost', 0),
    ok('change-address', 0, { positiveFeedback: true }),
    ok('damaged', 0),
    ok('shipping-cost', 1, { greeting: 'Hi! ' }),
    ok('change-address', 2),
    fail('where-is-order', 0),
    fail('where-is-order', 1, 'frustration', 'escalation'),
    fail('where-is-order', 2, 'negative_feedback'),
    fail('damaged', 1, 'escalation'),
    fail('shipping-cost', 2, 'abandonment'),
    fail('change-address', 1, 'injection'),
    fail('damaged', 0, 'frustration'),
  ],
  account: [
    ok('two-factor', 0),
    ok('change-email', 0, { positiveFeedback: true }),
    ok('two-factor', 1, { greeting: 'Hi, ' }),
    ok('change-email', 1),
    ok('two-factor', 0, { greeting: 'Hello, ', followUp: false }),
    fail('password-reset', 0),
    fail('password-reset', 1, 'frustration'),
    fail('password-reset', 2, 'escalation'),
    fail('other-account', 0),
    fail('other-account', 1, 'negative_feedback'),
    fail('change-email', 0, 'injection'),
    fail('two-factor', 1, 'abandonment'),
  ],
  product: [
    ok('compare', 0, { positiveFeedback: true }),
    ok('warranty', 0),
    ok('compare', 1),
    ok('warranty', 1, { greeting: 'Hi! ' }),
    ok('compare', 2, { greeting: 'Hello, ' }),
    fail('stock', 0),
    fail('stock', 1, 'abandonment'),
    fail('advice', 0),
    fail('advice', 1, 'frustration'),
    fail('compare', 1, 'negative_feedback'),
    fail('warranty', 0, 'injection'),
    fail('compare', 2, 'escalation'),
  ],
  setup: [
    ok('install', 0),
    ok('firmware', 0, { positiveFeedback: true }),
    ok('install', 1),
    ok('firmware', 1, { greeting: 'Hi, ' }),
    ok('install', 2),
    fail('api-key', 0),
    fail('api-key', 2, 'escalation'),
    fail('sync', 0),
    fail('sync', 1, 'frustration', 'negative_feedback'),
    fail('sync', 2, 'abandonment'),
    fail('install', 0, 'injection'),
    fail('firmware', 0, 'negative_feedback'),
  ],
  refunds: [
    ok('refund-request', 0, { positiveFeedback: true }),
    ok('refund-request', 1),
    ok('refund-request', 2, { greeting: 'Hi! ' }),
    ok('refund-request', 0, { greeting: 'Hello, ', followUp: false }),
    ok('refund-request', 1, { greeting: 'Hey, ' }),
    fail('refund-status', 0),
    fail('refund-status', 1, 'escalation'),
    fail('late-refund', 0),
    fail('late-refund', 1, 'frustration'),
    fail('refund-card', 0),
    fail('refund-card', 1, 'negative_feedback'),
    fail('refund-request', 2, 'abandonment'),
  ],
};

/** mulberry32: a small seeded PRNG so the files are reproducible. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const channels = ['web', 'web', 'mobile', 'email'];
const plans = ['free', 'pro', 'pro', 'business'];
/** Every topic's sample conversations, in file order. */
export function buildSamples(): Record<Topic, Transcript[]> {
  const random = rng(20240501);
  let customer = 1040;
  const out = {} as Record<Topic, Transcript[]>;
  for (const topic of TOPICS) {
    out[topic] = PLAN[topic].map((spec, n) => {
      const id = `${topic}-${String(n + 1).padStart(3, '0')}`;
      const failing = !!spec.extras?.length || INTENTS.find((i) => i.id === spec.intent)!.mode !== 'ok';
      // spread over two weeks, failures a little more recent (the "what changed this week" story)
      const days = failing ? random() * 9 : 1 + random() * 13;
      return toTranscript({ id, ...spec }, n, {
        days_ago: Math.round(days * 100) / 100,
        user_id: `cust-${customer++}`,
        metadata: {
          channel: channels[Math.floor(random() * channels.length)],
          plan: plans[Math.floor(random() * plans.length)],
          locale: 'en-US',
        },
      });
    });
  }
  return out;
}

/** The seeded prompts per topic (data/prompts.json): every way users open a conversation. */
export function buildPrompts(): Record<Topic, string[]> {
  return Object.fromEntries(
    TOPICS.map((t) => [t, INTENTS.filter((i) => i.topic === t).flatMap((i) => i.asks)]),
  ) as Record<Topic, string[]>;
}
