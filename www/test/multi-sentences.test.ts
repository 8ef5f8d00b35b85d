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
  it('tells sessions, watches, notifications and expiry, each request with its session', () => {
    expect(
      say([
        { step: 1, time: 100, event: 'request', id: 1, node: 'S2', op: 'connect', timeout: 800 },
        { step: 2, time: 190, event: 'reply', id: 1, node: 'S2', session: 1, result: { ok: true, zxid: '1:1', session: 1 } },
        { step: 3, time: 500, event: 'request', id: 5, node: 'S2', op: 'create', path: '/lock/n-', data: 'alice', ephemeral: true, sequential: true, session: 1 },
        { step: 4, time: 578, event: 'reply', id: 5, node: 'S2', session: 1, result: { ok: true, zxid: '1:5', path: '/lock/n-0000000000' } },
        { step: 5, time: 1000, event: 'request', id: 11, node: 'S3', op: 'exists', path: '/lock/n-0000000000', watch: true, session: 2 },
        { step: 6, time: 1000, event: 'watch', node: 'S3', session: 2, path: '/lock/n-0000000000', kind: 'data' },
        { step: 7, time: 1200, event: 'request', id: 13, node: 'S2', op: 'disconnect', session: 1 },
        { step: 8, time: 1950, event: 'expire', node: 'S1', session: 1 },
        { step: 9, time: 2013, event: 'notify', node: 'S3', session: 2, path: '/lock/n-0000000000', type: 'deleted' },
      ]),
    ).toEqual([
      'a client asks S2: #1 connect 800 ms',
      'session 1: S2 answered #1 connect: ok: session 1',
      'session 1: a client asks S2: #5 create -e -s /lock/n- alice',
      'session 1: S2 answered #5 create: ok: created /lock/n-0000000000',
      'session 2: a client asks S3: #11 exists /lock/n-0000000000 (watch)',
      "S3 keeps a watch for session 2 on /lock/n-0000000000's data",
      "session 1's client goes silent (its process died, or its network): it expires unless it connects again in time",
      'S1, the leader, has not heard of session 1 for its timeout: it expires the session (closeSession goes into the log)',
      'watch fired: S3 tells session 2 that /lock/n-0000000000 was deleted',
    ]);
  });

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
