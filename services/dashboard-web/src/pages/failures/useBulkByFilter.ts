// "Acknowledge all 3,214 matching": one request for the whole filter. The server refuses (409) when more failures
// match now than the count the person saw, so the page refreshes the count and asks again rather than guessing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/client';
import { triageApi, type FailureListFilter } from '../../api/triage';
import type { FailureStatus } from '../../api/types';
import { errorMessage } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatNumber, statusLabel } from '../../lib/format';

export interface BulkByFilterVars {
  filter: FailureListFilter;
  expectedCount: number;
  status: FailureStatus;
}

export function useBulkByFilter(onDone?: () => void) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ filter, expectedCount, status }: BulkByFilterVars) =>
      triageApi.bulkByFilter(filter, expectedCount, status),
    onSuccess: (result, { status }) => {
      const unchanged = result.unchanged > 0 ? ` (${formatNumber(result.unchanged)} already were)` : '';
      toast(
        `${formatNumber(result.updated)} failure${result.updated === 1 ? '' : 's'} marked ${statusLabel(status).toLowerCase()}${unchanged}`,
      );
      onDone?.();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        toast(`More failures match now than you confirmed: review the new count and try again.`, 'error');
      } else {
        toast(`Could not change the status: ${errorMessage(err)}`, 'error');
      }
    },
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: ['failures'] });
      queryClient.invalidateQueries({ queryKey: ['conversation-failures'] });
      queryClient.invalidateQueries({ queryKey: ['summary'] });
    },
  });
}
