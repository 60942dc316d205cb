// The guided first-run tour: one tooltip per page, anchored on a real element marked data-tour="<id>".

export interface TourStep {
  id: string;
  route: string;
  title: string;
  body: string;
  /** admin pages: viewers do not get these steps (they do not see the pages) */
  adminOnly?: boolean;
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    id: 'overview',
    route: '/',
    title: 'Your agents at a glance',
    body: 'Overview shows how conversations went: health, failure rate, open failures and feedback. Until the first conversation arrives, it is your setup checklist.',
  },
  {
    id: 'conversations',
    route: '/conversations',
    title: 'Every conversation, scored',
    body: 'Filter by health, failure type or feedback, open one to read its timeline and why it scored as it did. Save filters you use often as a view.',
  },
  {
    id: 'failures',
    route: '/failures',
    title: 'Failures to work through',
    body: 'Detected failures (frustration, errors, loops, leaked personal data…) land here. Acknowledge or resolve them, one by one or in bulk.',
  },
  {
    id: 'patterns',
    route: '/patterns',
    title: 'Patterns across conversations',
    body: 'Sensei groups similar conversations so you see which topics go wrong most often.',
  },
  {
    id: 'api-keys',
    route: '/api-keys',
    title: 'Connect your app',
    body: 'Create an API key here; your app sends conversations with it (curl, the TypeScript or Python SDK, or OpenTelemetry).',
    adminOnly: true,
  },
  {
    id: 'settings',
    route: '/settings',
    title: 'Alerts in Slack',
    body: 'Paste a Slack incoming-webhook URL and Sensei posts critical failures and low-health conversations. "Send test alert" checks it at once.',
    adminOnly: true,
  },
];

export function stepsFor(canWrite: boolean): TourStep[] {
  return TOUR_STEPS.filter((s) => canWrite || !s.adminOnly);
}
