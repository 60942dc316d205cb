// The signed-in user's own preferences (GET/PATCH /me/preferences). When the API cannot be reached or predates the
// endpoint, the choices are kept in localStorage keyed by the user's subject, so a dismissed tour or an analytics
// opt-out still holds on this browser.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, preferencesApi } from '../api/endpoints';
import type { MeResponse, Preferences, PreferencesPatch } from '../api/types';

type Local = Partial<Omit<Preferences, 'onboarding'>> & { onboarding?: Partial<Preferences['onboarding']> };

const localKey = (subject: string) => `sensei.prefs.${subject}`;

export function subjectOf(me: MeResponse | undefined): string | null {
  if (!me) return null;
  for (const v of [me.sub, me.subject, me.id]) if (typeof v === 'string' && v) return v;
  return null;
}

export function readLocalPreferences(subject: string | null): Local {
  if (!subject) return {};
  try {
    return (JSON.parse(localStorage.getItem(localKey(subject)) ?? '{}') as Local) ?? {};
  } catch {
    return {};
  }
}

export function writeLocalPreferences(subject: string | null, patch: PreferencesPatch): void {
  if (!subject) return;
  const cur = readLocalPreferences(subject);
  const next: Local = { ...cur, ...patch, onboarding: { ...cur.onboarding, ...patch.onboarding } };
  try {
    localStorage.setItem(localKey(subject), JSON.stringify(next));
  } catch {
    // storage full or blocked: the choice holds for this page load only
  }
}

export interface PreferencesState {
  subject: string | null;
  /** false until the server answered or failed (and /auth/me is known) */
  settled: boolean;
  /** the server's answer; null when it failed */
  server: Preferences | null;
  local: Local;
  /** product_analytics as far as known: server, else local record, else null (unknown) */
  productAnalytics: boolean | null;
  tourDismissed: boolean;
  tourStepsSeen: string[];
}

export function usePreferences(): PreferencesState {
  const me = useQuery({ queryKey: ['me'], queryFn: authApi.me, staleTime: 60_000, retry: false });
  const prefs = useQuery({ queryKey: ['preferences'], queryFn: preferencesApi.get, staleTime: Infinity, retry: false });
  const subject = subjectOf(me.data);
  const local = readLocalPreferences(subject);
  const server = prefs.data ?? null;
  const settled = !me.isPending && !prefs.isPending;
  return {
    subject,
    settled,
    server,
    local,
    productAnalytics: server ? server.product_analytics !== false : (local.product_analytics ?? null),
    // the server wins when it answered; the local record only stands in for it
    tourDismissed: server ? server.onboarding?.tour_dismissed === true : local.onboarding?.tour_dismissed === true,
    tourStepsSeen: (server ? server.onboarding?.tour_steps_seen : local.onboarding?.tour_steps_seen) ?? [],
  };
}

/** PATCHes the preferences; the local record is written too, so the choice survives an API that is down. */
export function useUpdatePreferences(subject: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: PreferencesPatch) => {
      writeLocalPreferences(subject, patch);
      return preferencesApi.patch(patch);
    },
    onSuccess: (p) => {
      if (p) queryClient.setQueryData(['preferences'], p);
    },
  });
}
