// Unit tests for www/src/core/history.ts: keeping trace lines with `since`, notes that belong to
// a branch, and the words for positions and branches.
import { describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import { branchOption, branchText, parseTrace, positionText, visibleAt } from '../src/core/history';
import { countUpTo, TraceBook } from '../src/core/book';
import type { History, TraceLine } from '../src/core/protocol';

const line = (step: number): TraceLine => ({ step, time: step * 10, event: 'heal' });
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));

describe('TraceBook', () => {
  it('appends moving forward and drops the rest after going back', () => {
    const b = new TraceBook();
    expect(b.apply(0, lines(1, 5))).toBe(0);
    expect(b.apply(5, lines(6, 8))).toBe(0);
    expect(b.step).toBe(8);
    expect(b.apply(3, [])).toBe(5);
    expect(b.lines.map((l) => l.step)).toEqual([1, 2, 3]);
    // a new branch: new lines after step 3
    expect(b.apply(3, lines(4, 4))).toBe(0);
    expect(b.lines.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    expect(b.apply(0, [])).toBe(4);
    expect(b.step).toBe(0);
  });

  it('counts lines up to a step even when steps do not start at 1', () => {
    const ls = lines(10, 20);
    expect(countUpTo(ls, 9)).toBe(0);
    expect(countUpTo(ls, 10)).toBe(1);
    expect(countUpTo(ls, 15)).toBe(6);
    expect(countUpTo(ls, 99)).toBe(11);
    expect(countUpTo(lines(1, 4), 2)).toBe(2);
  });
});

describe('notes on branches', () => {
  // Branch 0: 10 events. Branch 1 forks from it at 4 (shares its events 1..4) and has 6.
  // Branch 2 forks from branch 1 at 5.
  const branches = [
    { length: 10, forkAt: 0, parent: null },
    { length: 6, forkAt: 4, parent: 0 },
    { length: 8, forkAt: 5, parent: 1 },
  ];
  const at = (branch: number, position: number): History => ({ branch, position, length: branches[branch]!.length, branches });

  it('shows a note from its own branch up to the position shown', () => {
    expect(visibleAt({ branch: 0, position: 7 }, at(0, 7))).toBe(true);
    expect(visibleAt({ branch: 0, position: 7 }, at(0, 6))).toBe(false);
    expect(visibleAt({ branch: 0, position: 7 }, at(0, 10))).toBe(true);
  });

  it('shows a note from an ancestor only before the fork', () => {
    expect(visibleAt({ branch: 0, position: 4 }, at(1, 6))).toBe(true);
    expect(visibleAt({ branch: 0, position: 5 }, at(1, 6))).toBe(false);
    expect(visibleAt({ branch: 0, position: 4 }, at(1, 3))).toBe(false);
    expect(visibleAt({ branch: 0, position: 3 }, at(2, 8))).toBe(true);
    expect(visibleAt({ branch: 1, position: 5 }, at(2, 8))).toBe(true);
    expect(visibleAt({ branch: 1, position: 6 }, at(2, 8))).toBe(false);
  });

  it('hides a note from another branch', () => {
    expect(visibleAt({ branch: 1, position: 5 }, at(0, 10))).toBe(false);
    expect(visibleAt({ branch: 2, position: 6 }, at(1, 6))).toBe(false);
  });

  it('says where we are', () => {
    expect(positionText(at(0, 7))).toBe('event 7 of 10');
    expect(branchText({ branch: 0, position: 3, length: 3, branches: [branches[0]!] })).toBe('');
    expect(branchText(at(1, 6))).toBe('branch 2 of 3, forked from branch 1 at event 4');
    expect(branchText(at(0, 1))).toBe('branch 1 of 3');
    expect(branchOption(at(0, 1), 2)).toBe('branch 3 (8 events, from 2 at 5)');
    expect(branchOption(at(0, 1), 0)).toBe('branch 1 (10 events)');
  });
});

describe('parseTrace', () => {
  it('reads the event lines of a trace, without its header', () => {
    const lines = parseTrace(raceTrace);
    expect(lines).toHaveLength(raceTrace.trim().split('\n').length - 1);
    expect(lines[0]).toMatchObject({ step: 1, event: 'propose', node: 'S1' });
    expect(lines.every((l, i) => l.step === i + 1)).toBe(true);
  });
});
