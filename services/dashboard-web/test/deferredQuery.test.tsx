import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useDeferredQuery } from '../src/lib/useDeferredQuery';
import { pageChunkFor } from '../src/App';

const options = { queryKey: ['answer'], queryFn: async () => 42 };

/** Logs, render by render, the status useQuery has and the one the card draws from. */
function Card({ log }: { log: string[] }) {
  const latest = useQuery(options);
  const shown = useDeferredQuery(options);
  log.push(`${latest.status}/${shown.status}`);
  return <p>{shown.isPending ? 'loading' : `answer ${shown.data}`}</p>;
}

describe('useDeferredQuery', () => {
  it('keepsThePreviousResultInTheUrgentRender_thenDrawsTheAnswer', async () => {
    const log: string[] = [];
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <Card log={log} />
      </QueryClientProvider>,
    );
    expect(screen.getByText('loading')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('answer 42')).toBeInTheDocument());
    // the render the answer's arrival forced kept the skeleton (cheap, synchronous); the chart came in the next one
    expect(log).toContain('success/pending');
    expect(log[log.length - 1]).toBe('success/success');
  });
});

describe('pageChunkFor', () => {
  it.each([
    ['/', 'overview'],
    ['/conversations', 'conversations'],
    ['/conversations/7f1c', 'conversation'],
    ['/c/order/123', 'conversationByExternalId'],
    ['/failures', 'failures'],
    ['/patterns', 'patterns'],
    ['/api-keys', 'apiKeys'],
    ['/settings', 'settings'],
    ['/members', 'members'],
    ['/waitlist', 'waitlist'],
    ['/login', 'login'],
    ['/nowhere', 'notFound'],
  ])('%s opens the %s chunk', (path, chunk) => {
    expect(pageChunkFor(path)).toBe(chunk);
  });
});
