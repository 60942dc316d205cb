import { describe, expect, it } from 'vitest';
import { formatChange, formatComparison } from '../src/lib/format';

describe('formatChange', () => {
  it('writes ordinary changes as signed percentages', () => {
    expect(formatChange(0.125)).toBe('+12.5%');
    expect(formatChange(-0.03)).toBe('−3%');
    expect(formatChange(0)).toBe('0%');
    expect(formatChange(null)).toBe('—');
  });

  it('writes ten-fold and larger rises as a factor', () => {
    expect(formatChange(9)).toBe('10×');
    expect(formatChange(41)).toBe('42×');
  });

  it('writes a rise over a tiny base as "new", not "+715492.7%"', () => {
    expect(formatChange(7154.927)).toBe('new');
    expect(formatChange(Infinity)).toBe('new');
  });
});

describe('formatComparison', () => {
  it('is "new" when the previous period had none', () => {
    expect(formatComparison({ current: 12, previous: 0, change: null })).toBe('new');
  });

  it('is "—" when neither period had any', () => {
    expect(formatComparison({ current: 0, previous: 0, change: null })).toBe('—');
  });

  it('falls back to the change otherwise', () => {
    expect(formatComparison({ current: 110, previous: 100, change: 0.1 })).toBe('+10%');
  });
});
