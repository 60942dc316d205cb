// The colour tokens of global.css, light and dark: every text colour against the backgrounds it is used on keeps
// WCAG AA contrast (4.5:1), focus rings and chart marks 3:1 (WCAG 1.4.11). Read from the stylesheet itself, so a
// changed token is checked as it ships.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const css = readFileSync(join(__dirname, '..', 'src', 'styles', 'global.css'), 'utf8');

/** The custom properties declared in the first `:root { … }` after `from` (no nested braces inside). */
function tokens(from: number): Record<string, string> {
  const start = css.indexOf(':root {', from);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = tokens(0);
const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');
const dark = { ...light, ...tokens(darkAt) };

function rgb(value: string): [number, number, number] {
  const hex = value.match(/^#([0-9a-f]{6})$/i);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) as [number, number, number];
  throw new Error(`not an opaque #rrggbb colour: ${value}`);
}

function luminance(value: string): number {
  const [r, g, b] = rgb(value).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = '#ffffff';
// [text token (or literal), background token, minimum ratio]: where each pair appears in the dashboard
const PAIRS: [string, string, number][] = [
  ['--text', '--bg', 4.5],
  ['--text', '--surface', 4.5],
  ['--text', '--surface-2', 4.5],
  ['--text', '--surface-hover', 4.5],
  ['--text-muted', '--bg', 4.5],
  ['--text-muted', '--surface', 4.5],
  ['--text-muted', '--surface-2', 4.5],
  ['--text-muted', '--surface-hover', 4.5], // neutral badges
  ['--text-faint', '--surface', 4.5],
  ['--primary-text', '--surface', 4.5], // links
  ['--primary-text', '--bg', 4.5],
  ['--primary-text', '--primary-soft', 4.5], // selected segment, primary badge
  ['--on-primary', '--primary', 4.5], // primary buttons
  ['--on-primary', '--primary-hover', 4.5],
  [WHITE, '--danger', 4.5], // danger buttons, error toasts
  [WHITE, '--danger-hover', 4.5],
  ['--good', '--good-bg', 4.5],
  ['--warn', '--warn-bg', 4.5],
  ['--bad', '--bad-bg', 4.5],
  ['--info', '--info-bg', 4.5],
  ['--bad', '--surface', 4.5], // field errors
  ['--sidebar-text', '--sidebar-bg', 4.5],
  ['--sidebar-text', '--sidebar-hover', 4.5],
  ['--sidebar-active', '--sidebar-active-bg', 4.5],
  ['--sidebar-section', '--sidebar-bg', 4.5],
  ['--code-text', '--code-bg', 4.5],
  ['--code-text', '--code-copy-bg', 4.5],
  ['--toast-text', '--toast-bg', 4.5],
  ['--text', '--msg-user-bg', 4.5],
  ['--text', '--evidence-bg', 4.5],
  ['--text', '--mark-bg', 4.5], // highlighted evidence excerpt
  ['--chart-axis', '--surface', 4.5], // axis labels are text
  ['--focus', '--surface', 3],
  ['--focus', '--bg', 3],
  ['--good-solid', '--surface', 3], // chart bars, progress
  ['--warn-solid', '--surface', 3],
  ['--bad-solid', '--surface', 3],
  ['--primary', '--surface', 3], // the progress bar, the selected tab's underline
];

const value = (scheme: Record<string, string>, t: string) => (t.startsWith('--') ? scheme[t] : t);

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s palette', (_name, scheme) => {
  it.each(PAIRS)('%s on %s reaches %s:1', (fg, bg, min) => {
    const ratio = contrast(value(scheme, fg), value(scheme, bg));
    expect(
      ratio,
      `${fg} ${value(scheme, fg)} on ${bg} ${value(scheme, bg)}: ${ratio.toFixed(2)}:1`,
    ).toBeGreaterThanOrEqual(min);
  });
});

describe('the dark scheme', () => {
  it('redefines every colour token of the light scheme that is a colour', () => {
    const colours = Object.keys(light).filter((k) => /^(#|rgba?\()/.test(light[k]));
    const darkOwn = tokens(darkAt);
    const missing = colours.filter((k) => !(k in darkOwn));
    expect(missing).toEqual([]);
  });

  it('is dark: the page background is darker than its text', () => {
    expect(luminance(dark['--bg'])).toBeLessThan(0.02);
    expect(luminance(dark['--text'])).toBeGreaterThan(0.7);
  });

  it('makes the browser draw its controls to match (color-scheme: light dark)', () => {
    expect(css).toMatch(/:root\s*{[^}]*color-scheme:\s*light dark/);
  });

  it('leaves no hard-coded colour outside the token blocks, except white on the solid fills', () => {
    const afterTokens = css.slice(css.indexOf('}', css.indexOf(':root {', darkAt)) + 1);
    const literals = [...afterTokens.matchAll(/#[0-9a-f]{3,8}\b|rgba?\([^)]*\)/gi)].map((m) => m[0].toLowerCase());
    expect(literals.filter((l) => l !== '#fff')).toEqual([]);
  });
});

it('computes WCAG contrast correctly (black on white is 21:1)', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
});
