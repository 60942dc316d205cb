import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { niceTicks } from '../src/charts/BarChart';
import FailureTrendChart from '../src/charts/FailureTrendChart';
import HealthDistributionChart from '../src/charts/HealthDistributionChart';

describe('charts', () => {
  it('niceTicks__coverTheMaximumWithRoundSteps', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(210)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(2)).toEqual([0, 1, 2]);
  });

  it('stackedTrend__drawsOnlyPresentTypes_andGivesScreenReadersATable', () => {
    const { container } = render(
      <FailureTrendChart
        points={[
          { day: '2025-01-01', counts: { user_frustration: 2, pii_exposure: 0, agent_refusal: 1 }, total: 3 },
          { day: '2025-01-02', counts: { user_frustration: 0, pii_exposure: 0, agent_refusal: 4 }, total: 4 },
        ]}
      />,
    );
    // 3 non-zero segments
    expect(container.querySelectorAll('svg rect[fill="#d9480f"], svg rect[fill="#7048e8"]')).toHaveLength(3);
    const table = screen.getByRole('table', { name: 'Failures per day by type' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Day', 'Agent refusal', 'User frustration', 'Total']);
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('2025-01-02404');
    // hovering a day shows its breakdown
    const bands = container.querySelectorAll('svg rect[fill="transparent"]');
    fireEvent.mouseEnter(bands[1]);
    expect(container.querySelector('.tt')).toHaveTextContent('Agent refusal: 4');
  });

  it('histogram__oneBarPerBucket', () => {
    const buckets = Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i * 10 + 10, count: i }));
    const { container } = render(<HealthDistributionChart buckets={buckets} />);
    expect(container.querySelectorAll('svg rect[rx="3"]')).toHaveLength(9); // the 0-count bucket draws nothing
    expect(screen.getByRole('table', { name: 'Conversations per health score range' })).toHaveTextContent('90 to 1009');
  });
});
