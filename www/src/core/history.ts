// Time travel on the page's side, pure (unit-tested in www/test/history.test.ts): whether a
// note for an action that writes no trace line (a link fault, the network mode) belongs to
// the moment shown, a trace file's lines, and the words for a position and a branch (the
// lines the page holds are book.ts's). The simulator decides everything; this only keeps
// what it said.

import type { History, TraceLine } from './protocol';
import { t } from '../i18n/i18n';
import '../i18n/i18n-en-island'; // its English texts


/** Where on the timeline something was done: its branch and the position right after it. */
export interface Moment {
  branch: number;
  position: number;
}

/**
 * Whether what was done at `m` is part of the moment `h` shows: on the current branch up
 * to its position, or on an ancestor branch up to where the path forked from it.
 */
export function visibleAt(m: Moment, h: History): boolean {
  let branch = h.branch;
  let limit = h.position;
  for (let guard = 0; guard <= h.branches.length; guard++) {
    if (m.branch === branch) return m.position <= limit;
    const b = h.branches[branch];
    if (!b || b.parent === null) return false;
    limit = Math.min(limit, b.forkAt);
    branch = b.parent;
  }
  return false;
}

/** `event 37 of 120` */
export function positionText(h: History): string {
  return t('hist.position', { position: String(h.position), length: String(h.length) });
}

/** `branch 2 of 2, forked from branch 1 at event 37`; '' while there is one branch. */
export function branchText(h: History): string {
  if (h.branches.length < 2) return '';
  const b = h.branches[h.branch];
  const of = t('hist.branch', { branch: String(h.branch + 1), count: String(h.branches.length) });
  return b && b.parent !== null ? t('hist.forked', { of, parent: String(b.parent + 1), at: String(b.forkAt) }) : of;
}

/** A short name for a branch in a list: `branch 1 (120 events)`. */
export function branchOption(h: History, i: number): string {
  const b = h.branches[i]!;
  return b.parent === null
    ? t('hist.option', { branch: String(i + 1), n: String(b.length) })
    : t('hist.optionFrom', { branch: String(i + 1), n: String(b.length), parent: String(b.parent + 1), at: String(b.forkAt) });
}

/** The event lines of a paxos-trace v1 text (the header line left out). */
export function parseTrace<L extends { step: number } = TraceLine>(text: string): L[] {
  const out: L[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const x = JSON.parse(line) as L | { format: string };
    if ('step' in x) out.push(x);
  }
  return out;
}
