// Multi-Paxos in the space-time diagram (www/src/multi/diagram.ts): the clients' lanes, and
// their requests, answers and notifications as arrows at one step, off the network.
import { describe, expect, it } from 'vitest';
import type { MultiTraceLine } from '../src/core/protocol';
import { arrowText, SpaceTime } from '../src/basic/spacetime';
import { clientLanes, MULTI_DIAGRAM } from '../src/multi/diagram';

const b = { round: 1, node: 'S1' };
const LINES: MultiTraceLine[] = [
  { step: 1, time: 100, event: 'request', id: 1, node: 'S2', op: 'connect', timeout: 800 },
  { step: 2, time: 100, event: 'send', id: 1, from: 'S2', to: 'S1', msg: { type: 'forward', value: 'createSession 1' } },
  { step: 3, time: 130, event: 'deliver', id: 1 },
  { step: 4, time: 130, event: 'send', id: 2, from: 'S1', to: 'S2', msg: { type: 'accept', ballot: b, slot: 0, value: 'createSession 1' } },
  { step: 5, time: 150, event: 'drop', id: 2 },
  { step: 6, time: 190, event: 'reply', id: 1, node: 'S2', session: 1, result: { ok: true, zxid: '1:1', session: 1 } },
  { step: 7, time: 200, event: 'request', id: 2, node: 'S3', op: 'getData', path: '/a' },
  { step: 8, time: 200, event: 'reply', id: 2, node: 'S3', result: { ok: true, zxid: '0:0', data: 'x' } },
  { step: 9, time: 300, event: 'leader', node: 'S1', ballot: b },
  { step: 10, time: 900, event: 'notify', node: 'S2', session: 3, path: '/lock/n-1', type: 'deleted' },
];

describe('the Multi-Paxos diagram', () => {
  it('gives the clients lanes of their own, in parentheses (no server has them), the sessionless first', () => {
    expect(clientLanes(LINES)).toEqual(['(clients)', '(s1)', '(s3)']);
    // Lines read later add their lanes in order.
    expect(clientLanes([{ step: 11, time: 901, event: 'request', id: 3, node: 'S1', op: 'sync', session: 2 }], clientLanes(LINES))).toEqual(['(clients)', '(s1)', '(s2)', '(s3)']);
  });

  it('draws requests, answers and notifications at one step, not counted as delivered', () => {
    const m = new SpaceTime(MULTI_DIAGRAM);
    m.append(LINES);
    const instant = m.arrows.filter((a) => a.instant);
    expect(instant.map((a) => [a.from, a.to, a.msg.type, a.sent, a.end])).toEqual([
      ['(clients)', 'S2', 'request', 1, 1],
      ['S2', '(s1)', 'reply', 6, 6],
      ['(clients)', 'S3', 'request', 7, 7],
      ['S3', '(clients)', 'reply', 8, 8],
      ['S2', '(s3)', 'notify', 10, 10],
    ]);
    expect([m.delivered, m.dropped, m.instants]).toEqual([1, 1, 5]);
    expect(arrowText(instant[1]!, MULTI_DIAGRAM.label)).toBe('#1 ok: session 1\nS2 → (s1)\nstep 6 (190 ms)');
    expect(m.marks.map((k) => [k.kind, k.node])).toEqual([['leader', 'S1']]);
    // Going back forgets them like any arrow, and the counts stay right.
    m.truncate(6);
    expect([m.arrows.length, m.delivered, m.dropped, m.instants]).toEqual([4, 1, 1, 2]);
    m.truncate(4);
    expect([m.arrows.length, m.delivered, m.dropped, m.instants]).toEqual([3, 1, 0, 1]);
  });
});
