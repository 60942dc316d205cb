import { describe, expect, it, vi } from 'vitest';
import { formatChange, formatComparison, localDate } from '../src/lib/format';

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

describe('localDate', () => {
  it('localDate__matchesToLocaleString_andBuildsOneFormatterPerOptionSet', () => {
    const d = new Date('2025-03-04T05:06:07Z');
    for (const options of [
      { dateStyle: 'medium', timeStyle: 'short' },
      { hour: '2-digit', minute: '2-digit', second: '2-digit' },
      { month: 'short', day: 'numeric' },
    ] as Intl.DateTimeFormatOptions[]) {
      expect(localDate(d, options)).toBe(d.toLocaleString(undefined, options));
    }
    expect(localDate(new Date('nope'), { month: 'short' })).toBe('Invalid Date');
    const Real = Intl.DateTimeFormat;
    let made = 0;
    const counting = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      made++;
      return new Real(...args);
    };
    vi.stubGlobal('Intl', Object.create(Intl, { DateTimeFormat: { value: counting } }));
    // an option set no other test uses: the first call makes its formatter, the next 49 reuse it
    for (let i = 0; i < 50; i++) localDate(new Date(d.getTime() + i * 60_000), { weekday: 'long', hour: 'numeric' });
    vi.unstubAllGlobals();
    expect(made).toBe(1);
  });
});
