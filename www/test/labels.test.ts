// Unit tests for www/src/basic/labels.ts: envelope labels, phase names, progress lines, colours,
// text fitting.
import { describe, expect, it } from 'vitest';
import {
  ballotColour,
  ballotText,
  DECIDE_COLOUR,
  fitText,
  msgLabel,
  phaseName,
  progressText,
  proposalText,
  textEm,
  timeText,
  utf8Bytes,
} from '../src/basic/labels';
import type { Ballot, ProposerView } from '../src/core/protocol';

const b = (round: number, node: string): Ballot => ({ round, node });

describe('message labels', () => {
  it('reads like the issue says', () => {
    expect(msgLabel({ type: 'prepare', ballot: b(2, 'S1') })).toBe('prepare 2.S1');
    expect(msgLabel({ type: 'promise', ballot: b(2, 'S1'), accepted: { ballot: b(1, 'S2'), value: '2元/度' } })).toBe(
      'promise 2.S1 (accepted 1.S2 = 2元/度)',
    );
    expect(msgLabel({ type: 'promise', ballot: b(2, 'S1'), accepted: null })).toBe('promise 2.S1');
    expect(msgLabel({ type: 'accept', ballot: b(2, 'S1'), value: '1元/度' })).toBe('accept 2.S1 = 1元/度');
    expect(msgLabel({ type: 'accepted', ballot: b(2, 'S1'), value: '1元/度' })).toBe('accepted 2.S1 = 1元/度');
    expect(msgLabel({ type: 'nack', ballot: b(2, 'S1'), promised: b(3, 'S2') })).toBe('nack: promised 3.S2');
    expect(msgLabel({ type: 'decide', value: '1元/度' })).toBe('decide 1元/度');
  });

  it('writes ballots as round.node', () => {
    expect(ballotText(b(12, 'alice'))).toBe('12.alice');
  });
});

describe('proposer state', () => {
  const p = (over: Partial<ProposerView>): ProposerView => ({
    phase: 'idle',
    ballot: null,
    value: null,
    proposal: null,
    promises: [],
    accepteds: [],
    rounds: 0,
    lastRound: 0,
    timer: null,
    ...over,
  });

  it('names phases as people say them', () => {
    expect(phaseName('accepting')).toBe('proposing');
    expect(phaseName('decided')).toBe('chosen');
    expect(phaseName('backing-off')).toBe('backing off');
    expect(phaseName('preparing')).toBe('preparing');
  });

  it('counts promises and accepteds out of the quorum', () => {
    expect(progressText(p({ phase: 'preparing', ballot: b(2, 'S1'), promises: ['S1'] }), 2)).toBe('ballot 2.S1 · promises 1/2');
    expect(progressText(p({ phase: 'accepting', ballot: b(2, 'S1'), accepteds: ['S1', 'S3'] }), 2)).toBe(
      'ballot 2.S1 · accepteds 2/2 ✓',
    );
    expect(progressText(p({ phase: 'backing-off', ballot: b(1, 'S1'), timer: 530 }), 2)).toBe('ballot 1.S1 failed · retry at 530 ms');
    expect(progressText(p({}), 2)).toBe('');
    expect(progressText(p({ phase: 'decided', ballot: b(2, 'S1') }), 2)).toBe('');
  });

  it('says when a proposer pushes a value it adopted', () => {
    expect(proposalText(p({ phase: 'accepting', value: '1元/度', proposal: '2元/度' }))).toBe('2元/度 (adopted)');
    expect(proposalText(p({ phase: 'preparing', value: '1元/度' }))).toBe('1元/度');
    expect(proposalText(p({ value: '1元/度' }))).toBe('');
  });
});

describe('colours', () => {
  const names = ['S1', 'S2', 'S3'];
  it('differ between competing owners and are stable', () => {
    expect(ballotColour(b(1, 'S1'), names)).not.toBe(ballotColour(b(1, 'S2'), names));
    expect(ballotColour(b(1, 'S1'), names)).toBe(ballotColour(b(1, 'S1'), names));
    expect(ballotColour(b(1, 'S1'), names)).not.toBe(ballotColour(b(2, 'S1'), names));
    expect(ballotColour(b(1, 'S1'), names)).toBe(ballotColour(b(3, 'S1'), names));
    expect(ballotColour(null, names)).toBe(DECIDE_COLOUR);
  });
});

describe('text fitting', () => {
  it('counts CJK as wide', () => {
    expect(textEm('元')).toBe(1);
    expect(textEm('ab')).toBeCloseTo(1.12);
  });
  it('cuts with an ellipsis and leaves short text alone', () => {
    expect(fitText('short', 10)).toBe('short');
    const cut = fitText('元'.repeat(40), 10);
    expect(cut.endsWith('…')).toBe(true);
    expect(textEm(cut)).toBeLessThanOrEqual(10);
  });
  it('counts UTF-8 bytes like the simulator', () => {
    expect(utf8Bytes('1元/度')).toBe(8);
    expect(utf8Bytes('元'.repeat(86))).toBe(258);
  });
  it('writes whole milliseconds', () => {
    expect(timeText(164.7)).toBe('164 ms');
  });
});
