import type { ConversationSummary, FailureView, MessageView } from '../src/api/types';

export function conversation(over: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    external_id: 'conv-1',
    environment: 'production',
    user_id: 'u1',
    message_count: 4,
    first_message_at: '2025-01-01T10:00:00Z',
    last_message_at: '2025-01-01T10:05:00Z',
    last_activity_at: '2025-01-01T10:05:00Z',
    ended: true,
    health_score: 42,
    sentiment_avg: -0.2,
    has_failures: true,
    failure_count: 1,
    failure_types: ['user_frustration'],
    max_severity: 'high',
    last_message_preview: 'This is useless',
    feedback: { negative: 0, positive: 0 },
    ...over,
  };
}

export function failure(over: Partial<FailureView> = {}): FailureView {
  return {
    id: 'f0000000-0000-4000-8000-000000000001',
    conversation_id: '11111111-1111-4111-8111-111111111111',
    conversation_external_id: 'conv-1',
    type: 'user_frustration',
    severity: 'high',
    confidence: 0.9,
    explanation: 'The user repeatedly expressed frustration.',
    evidence: [{ message_id: 'm3', message_index: 2, excerpt: 'this is useless' }],
    source: 'rules',
    status: 'open',
    status_changed_at: null,
    status_changed_by: null,
    detected_at: '2025-01-01T10:05:01Z',
    last_seen_at: '2025-01-01T10:05:01Z',
    ...over,
  };
}

export function message(over: Partial<MessageView> = {}): MessageView {
  return {
    id: 1,
    external_id: null,
    role: 'user',
    content: 'hello',
    timestamp: '2025-01-01T10:00:00Z',
    metadata: null,
    latency_ms: null,
    tokens: null,
    sentiment_score: 0,
    ...over,
  };
}
