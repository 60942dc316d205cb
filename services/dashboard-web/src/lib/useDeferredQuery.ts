// useQuery for a card whose answer is costly to draw (a chart, a table). React Query hands its results to React
// through useSyncExternalStore, and React renders every such update synchronously, in one block: on a slow phone the
// render of a chart whose data just arrived is one long task. Deferring the result lets that urgent render keep the
// previous one (a skeleton, the first time: cheap), then React draws the new one in a transition, in slices that yield
// to input between components.
import { useDeferredValue } from 'react';
import { useQuery, type QueryKey, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';

export function useDeferredQuery<
  TQueryFnData,
  TError = Error,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
>(options: UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>): UseQueryResult<TData, TError> {
  return useDeferredValue(useQuery(options));
}
