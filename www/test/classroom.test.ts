import { describe, expect, it } from 'vitest';
import { checkResult, doneKey, parseExercise, progressText, specText } from '../src/classroom/classroom';
import type { CheckView } from '../src/core/protocol';

const report = (x: Partial<CheckView>): CheckView => ({
  explored: 0, distinct: 0, generated: 0, depth: 0, outcome: 'running', property: null, detail: null, moves: null, ...x,
});

describe('classroom helpers', () => {
  it('reads all ten exercises', () => {
    const files = import.meta.glob('../../examples/exercises/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    expect(Object.keys(files).length).toBe(10);
    for (const [f, text] of Object.entries(files)) {
      const ex = parseExercise(text);
      expect(f.endsWith(`/${ex.id}.json`)).toBe(true);
      expect(ex.title).not.toBe('');
      expect(ex.task).not.toBe('');
    }
    const five = parseExercise(files['../../examples/exercises/five-survive-two.json']!);
    expect(five.hints.length).toBe(2);
    expect(five.manual).toBe(false);
    expect(() => parseExercise('{"format":"paxos-scenario"}')).toThrow();
  });

  it('flags manual-network exercises', () => {
    const ex = parseExercise(JSON.stringify({ format: 'paxos-exercise', id: 'x', scenario: { network: { mode: 'manual' } } }));
    expect(ex.manual).toBe(true);
  });

  it('words the results', () => {
    expect(checkResult(report({ outcome: 'exhausted', distinct: 1234 }), 'violation')).toBe('no violation (1,234 states)');
    expect(checkResult(report({ outcome: 'exhausted' }), 'chosen')).toBe('unreachable within the bounds');
    expect(checkResult(report({ outcome: 'bounded' }), 'violation')).toBe('stopped at the state limit');
    expect(checkResult(report({ outcome: 'found', property: 'agreement', detail: 'two values', moves: 9 }), 'violation')).toBe(
      'found: agreement: two values in 9 moves',
    );
    expect(checkResult(report({ outcome: 'found', moves: 1 }), 'chosen')).toBe('found: the goal in 1 move');
  });

  it('shows progress and the spec figures', () => {
    expect(progressText(report({ explored: 20000, distinct: 15000, depth: 7 }), 2)).toBe('20,000 explored, 15,000 distinct, depth 7, 10,000 states/s');
    expect(specText({ distinct: 3921, generated: 23563, depth: 17, safe: true })).toBe('3,921 distinct states, 23,563 generated, depth 17 — the same as TLC');
    expect(specText({ distinct: 10, generated: 20, depth: 3, safe: false })).toBe('10 distinct states, 20 generated, depth 3 (unsafe!)');
    expect(doneKey('amnesia')).toBe('paxos-playground:done:amnesia');
  });
});
