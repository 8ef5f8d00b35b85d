// Unit tests for www/src/basic/notebook.ts: a node's notebook over time, from the island race.
import { describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import { notebookHistory } from '../src/basic/notebook';
import type { TraceLine } from '../src/core/protocol';

const race: TraceLine[] = raceTrace
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l) as TraceLine);

describe('notebook history', () => {
  it("follows S1's promises, its vote and what it learned", () => {
    const h = notebookHistory(race, 'S1');
    expect(h.map((c) => `${c.step} ${c.field} ${c.text}`)).toEqual([
      '10 promised 1.S1',
      '16 promised 1.S2',
      '37 accepted 1.S2 = 2元/度',
      '43 promised 2.S1',
      '53 learned 2元/度',
    ]);
  });

  it('writes a change once: a promise repeated is no change', () => {
    const l = (step: number, event: object) => ({ step, time: step, ...event }) as TraceLine;
    const b = { round: 1, node: 'S2' };
    const h = notebookHistory(
      [
        l(1, { event: 'send', id: 1, from: 'S3', to: 'S2', msg: { type: 'promise', ballot: b, accepted: null } }),
        l(2, { event: 'send', id: 2, from: 'S3', to: 'S2', msg: { type: 'promise', ballot: b, accepted: null } }),
        l(3, { event: 'send', id: 3, from: 'S3', to: 'S2', msg: { type: 'accepted', ballot: b, value: 'x' } }),
        l(4, { event: 'send', id: 4, from: 'S3', to: 'S1', msg: { type: 'nack', ballot: { round: 1, node: 'S1' }, promised: b } }),
        l(5, { event: 'crash', node: 'S3' }),
        l(6, { event: 'restart', node: 'S3' }),
        l(7, { event: 'learn', node: 'S3', slot: 0, value: 'x' }),
        l(8, { event: 'learn', node: 'S2', slot: 0, value: 'x' }),
      ],
      'S3',
    );
    expect(h.map((c) => `${c.step} ${c.field} ${c.text}`)).toEqual([
      '1 promised 1.S2',
      '3 accepted 1.S2 = x',
      '5 down crashed',
      '6 up restarted',
      '7 learned x',
    ]);
  });
});
