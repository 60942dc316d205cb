// Copy-paste snippets for sending a first conversation (onboarding and the API keys page).

const PLACEHOLDER_KEY = 'YOUR_API_KEY';

export function curlSnippet(baseUrl: string, key: string | null, now = new Date()): string {
  const t0 = new Date(now.getTime() - 20_000).toISOString();
  const t1 = new Date(now.getTime() - 12_000).toISOString();
  const messages = [
    { role: 'user', content: 'Hi, I need help resetting my password', timestamp: t0 },
    {
      role: 'assistant',
      content: 'Sure! Use Forgot password on the sign-in page, then follow the email link.',
      timestamp: t1,
      latency_ms: 850,
    },
  ];
  // one message per line keeps the command readable in a terminal
  const body = [
    '{',
    '  "conversation_id": "first-conversation",',
    '  "messages": [',
    messages.map((m) => `    ${JSON.stringify(m)}`).join(',\n'),
    '  ],',
    '  "ended": true',
    '}',
  ].join('\n');
  return [
    `curl -X POST '${baseUrl}/api/v1/conversations/track' \\`,
    `  -H 'Authorization: Bearer ${key ?? PLACEHOLDER_KEY}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body.replace(/'/g, "'\\''")}'`,
  ].join('\n');
}

export function sdkSnippet(baseUrl: string, key: string | null): string {
  return `// npm install @convosensei/sdk
import { Sensei } from '@convosensei/sdk';

const sensei = new Sensei({
  apiKey: process.env.SENSEI_API_KEY ?? '${key ?? PLACEHOLDER_KEY}',
  baseUrl: '${baseUrl}',
});

sensei.track({
  conversationId: 'first-conversation',
  messages: [
    { role: 'user', content: 'Hi, I need help resetting my password' },
    { role: 'assistant', content: 'Sure! Use Forgot password on the sign-in page.', latencyMs: 850 },
  ],
  ended: true,
});
await sensei.flush(); // track() only queues; flush() (or process exit) sends`;
}
