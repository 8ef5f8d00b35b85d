// The Multi-Paxos view's log sentences (www/src/multi/sentences.ts).
import { describe, expect, it } from 'vitest';
import type { MultiTraceLine } from '../src/core/protocol';
import { isRoutine, resultText, sentence, TraceMemory } from '../src/multi/sentences';

const b = (round: number, node: string) => ({ round, node });

function say(lines: MultiTraceLine[]): string[] {
  const m = new TraceMemory();
  return lines.map((l) => (m.note(l), sentence(l, m)));
}

describe('multi sentences', () => {
  it('describes leaders, forwards, chosen slots, no-ops and stale reads', () => {
    expect(
      say([
        { step: 1, time: 0, event: 'leader', node: 'S1', ballot: b(1, 'S1') },
        { step: 2, time: 5, event: 'send', id: 7, from: 'S2', to: 'S1', msg: { type: 'forward', value: '#2 create /laws/water 3元/吨' } },
        { step: 3, time: 9, event: 'drop', id: 7 },
        { step: 4, time: 10, event: 'chosen', slot: 3, value: null, ballot: b(2, 'S3') },
        { step: 5, time: 11, event: 'request', id: 4, node: 'S3', op: 'getData', path: '/laws/electricity' },
        {
          step: 6,
          time: 11,
          event: 'reply',
          id: 4,
          node: 'S3',
          result: { ok: true, data: '1元/度', zxid: '0:0', stale: 'the leader S1 has 2元/度 (version 1, zxid 1:1)' },
        },
      ]),
    ).toEqual([
      'S1 became leader with ballot 1.S1',
      'S2 → S1 forward #2 create /laws/water 3元/吨',
      'lost: S2 → S1 forward #2 create /laws/water 3元/吨',
      'slot 3 chosen: no-op (ballot 2.S3)',
      'a client asks S3: #4 getData /laws/electricity',
      'S3 answered #4 getData: 1元/度 (stale: the leader S1 has 2元/度 (version 1, zxid 1:1))',
    ]);
  });

  it('hides heartbeats and deliveries as routine, and words errors', () => {
    const hb: MultiTraceLine = { step: 1, time: 0, event: 'send', id: 1, from: 'S1', to: 'S2', msg: { type: 'heartbeat', ballot: b(1, 'S1'), commit: 0 } };
    expect(isRoutine(hb)).toBe(true);
    expect(isRoutine({ step: 2, time: 1, event: 'deliver', id: 1 })).toBe(true);
    expect(isRoutine({ step: 3, time: 1, event: 'crash', node: 'S1' })).toBe(false);
    expect(resultText({ ok: false, error: 'no node /x' })).toBe('error: no node /x');
    expect(resultText({ ok: true, children: ['electricity', 'water'] })).toBe('electricity, water');
  });
});
