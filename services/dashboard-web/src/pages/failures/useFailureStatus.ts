// Status changes (open / ack / resolved) with an optimistic update: every cached copy of the failure changes at
// once, and is rolled back if the server refuses.
import { track } from '../../analytics/analytics';
import { EVENTS } from '../../analytics/events';
import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { failuresApi } from '../../api/endpoints';
import type { FailureStatus, FailureView, Page } from '../../api/types';
import { errorMessage } from '../../components/States';
import { useToast } from '../../components/Toast';
import { statusLabel } from '../../lib/format';

type Snapshot = [QueryKey, unknown][];

function patch(data: unknown, ids: Set<string>, status: FailureStatus): unknown {
  const apply = (f: FailureView) => (ids.has(f.id) ? { ...f, status, status_changed_at: new Date().toISOString() } : f);
  if (Array.isArray(data)) return (data as FailureView[]).map(apply);
  const inf = data as InfiniteData<Page<FailureView>> | undefined;
  if (inf && Array.isArray(inf.pages))
    return { ...inf, pages: inf.pages.map((p) => ({ ...p, items: p.items.map(apply) })) };
  return data;
}

export function useFailureStatus() {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async ({ ids, status }: { ids: string[]; status: FailureStatus }) => {
      if (ids.length === 1) await failuresApi.setStatus(ids[0], status);
      else await failuresApi.bulkStatus(ids, status);
    },
    onMutate: async ({ ids, status }): Promise<Snapshot> => {
      const set = new Set(ids);
      const filters = [{ queryKey: ['conversation-failures'] }, { queryKey: ['failures', 'list'] }];
      await Promise.all(filters.map((f) => queryClient.cancelQueries(f)));
      const snapshot: Snapshot = filters.flatMap((f) => queryClient.getQueriesData(f));
      for (const [key, data] of snapshot) queryClient.setQueryData(key, patch(data, set, status));
      return snapshot;
    },
    onError: (err, _vars, snapshot) => {
      snapshot?.forEach(([key, data]) => queryClient.setQueryData(key, data));
      toast(`Could not change the status: ${errorMessage(err)}`, 'error');
    },
    onSuccess: (_r, { ids, status }) => {
      if (status === 'resolved') track(EVENTS.failureResolved, { count: ids.length });
      toast(
        ids.length === 1
          ? `Failure marked ${statusLabel(status).toLowerCase()}`
          : `${ids.length} failures marked ${statusLabel(status).toLowerCase()}`,
      );
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: ['conversation-failures'] });
      queryClient.invalidateQueries({ queryKey: ['failures'] });
      queryClient.invalidateQueries({ queryKey: ['summary'] });
    },
  });
}
