// The two themes of www/src/basic/style/theme.css meet WCAG AA: text on the filled ballots, badges and
// buttons at least 4.5:1, ballots and message types against the island at least 3:1, and
// the ballot colours of competing owners (and of odd and even rounds) all different.
import { describe, expect, it } from 'vitest';
import { MULTI_DIAGRAM } from '../src/multi/diagram';

// Read from disk with Node's fs (Vitest hands `?raw` CSS to its CSS pipeline, which empties
// it); the module name is a variable so the browser-only type check does not need Node types.
const FS = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ FS)) as { readFileSync(path: URL, encoding: 'utf8'): string };
const css = readFileSync(new URL('../src/basic/style/theme.css', import.meta.url), 'utf8');
// The dark colours of Multi-Paxos's own message types are its page's.
const multiCss = readFileSync(new URL('../src/multi/stage.css', import.meta.url), 'utf8');
const DARK = '@media (prefers-color-scheme: dark)';

/** The custom properties of the first rule for `.pg-theme` after `from` in `text`. */
function props(from: number, text = css): Map<string, string> {
  const start = text.indexOf('.pg-theme {', from);
  const body = text.slice(start, text.indexOf('}', start));
  return new Map([...body.matchAll(/(--pg-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}
// The light theme's message-type colours are spacetime.ts's and diagram.ts's own (the CSS
// names only dark ones). Multi-Paxos's diagram draws the six of Basic Paxos and ten more.
const light = new Map([...Object.entries(MULTI_DIAGRAM.styles).map(([t, st]) => [`--pg-t-${t}`, st.colour] as [string, string]), ...props(0)]);
const darkOwn = new Map([...props(css.indexOf(DARK)), ...props(multiCss.indexOf(DARK), multiCss)]);
const dark = new Map([...light, ...darkOwn]);

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** sRGB mix as color-mix(in srgb, a, b p) computes it. */
function mix(a: string, b: string, p: number): string {
  const ch = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2].map((i) => Math.round(ch(a, i) * (1 - p) + ch(b, i) * p).toString(16).padStart(2, '0')).join('')}`;
}

const BALLOTS = [...Array(8).keys()].flatMap((i) => [`--pg-b${i}`, `--pg-b${i}e`]).concat('--pg-muted');
const TYPES = MULTI_DIAGRAM.types.map((t) => `--pg-t-${t}`);

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s theme', (_name, t) => {
  const c = (k: string): string => {
    const v = t.get(k) ?? '';
    // `color-mix(in srgb, var(--a), var(--pg-mix))`, --pg-mix being `#rrggbb p%`.
    const m = /^color-mix\(in srgb, var\((--[\w-]+)\), var\(--pg-mix\)\)$/.exec(v);
    if (m) {
      const [other, pct] = t.get('--pg-mix')!.split(' ');
      return mix(c(m[1]!), other!, parseFloat(pct!) / 100);
    }
    expect(v, k).toMatch(/^#[0-9a-f]{6}$/i);
    return v;
  };
  it('has AA text on every ballot colour, and every ballot stands out from the island', () => {
    for (const b of BALLOTS) {
      expect(contrast(c(b), c('--pg-on-fill')), `${b} text`).toBeGreaterThanOrEqual(4.5);
      // A nack envelope: the ballot's colour as text on the surface.
      expect(contrast(c(b), c('--pg-surface')), `${b} on surface`).toBeGreaterThanOrEqual(4.5);
    }
    expect(new Set(BALLOTS.map(c)).size).toBe(BALLOTS.length);
    // The Race button is S2's colour, as text on the surface: covered above (--pg-b1).
  });
  it('has AA text on buttons, badges and banners', () => {
    expect(contrast(c('--pg-accent'), c('--pg-on-fill'))).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c('--pg-accent'), c('--pg-surface'))).toBeGreaterThanOrEqual(4.5);
    for (const b of ['--pg-ok', '--pg-down']) expect(contrast(c(b), c('--pg-on-fill')), b).toBeGreaterThanOrEqual(4.5);
    for (const [fg, bg] of [
      ['--pg-ink', '--pg-surface'],
      ['--pg-ink', '--pg-bg'],
      ['--pg-muted', '--pg-surface'],
      ['--pg-muted', '--pg-sunk'],
      ['--pg-ok', '--pg-ok-bg'],
      ['--pg-ok', '--pg-surface'],
      ['--pg-danger', '--pg-danger-bg'],
      ['--pg-warn', '--pg-surface'],
      ['--pg-cut', '--pg-surface'],
    ]) {
      expect(contrast(c(fg!), c(bg!)), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });
  it('draws every message type at least 3:1 against the diagram', () => {
    for (const k of TYPES) expect(contrast(c(k), c('--pg-surface')), k).toBeGreaterThanOrEqual(3);
  });
  it('names a dark colour for every message type of both protocols', () => {
    for (const k of TYPES) expect(darkOwn.has(k) || _name === 'light', k).toBe(true);
  });
});
