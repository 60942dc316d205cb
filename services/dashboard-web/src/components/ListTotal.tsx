// "1,234 conversations", "10,000+ conversations" or "≈1.2M conversations" beside a list's title.
import type { ListCount } from '../api/lists';
import { formatNumber } from '../lib/format';

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

export function formatListCount(c: ListCount, noun: string, plural = `${noun}s`): string {
  const word = c.count === 1 && c.exact ? noun : plural;
  if (c.method === 'at_least') return `${formatNumber(c.count)}+ ${word}`;
  if (c.method === 'estimate') return `≈${compact.format(c.count)} ${word}`;
  return `${formatNumber(c.count)} ${word}`;
}

export function ListTotal({
  count,
  noun,
  plural,
  pending,
}: {
  count: ListCount | undefined;
  noun: string;
  plural?: string;
  pending: boolean;
}) {
  if (!count) {
    return pending ? (
      <span className="list-total muted" aria-busy="true">
        Counting…
      </span>
    ) : null;
  }
  const title =
    count.method === 'exact'
      ? undefined
      : count.method === 'at_least'
        ? `More than ${formatNumber(count.cap)}: counted exactly up to ${formatNumber(count.cap)}`
        : 'Estimated from database statistics (counting exactly would take too long)';
  return (
    <span className="list-total" data-testid="list-total" title={title}>
      {formatListCount(count, noun, plural)}
    </span>
  );
}
