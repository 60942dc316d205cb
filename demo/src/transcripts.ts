/**
 * Sample transcripts (data/transcripts/*.json): the format, loading, and turning one into an SDK track() call.
 * Times are relative (days_ago + offset_s) so the data always lands in the dashboard's recent timeframes; message
 * ids are stable, so sending the samples twice does not duplicate anything.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Message, TrackInput } from '@convosensei/sdk';
import type { Topic } from './bot/knowledge.js';

/** The failure kinds Sensei detects (FailureType in libs/contracts, wire names). */
export const FAILURE_KINDS = [
  'user_frustration',
  'agent_refusal',
  'escalation_request',
  'repetition_loop',
  'error_response',
  'latency_spike',
  'abandonment',
  'pii_exposure',
  'negative_feedback',
  'prompt_injection',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface TranscriptMessage {
  role: 'user' | 'assistant' | 'system' | 'tool';
  content: string;
  /** Seconds after the conversation started. */
  offset_s: number;
  latency_ms?: number;
  tokens?: number;
  metadata?: Record<string, unknown>;
}

export interface Transcript {
  id: string;
  topic: Topic;
  title: string;
  outcome: 'healthy' | 'failing';
  /** What Sensei should find in it (empty for healthy ones). */
  failure_kinds: FailureKind[];
  /** When it happened, in days before now (fractions allowed). */
  days_ago: number;
  user_id: string;
  metadata: Record<string, unknown>;
  ended: boolean;
  messages: TranscriptMessage[];
}

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
export const TRANSCRIPT_DIR = join(DATA_DIR, 'transcripts');

export function loadTranscripts(dir = TRANSCRIPT_DIR): Transcript[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { conversations: Transcript[] }).conversations);
}

/** The external conversation id the demo uses in Sensei. */
export function conversationIdOf(t: Transcript): string {
  return `demo-${t.id}`;
}

/** One transcript as an SDK track() argument, placed `days_ago` before `now`. */
export function toTrackInput(t: Transcript, now = Date.now()): TrackInput {
  const start = Math.round(now - t.days_ago * 86_400_000);
  const messages: Message[] = t.messages.map((m, i) => ({
    id: `demo-${t.id}-${i}`,
    role: m.role,
    content: m.content,
    timestamp: new Date(start + Math.round(m.offset_s * 1000)),
    ...(m.latency_ms !== undefined ? { latencyMs: m.latency_ms } : {}),
    ...(m.tokens !== undefined ? { tokens: m.tokens } : {}),
    ...(m.metadata ? { metadata: m.metadata } : {}),
  }));
  return {
    conversationId: conversationIdOf(t),
    userId: t.user_id,
    metadata: { ...t.metadata, topic: t.topic, source: 'sensei-demo' },
    ended: t.ended,
    messages,
  };
}
