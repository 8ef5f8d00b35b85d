// Pure text and colour helpers for the island: ballot and message labels, phase names,
// the colour of a ballot, and rough text widths for fitting labels into SVG boxes.
// No DOM here (unit-tested in www/test/labels.test.ts).

import { msText, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { exhaustive, type Ballot, type Msg, type Phase, type ProposerView, type Vote } from '../core/protocol';

/** `2.S1`: round 2 of S1, as the simulator writes ballots. */
export function ballotText(b: Ballot): string {
  return `${b.round}.${b.node}`;
}

/** `1.S2 = 2元/度` */
export function voteText(v: Vote): string {
  return `${ballotText(v.ballot)} = ${v.value}`;
}

/** The label on an envelope, e.g. `promise 2.S1 (accepted 1.S2 = 2元/度)`. */
export function msgLabel(m: Msg): string {
  switch (m.type) {
    case 'prepare':
      return t('msg.prepare', { b: ballotText(m.ballot) });
    case 'promise':
      return m.accepted
        ? t('msg.promiseAccepted', { b: ballotText(m.ballot), vote: voteText(m.accepted) })
        : t('msg.promise', { b: ballotText(m.ballot) });
    case 'accept':
      return t('msg.accept', { b: ballotText(m.ballot), value: m.value });
    case 'accepted':
      return t('msg.accepted', { b: ballotText(m.ballot), value: m.value });
    case 'nack':
      return t('msg.nack', { b: ballotText(m.promised) });
    case 'decide':
      return t('msg.decide', { value: m.value });
    default:
      return exhaustive(m);
  }
}

/** The ballot a message is about (what colours it); null for `decide`. */
export function msgBallot(m: Msg): Ballot | null {
  switch (m.type) {
    case 'prepare':
    case 'promise':
    case 'accept':
    case 'accepted':
    case 'nack':
      return m.ballot;
    case 'decide':
      return null;
    default:
      return exhaustive(m);
  }
}

/** What people call a proposer's phase. */
export function phaseName(p: Phase): string {
  switch (p) {
    case 'idle':
      return t('phase.idle');
    case 'preparing':
      return t('phase.preparing');
    case 'accepting':
      return t('phase.accepting');
    case 'backing-off':
      return t('phase.backingOff');
    case 'decided':
      return t('phase.decided');
    default:
      return exhaustive(p);
  }
}

/** The proposer's progress line, e.g. `ballot 2.S1 · promises 1/2`; '' when idle or done.
 * `accept` is the accepteds it needs when that differs (Flexible Paxos). */
export function progressText(p: ProposerView, quorum: number, accept = quorum): string {
  const b = p.ballot ? t('progress.ballot', { b: ballotText(p.ballot) }) : '';
  const count = (what: string, n: number, q = quorum) => `${what} ${n}/${q}${n >= q ? ' ✓' : ''}`;
  switch (p.phase) {
    case 'idle':
      return '';
    case 'preparing':
      return `${b} · ${count(t('progress.promises'), p.promises.length)}`;
    case 'accepting':
      return `${b} · ${count(t('progress.accepteds'), p.accepteds.length, accept)}`;
    case 'backing-off':
      return p.timer === null ? t('progress.failed', { ballot: b }) : t('progress.failedRetry', { ballot: b, n: String(p.timer) });
    case 'decided':
      return '';
    default:
      return exhaustive(p.phase);
  }
}

/** The value a proposer is pushing: its own, or one it adopted from a promise. */
export function proposalText(p: ProposerView): string {
  if (p.phase === 'idle' || p.phase === 'decided') return '';
  const v = p.proposal ?? p.value;
  if (v === null) return '';
  return p.proposal !== null && p.value !== null && p.proposal !== p.value ? t('proposal.adopted', { value: v }) : v;
}

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

/** Bytes of UTF-8 in `s` (values are limited to 256). */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** `164 ms`: virtual time, whole milliseconds. */
export function timeText(ms: number): string {
  return msText(ms);
}
