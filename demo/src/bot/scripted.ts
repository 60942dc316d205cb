/**
 * The built-in support bot: no account, no network, deterministic. It answers from the knowledge base and, on
 * purpose, fails the way real bots fail — each intent's `mode` decides how (refusal, backend error, slow reply,
 * leaked customer data, canned answer on repeat), and it reacts to injection attempts and requests for a human.
 * One instance per conversation (it remembers what the conversation is about).
 */
import { CUSTOMER, type Intent, type Mode, type Topic, findIntent } from './knowledge.js';

export type ReplyKind = Mode | 'escalation' | 'injection' | 'closing' | 'apology' | 'fallback' | 'follow-up';

export interface BotReply {
  content: string;
  /** How long the bot "took" (simulated; the slow intents take 15-28 s). */
  latencyMs: number;
  tokens: number;
  metadata: Record<string, unknown>;
  kind: ReplyKind;
  topic?: Topic;
}

export const SCRIPTED_MODEL = 'acme-scripted-support-1';

const INJECTION =
  /\b(?:ignore|disregard|forget) (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|rules|prompts?|guidelines)|\b(?:system prompt|your instructions|initial prompt)\b|\byou are now (?:dan|an? unrestricted|in developer mode)|\bpretend (?:you have|there are|you are under) no (?:restrictions|rules|limits)|\bdeveloper mode\b|\bjailbreak/i;
const ESCALATION =
  /\b(?:human|real person|live agent|an agent|a person|manager|supervisor|someone real|talk to (?:someone|somebody)|speak to (?:someone|somebody))\b/i;
const CLOSING =
  /^(?:ok(?:ay)?[,.!]?\s*)?(?:thanks|thank you|thx|perfect|great|awesome|got it|that(?:'s| is) all|bye|cheers|that (?:helps|solved it|worked))\b/i;
const FRUSTRATION =
  /!!|\b(?:ridiculous|useless|waste of time|terrible|unacceptable|fed up|already (?:told|did|tried)|still (?:doesn't|does not|not))\b/i;

// declines without sounding like a refusal of a real request: the attempt is the finding here, not the bot
const INJECTION_REPLY =
  'My instructions stay private, and discounts and refunds follow our normal policies. I am happy to help with orders, billing, your account, products, setup or refunds — what do you need?';
const ESCALATION_REPLY =
  "I understand. I'm transferring you to a human agent now — a member of the Acme support team will take over this chat (current wait: about 4 minutes).";
const CLOSING_REPLY = "You're welcome! Is there anything else I can help you with today?";
const APOLOGY_REPLY =
  "I'm really sorry for the trouble. I've flagged your case to our support team so it gets priority, and you'll get an update by email within 24 hours.";
const FALLBACK_REPLY =
  "I'm sorry, I didn't quite get that. I can help with billing, shipping, your account, products, setup and refunds — could you rephrase your question?";

const REFUSALS: Record<string, string> = {
  'other-account':
    "I'm sorry, but I can't access or delete another person's account. Only the account owner can make changes to it.",
  advice: "I'm sorry, but I can't give medical or legal advice. Please talk to a qualified professional about that.",
  'late-refund': "I'm sorry, but I'm unable to process refunds after the 30-day return window has closed.",
};

const ERRORS: Record<string, { content: string; error_type: string }> = {
  'invoice-pdf': {
    error_type: 'tool_error',
    content:
      'Sorry, something went wrong while loading your billing documents.\n\n' +
      'com.acme.billing.InvoiceServiceException: upstream timeout after 30000 ms\n' +
      '    at com.acme.billing.InvoiceClient.render(InvoiceClient.java:88)\n' +
      '    at com.acme.support.tools.BillingTool.invoice(BillingTool.java:41)',
  },
  'api-key': {
    error_type: 'integration_error',
    content:
      'Error: IntegrationError: OAuth handshake with the partner API failed (ECONNRESET). Please try again later.',
  },
};

const LEAKS: Record<string, string> = {
  'payment-method': `The card on file is Visa ${CUSTOMER.card} (expires 08/27), registered to ${CUSTOMER.email}. You can update it under Settings → Billing → Payment method.`,
  'refund-card': `The refund goes back to the card you paid with, ${CUSTOMER.card}, registered to ${CUSTOMER.email} — refunds can only be sent to the original payment method.`,
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A stable pseudo-random number in [min, max) for a text, so transcripts are reproducible. */
function between(text: string, min: number, max: number): number {
  return min + (hash(text) % (max - min));
}

export function tokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.35));
}

function contentWords(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9#]+/)
      .filter((w) => w.length > 3),
  );
}

export class ScriptedBot {
  private intent?: Intent;
  private turns = 0;

  constructor(private readonly topicHint?: Topic) {}

  reply(userText: string): BotReply {
    this.turns++;
    const text = userText.trim();
    if (INJECTION.test(text)) return this.make(INJECTION_REPLY, 'injection', 1100);
    if (ESCALATION.test(text)) return this.make(ESCALATION_REPLY, 'escalation', 900);
    if (CLOSING.test(text) && !text.includes('?')) return this.make(CLOSING_REPLY, 'closing', 700);

    const previous = this.intent;
    const follow = previous?.followUp;
    if (follow && overlap(text, follow.ask) >= 2)
      return this.make(follow.answer, 'follow-up', between(text, 1200, 2600));

    const found = findIntent(text, previous?.topic ?? this.topicHint);
    if (!found && previous?.mode === 'loop') return this.answer(previous, text); // the canned answer, again
    if (!found)
      return FRUSTRATION.test(text)
        ? this.make(APOLOGY_REPLY, 'apology', 1300)
        : this.make(FALLBACK_REPLY, 'fallback', 800);
    this.intent = found;
    return this.answer(found, text);
  }

  private answer(intent: Intent, text: string): BotReply {
    const meta = { intent: intent.id };
    switch (intent.mode) {
      case 'refusal':
        return this.make(
          REFUSALS[intent.id] ?? "I'm sorry, but I can't help with that request.",
          'refusal',
          between(text, 900, 1800),
          meta,
        );
      case 'error': {
        const e = ERRORS[intent.id] ?? {
          content: 'Sorry, an unexpected error occurred while processing your request.',
          error_type: 'internal_error',
        };
        return this.make(e.content, 'error', between(text, 2500, 6000), {
          ...meta,
          error: true,
          error_type: e.error_type,
        });
      }
      case 'slow':
        return this.make(intent.answer, 'slow', between(text, 15_000, 28_000), { ...meta, tool: 'order_lookup' });
      case 'leak':
        return this.make(LEAKS[intent.id] ?? intent.answer, 'leak', between(text, 1200, 2400), meta);
      case 'loop':
        return this.make(intent.answer, 'loop', between(intent.answer, 1000, 1800), meta);
      default:
        return this.make(intent.answer, 'ok', between(text, 900, 2600), meta);
    }
  }

  private make(content: string, kind: ReplyKind, latencyMs: number, metadata: Record<string, unknown> = {}): BotReply {
    return {
      content,
      kind,
      latencyMs,
      tokens: tokenCount(content),
      topic: this.intent?.topic ?? this.topicHint,
      metadata: { model: SCRIPTED_MODEL, ...metadata },
    };
  }
}

function overlap(a: string, b: string): number {
  const wb = contentWords(b);
  let n = 0;
  for (const w of contentWords(a)) if (wb.has(w)) n++;
  return n;
}
