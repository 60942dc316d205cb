// Waitlist admin API (admin-api, admins only): list, CSV export, deletion on request. Kept beside the page so the
// waitlist is one folder.
import { api, ApiError, API_BASE, buildQuery } from '../../api/client';
import { getToken } from '../../auth/session';
import type { components } from '../../api/schema.gen';

// the wire shapes come from admin-api's OpenAPI document (src/api/schema.gen.ts, `make openapi`)
type Schemas = components['schemas'];
export type WaitlistEntry = Schemas['WaitlistEntry'];
export type WaitlistStatus = WaitlistEntry['status'];
export type WaitlistPage = Schemas['WaitlistPage'];

export interface WaitlistFilter {
  status?: WaitlistStatus | '';
  q?: string;
}

export type WaitlistDeleted = Schemas['WaitlistDeleted'];

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
