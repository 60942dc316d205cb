// The signed-in user's own preferences (admin-api /api/v1/me/*): weekly summary email, product analytics, tour state.
import { api } from './client';

export interface Preferences {
  weekly_summary: boolean;
  /** false for viewers: the opt-in is kept, but the weekly summary only goes to admins */
  weekly_summary_applies: boolean;
  product_analytics: boolean;
  onboarding: { tour_dismissed: boolean; tour_steps_seen: string[] };
}

export interface PreferencesPatch {
  weekly_summary?: boolean;
  product_analytics?: boolean;
  onboarding?: { tour_dismissed?: boolean; tour_steps_seen?: string[] };
}

export interface SummaryEmailQueued {
  /** false when one was already requested in the last 10 minutes (it is still on its way) */
  queued: boolean;
  recipient: string;
  message: string;
}

export const preferencesApi = {
  get: () => api.get<Preferences>('/me/preferences'),
  update: (patch: PreferencesPatch) => api.patch<Preferences>('/me/preferences', patch),
  sendSummaryNow: () => api.post<SummaryEmailQueued>('/me/summary-email'),
};
