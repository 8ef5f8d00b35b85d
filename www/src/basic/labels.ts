// Basic Paxos in words for the views: ballot, vote and message labels, phase names, a
// proposer's progress (colours and text fitting are look.ts's, for every protocol).
// No DOM here (unit-tested in www/test/labels.test.ts).

import { t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { exhaustive, type Ballot, type Msg, type Phase, type ProposerView, type Vote } from '../core/protocol';

// Colours, text fitting and times are look.ts's, for every protocol's views.
export { ballotColour, DECIDE_COLOUR, evenRound, fitText, ownerColour, textEm, timeText } from './look';

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

/** Bytes of UTF-8 in `s` (values are limited to 256). */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

