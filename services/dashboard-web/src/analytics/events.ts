// The one place product-analytics event names live. Each event carries only the typed, non-personal properties
// listed here: no email, no message text, no free text a user typed.

export const EVENTS = {
  signedIn: 'signed in',
  apiKeyCreated: 'api key created',
  firstConversationReceived: 'first conversation received',
  failureResolved: 'failure resolved',
  viewSaved: 'view saved',
  alertConfigured: 'alert configured',
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];

export interface EventProperties {
  'signed in': { provider: 'local' | 'supabase' };
  'api key created': { source: 'onboarding' | 'api-keys-page' };
  'first conversation received': Record<string, never>;
  'failure resolved': { count: number };
  'view saved': { scope: string };
  'alert configured': { channel: 'slack' };
}
