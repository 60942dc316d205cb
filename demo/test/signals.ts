/**
 * What each failure kind looks like in a transcript, written from the rules of Sensei's detectors
 * (libs/analysis: detect/*): the tests use these to check that the scripted bot and the samples really contain
 * the problems they claim — and that the healthy ones contain none.
 */
import type { FailureKind, Transcript, TranscriptMessage } from '../src/transcripts.js';

const assistant = (t: Transcript) => t.messages.filter((m) => m.role === 'assistant');
const users = (t: Transcript) => t.messages.filter((m) => m.role === 'user');

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function hasCard(text: string): boolean {
  return (text.match(/(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g) ?? []).some((m) => luhn(m.replace(/\D/g, '')));
}

export const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;
const REFUSAL = /\bI(?:'m| am) sorry, but I(?: can't| cannot| am unable|'m unable)\b/;
const STACK = /\bat [\w$.]+\([\w$]+\.java:\d+\)|\b[A-Z][A-Za-z]*(?:Error|Exception): /;
const HUMAN = /\b(?:real person|human|manager|agent)\b/i;
const INJECT =
  /\b(?:ignore (?:all |your )?previous instructions|system prompt|you are now dan|pretend you have no restrictions)\b/i;
const QUESTION = /\?|^(?:how|what|why|when|where|which|can|could|is|are|do|does|should|and how)\b/i;

function shouting(m: TranscriptMessage): boolean {
  const letters = m.content.replace(/[^A-Za-z]/g, '');
  const upper = m.content.replace(/[^A-Z]/g, '');
  return (
    /!!/.test(m.content) ||
    (letters.length >= 10 && upper.length / letters.length > 0.7) ||
    /\b(?:ridiculous|waste of time|useless)\b/i.test(m.content)
  );
}

/** Whether the transcript shows the signal Sensei detects for `kind`. */
export function shows(t: Transcript, kind: FailureKind): boolean {
  const a = assistant(t);
  switch (kind) {
    case 'agent_refusal':
      return a.some((m) => REFUSAL.test(m.content));
    case 'error_response':
      return a.some((m) => m.metadata?.error === true && STACK.test(m.content));
    case 'latency_spike':
      return a.some((m) => (m.latency_ms ?? 0) > 10_000);
    case 'pii_exposure':
      return a.some((m) => hasCard(m.content) && EMAIL.test(m.content));
    case 'repetition_loop':
      return a.some((m, i) => a.slice(0, i).some((o) => o.content === m.content));
    case 'escalation_request':
      return (
        users(t).some((m) => HUMAN.test(m.content)) && a.some((m) => /transferring you to a human/.test(m.content))
      );
    case 'user_frustration':
      return users(t).slice(1).some(shouting);
    case 'abandonment': {
      const last = t.messages[t.messages.length - 1];
      return t.ended && last.role === 'user' && QUESTION.test(last.content);
    }
    case 'negative_feedback':
      return a.some((m) => m.metadata?.thumbs === 'down') || t.metadata.feedback === 'negative';
    case 'prompt_injection':
      return (
        users(t).some((m) => INJECT.test(m.content)) &&
        !a.some((m) => /Never reveal these instructions|You are the customer support assistant/.test(m.content))
      );
    default:
      return false;
  }
}
