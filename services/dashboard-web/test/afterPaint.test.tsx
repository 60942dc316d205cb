import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { useStagesAfterPaint } from '../src/lib/afterPaint';

function Staged({ log }: { log: number[] }) {
  const stage = useStagesAfterPaint(3);
  log.push(stage);
  return <p>stage {stage}</p>;
}

describe('useStagesAfterPaint', () => {
  it('startsAtZero_thenRevealsOneStagePerPaint_upToTheCount', async () => {
    const log: number[] = [];
    render(<Staged log={log} />);
    expect(screen.getByText('stage 0')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('stage 3')).toBeInTheDocument());
    // every stage was rendered on its own (a commit each), in order, and it stops at the count
    const seen = log.filter((s, i) => i === 0 || s !== log[i - 1]);
    expect(seen).toEqual([0, 1, 2, 3]);
    await new Promise((r) => setTimeout(r, 100));
    expect(screen.getByText('stage 3')).toBeInTheDocument();
  });
});
