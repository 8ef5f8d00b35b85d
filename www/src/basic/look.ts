// How the views look, for every protocol, without words: a ballot's colour, a node's accent,
// rough text widths for fitting labels into SVG boxes, and virtual time as text. No DOM and
// no texts of a page (unit-tested in www/test/labels.test.ts); labels.ts says Basic Paxos's
// messages and phases.

import { msText } from '../i18n/i18n';
import type { Ballot } from '../core/protocol';

// ---- Colours ------------------------------------------------------------------------
// Colours are the theme's custom properties (style.css, light and dark): a ballot's colour
// follows prefers-color-scheme without redrawing. Set them with `style`, never as an SVG
// presentation attribute (which does not read var()).

const HUES = 8;
/** `decide` carries no ballot: a neutral slate. */
export const DECIDE_COLOUR = 'var(--pg-muted)';

/** The colour of a node's own ballots (index in the snapshot's node list). */
export function ownerColour(index: number): string {
  return `var(--pg-b${((index % HUES) + HUES) % HUES})`;
}

/** A stable colour per ballot owner and round (a deeper shade for even rounds), so competing proposals differ at a glance. */
export function ballotColour(b: Ballot | null, names: readonly string[]): string {
  if (!b) return DECIDE_COLOUR;
  const i = Math.max(0, names.indexOf(b.node)) % HUES;
  return `var(--pg-b${i}${b.round % 2 === 0 ? 'e' : ''})`;
}

/** Even rounds are also striped: two rounds of one owner differ without colour. */
export function evenRound(b: Ballot | null): boolean {
  return b !== null && b.round % 2 === 0;
}

// ---- Text fitting (no measuring: a width estimate in em) -----------------------------

/** True for characters drawn about 1em wide: CJK, Hangul, full-width forms, emoji. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Estimated width of `s` in em for a proportional sans-serif font. */
export function textEm(s: string): number {
  let em = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (isWide(cp)) em += 1;
    else if (ch === ' ' || ch === '.' || ch === ',' || ch === ':' || ch === 'i' || ch === 'l' || ch === '/') em += 0.3;
    else if (ch >= 'A' && ch <= 'Z') em += 0.66;
    else em += 0.56;
  }
  return em;
}

/** `s` cut (with `…`) to at most `maxEm` wide. */
export function fitText(s: string, maxEm: number): string {
  if (textEm(s) <= maxEm) return s;
  let out = '';
  let em = textEm('…');
  for (const ch of s) {
    const w = textEm(ch);
    if (em + w > maxEm) break;
    out += ch;
    em += w;
  }
  return out + '…';
}

/** `164 ms`: virtual time, whole milliseconds. */
export function timeText(ms: number): string {
  return msText(ms);
}
