// A node's notebook over time, recomputed from trace lines (pure; unit-tested in
// www/test/notebook.test.ts). An acceptor writes a promise when it sends `promise`, a vote
// (and the promise that goes with it) when it sends `accepted`; a learner writes what it
// learned on `learn`. Crashes and restarts are marked too (the notebook survives them).

import type { Ballot, TraceLine, Vote } from '../core/protocol';
import { ballotText, voteText } from './labels';

export type NotebookField = 'promised' | 'accepted' | 'learned' | 'down' | 'up';

export interface NotebookChange {
  step: number;
  time: number;
  field: NotebookField;
  /** What it says from then on, e.g. `2.S1`, `1.S2 = 2元/度`. */
  text: string;
}

const same = (a: Ballot | null, b: Ballot) => a !== null && a.round === b.round && a.node === b.node;
const sameVote = (a: Vote | null, b: Vote) => a !== null && same(a.ballot, b.ballot) && a.value === b.value;

/** Every change to `node`'s notebook in `lines`, oldest first. */
export function notebookHistory(lines: readonly TraceLine[], node: string): NotebookChange[] {
  const out: NotebookChange[] = [];
  let promised: Ballot | null = null;
  let accepted: Vote | null = null;
  let learned: string | null = null;
  const add = (l: TraceLine, field: NotebookField, text: string) => out.push({ step: l.step, time: l.time, field, text });
  for (const l of lines) {
    switch (l.event) {
      case 'send':
        if (l.from !== node) break;
        if (l.msg.type === 'promise' || l.msg.type === 'accepted') {
          if (!same(promised, l.msg.ballot)) {
            promised = l.msg.ballot;
            add(l, 'promised', ballotText(promised));
          }
        }
        if (l.msg.type === 'accepted') {
          const vote = { ballot: l.msg.ballot, value: l.msg.value };
          if (!sameVote(accepted, vote)) {
            accepted = vote;
            add(l, 'accepted', voteText(vote));
          }
        }
        break;
      case 'learn':
        if (l.node === node && learned !== l.value) {
          learned = l.value;
          add(l, 'learned', l.value);
        }
        break;
      case 'crash':
        if (l.node === node) add(l, 'down', 'crashed');
        break;
      case 'restart':
        if (l.node === node) add(l, 'up', 'restarted');
        break;
      default:
        break;
    }
  }
  return out;
}
