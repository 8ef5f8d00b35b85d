// Unit tests for www/src/basic/sentences.ts: the log's sentences, on the real island-race trace
// (fixtures/island-race.jsonl, written by `paxos-sim run examples/scenarios/island-race.json
// --trace -`) and on hand-made lines for the rarer cases.
import { describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import { Narrator, type Sentence } from '../src/basic/sentences';
import type { Snapshot, TraceLine } from '../src/core/protocol';

const race: TraceLine[] = raceTrace
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l) as TraceLine);

const at = (out: Sentence[], step: number) => out.find((s) => s.step === step)?.text;

describe('the island race, in words', () => {
  const out = new Narrator().narrate(race);

  it('has one sentence per trace line', () => {
    expect(out.map((s) => s.step)).toEqual(race.map((l) => l.step));
  });

  it('tells proposals, sends and replies', () => {
    expect(at(out, 1)).toBe('S1 proposes 1元/度');
    expect(at(out, 2)).toBe('S1 sends prepare 1.S1 to itself');
    expect(at(out, 3)).toBe('S1 sends prepare 1.S1 to S2');
    expect(at(out, 10)).toBe('S1 promised ballot 1.S1 to itself');
    expect(at(out, 15)).toBe('S1 receives prepare 1.S2 from S2');
    expect(at(out, 16)).toBe('S1 promised ballot 1.S2 to S2; it had promised 1.S1 before');
    expect(at(out, 20)).toBe('S2 rejected prepare 1.S1: it promised 1.S2');
    expect(at(out, 22)).toBe('S2 sends accept 1.S2 = 2元/度 to S1');
    expect(at(out, 34)).toBe('S3 accepted 1.S2 = 2元/度');
  });

  it('tells what was chosen, when, and who learned it', () => {
    expect(at(out, 35)).toBe('2元/度 is chosen (ballot 1.S2, at 164 ms)');
    expect(at(out, 46)).toBe('S2 learned 2元/度');
    expect(out.find((s) => s.step === 35)?.kind).toBe('chosen');
  });

  it('says what a timeout leads to, and what a promise reports', () => {
    expect(at(out, 38)).toBe("S1's timer fired; it tries again with ballot 2.S1");
    expect(at(out, 43)).toBe('S1 promised ballot 2.S1 to itself; it had promised 1.S2 and accepted 1.S2 = 2元/度 before');
  });

  it('tells the lines after going back exactly as the first time', () => {
    const n = new Narrator();
    n.narrate(race); // as far as the end, with every notebook at its last state
    for (const cut of [0, 15, 30, 44]) {
      n.rewind(race.slice(0, cut));
      expect(n.narrate(race.slice(cut))).toEqual(out.slice(cut));
    }
  });

  it('says what each line is about, for the log filters', () => {
    expect(out.find((s) => s.step === 3)).toMatchObject({ nodes: ['S1', 'S2'], type: 'prepare' });
    expect(out.find((s) => s.step === 1)).toMatchObject({ nodes: ['S1'], type: null });
    expect(out.find((s) => s.step === 35)).toMatchObject({ nodes: [], type: null });
  });

  it('gives the same sentences when the lines come in batches', () => {
    const n = new Narrator();
    const batched = [race.slice(0, 9), race.slice(9, 30), race.slice(30)].flatMap((b) => n.narrate(b));
    expect(batched).toEqual(out);
  });
});

describe('rarer sentences', () => {
  const l = (step: number, time: number, event: object) => ({ step, time, ...event }) as TraceLine;
  const snapshot = (over: Partial<Snapshot>): Snapshot => ({
    now: 0,
    step: 0,
    quorum: 2,
    quorums: null,
    nodes: ['S1', 'S2', 'S3'].map((name) => ({
      name,
      up: true,
      promised: null,
      accepted: null,
      learned: null,
      learnedAt: null,
      proposer: { phase: 'idle', ballot: null, value: null, proposal: null, promises: [], accepteds: [], rounds: 0, lastRound: 0, timer: null },
    })),
    inFlight: [],
    chosen: null,
    violations: [],
    network: { mode: 'auto', delay: [10, 100], drop: 0, duplicate: 0 },
    partition: null,
    links: [],
    broken: [],
    nextTime: null,
    ...over,
  });

  it('says which request a nack rejects', () => {
    const n = new Narrator();
    const out = n.narrate([
      l(1, 0, { event: 'send', id: 1, from: 'S2', to: 'S3', msg: { type: 'accept', ballot: { round: 1, node: 'S2' }, value: 'x' } }),
      l(2, 40, { event: 'deliver', id: 1 }),
      l(3, 40, { event: 'send', id: 2, from: 'S3', to: 'S2', msg: { type: 'nack', ballot: { round: 1, node: 'S2' }, promised: { round: 2, node: 'S1' } } }),
    ]);
    expect(out[2]!.text).toBe('S3 rejected accept 1.S2: it promised 2.S1');
  });

  it('uses the previous snapshot for what a node had promised', () => {
    const n = new Narrator();
    const s = snapshot({});
    s.nodes[2]!.promised = { round: 1, node: 'S2' };
    n.reset(s);
    const [line] = n.narrate([
      l(9, 70, { event: 'send', id: 7, from: 'S3', to: 'S1', msg: { type: 'promise', ballot: { round: 2, node: 'S1' }, accepted: null } }),
    ]);
    expect(line!.text).toBe('S3 promised ballot 2.S1 to S1; it had promised 1.S2 before');
  });

  it('tells lost messages, duplicates, crashes and partitions', () => {
    const n = new Narrator();
    n.reset(snapshot({}));
    const prepare = { type: 'prepare', ballot: { round: 1, node: 'S1' } };
    const out = n.narrate([
      l(1, 0, { event: 'send', id: 1, from: 'S1', to: 'S2', msg: prepare }),
      l(2, 0, { event: 'duplicate', id: 1, copy: 2 }),
      l(3, 0, { event: 'send', id: 3, from: 'S1', to: 'S3', msg: prepare }),
      l(4, 10, { event: 'crash', node: 'S3' }),
      l(5, 30, { event: 'drop', id: 1 }),
      l(6, 35, { event: 'drop', id: 2 }),
      l(7, 40, { event: 'drop', id: 3 }),
      l(8, 50, { event: 'partition', groups: [['S1'], ['S2', 'S3']] }),
      l(9, 60, { event: 'heal' }),
      l(10, 70, { event: 'restart', node: 'S3' }),
      l(11, 80, { event: 'violation', property: 'agreement', detail: 'S1 learned a, S2 learned b' }),
    ]);
    expect(out.map((s) => s.text)).toEqual([
      'S1 sends prepare 1.S1 to S2',
      'the network duplicated prepare 1.S1 from S1 to S2',
      'S1 sends prepare 1.S1 to S3',
      'S3 crashed',
      'a message from S1 to S2 was lost',
      'a message from S1 to S2 was lost',
      'a message from S1 to S3 was lost: S3 is down',
      'the network split into S1 | S2, S3',
      'the network healed: every node can reach every other again',
      'S3 restarted, with the promise and vote it had written down',
      'safety violated: agreement: S1 learned a, S2 learned b',
    ]);
  });

  it('says when a timer leads to backing off', () => {
    const [line] = new Narrator().narrate([l(1, 400, { event: 'timeout', node: 'S2' })]);
    expect(line!.text).toBe("S2's timer fired: no quorum in time, so it backs off");
  });

  it('knows messages in flight from a snapshot', () => {
    const n = new Narrator();
    n.reset(
      snapshot({
        inFlight: [{ id: 5, from: 'S2', to: 'S1', msg: { type: 'decide', value: 'v' }, sentAt: 0, arrivesAt: 9, copyOf: null }],
      }),
    );
    expect(n.narrate([l(1, 9, { event: 'deliver', id: 5 })])[0]!.text).toBe('S1 receives decide v from S2');
  });
});
