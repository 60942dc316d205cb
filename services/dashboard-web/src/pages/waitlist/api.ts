// Waitlist admin API (admin-api, admins only): list, CSV export, deletion on request. Kept beside the page so the
// waitlist is one folder; the types mirror admin-api's WaitlistEntry / WaitlistService records.
import { api, ApiError, API_BASE, buildQuery } from '../../api/client';
import { getToken } from '../../auth/session';

export type WaitlistStatus = 'pending' | 'confirmed' | 'spam';

export interface WaitlistEntry {
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  source: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  referrer: string | null;
  status: WaitlistStatus;
  created_at: string;
  confirmation_sent_at: string | null;
  confirmed_at: string | null;
  confirmations_sent: number;
}

export interface WaitlistPage {
  items: WaitlistEntry[];
  total: number;
  limit: number;
  offset: number;
}

export interface WaitlistFilter {
  status?: WaitlistStatus | '';
  q?: string;
}

export interface WaitlistDeleted {
  deleted: number;
  emails_deleted: number;
}

export const waitlistApi = {
  list: (filter: WaitlistFilter, limit: number, offset: number) =>
    api.get<WaitlistPage>('/waitlist', { query: { status: filter.status, q: filter.q, limit, offset } }),
  delete: (id: string) => api.delete<WaitlistDeleted>(`/waitlist/${encodeURIComponent(id)}`),
  erase: (email: string) => api.post<WaitlistDeleted>('/waitlist/erase', { email }),
  /** The export needs the bearer header, so it is fetched and handed to the browser as a file, not linked. */
  async exportCsv(filter: WaitlistFilter): Promise<Blob> {
    const token = getToken();
    const res = await fetch(`${API_BASE}/waitlist/export.csv${buildQuery({ status: filter.status, q: filter.q })}`, {
      headers: { Accept: 'text/csv', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    if (!res.ok) {
      let body = { message: `Export failed (${res.status})`, code: `http_${res.status}` };
      try {
        body = { ...body, ...(JSON.parse(await res.text()) as object) };
      } catch {
        // not the envelope: keep the generic message
      }
      throw new ApiError(res.status, body);
    }
    return res.blob();
  },
};
