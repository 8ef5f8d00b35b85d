// Unit tests for www/src/basic/filter.ts: the log's filters and the in-flight table's order.
import { describe, expect, it } from 'vitest';
import raceTrace from './fixtures/island-race.jsonl?raw';
import { keeps, sortFlights, type LogFilter } from '../src/basic/filter';
import { Narrator } from '../src/basic/sentences';
import type { FlightView, Msg, TraceLine } from '../src/core/protocol';

const race: TraceLine[] = raceTrace
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => JSON.parse(l) as TraceLine);
const sentences = new Narrator().narrate(race);
const kept = (f: LogFilter) => sentences.filter((s) => keeps(f, s));

describe('log filters', () => {
  it('keeps everything without a filter', () => {
    expect(kept({ node: null, type: null })).toHaveLength(race.length);
  });

  it('keeps the lines about a node, and those about the whole island', () => {
    const s3 = kept({ node: 'S3', type: null });
    expect(s3.length).toBeGreaterThan(5);
    expect(s3.length).toBeLessThan(race.length);
    for (const s of s3) expect(s.nodes.length === 0 || s.nodes.includes('S3')).toBe(true);
    expect(s3.some((s) => s.kind === 'chosen')).toBe(true);
    expect(s3.some((s) => s.text === 'S1 sends prepare 1.S1 to itself')).toBe(false);
    expect(s3.some((s) => s.text === 'S3 accepted 1.S2 = 2元/度')).toBe(true);
  });

  it('keeps one message type, or the lines about no message', () => {
    const nacks = kept({ node: null, type: 'nack' });
    expect(nacks.length).toBeGreaterThan(0);
    expect(nacks.every((s) => s.type === 'nack')).toBe(true);
    // sends and deliveries of prepares, both
    const prepares = kept({ node: 'S2', type: 'prepare' });
    expect(prepares.some((s) => s.kind === 'send')).toBe(true);
    expect(prepares.some((s) => s.kind === 'arrive')).toBe(true);
    const other = kept({ node: null, type: 'other' });
    expect(other.map((s) => s.kind).sort()).toEqual(
      expect.arrayContaining(['propose', 'chosen', 'learn', 'timeout']),
    );
    expect(other.every((s) => s.type === null)).toBe(true);
  });
});

describe('in-flight order', () => {
  const b = { round: 1, node: 'S1' };
  const f = (id: number, from: string, to: string, msg: Msg): FlightView => ({ id, from, to, msg, sentAt: 0, arrivesAt: null, copyOf: null });
  const flights = [
    f(4, 'S2', 'S1', { type: 'promise', ballot: b, accepted: null }),
    f(1, 'S1', 'S1', { type: 'prepare', ballot: b }),
    f(2, 'S1', 'S3', { type: 'prepare', ballot: b }),
    f(3, 'S1', 'S2', { type: 'prepare', ballot: b }),
    f(5, 'S3', 'S1', { type: 'nack', ballot: b, promised: b }),
    f(6, 'S1', 'S3', { type: 'accept', ballot: b, value: 'v' }),
  ];
  const names = ['S1', 'S2', 'S3'];
  const ids = (xs: FlightView[]) => xs.map((x) => x.id);

  it('leaves out messages to oneself, oldest first by default', () => {
    expect(ids(sortFlights(flights, { key: 'id', dir: 1 }, names))).toEqual([2, 3, 4, 5, 6]);
  });
  it('sorts by sender, receiver and type, ties oldest first', () => {
    expect(ids(sortFlights(flights, { key: 'from', dir: 1 }, names))).toEqual([2, 3, 6, 4, 5]);
    expect(ids(sortFlights(flights, { key: 'from', dir: -1 }, names))).toEqual([5, 4, 2, 3, 6]);
    expect(ids(sortFlights(flights, { key: 'to', dir: 1 }, names))).toEqual([4, 5, 3, 2, 6]);
    expect(ids(sortFlights(flights, { key: 'type', dir: 1 }, names))).toEqual([2, 3, 4, 6, 5]);
  });
});
