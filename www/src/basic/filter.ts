// Pure choosing and ordering for the lists (unit-tested in www/test/filter.test.ts): which
// log lines a filter keeps, and the order of the in-flight table.

import type { FlightView, Msg } from '../core/protocol';

export type MsgType = Msg['type'];
export const MSG_TYPES: readonly MsgType[] = ['prepare', 'promise', 'accept', 'accepted', 'nack', 'decide'];

/** A log filter: one node (or all), one message type, `other` (no message) or all. */
export interface LogFilter {
  node: string | null;
  type: MsgType | 'other' | null;
}

export const NO_FILTER: LogFilter = { node: null, type: null };

/** What a log line is about (a Sentence, or a note of the page). */
export interface About {
  /** Empty: the whole island (a partition, the chosen value): kept by every node filter. */
  nodes: readonly string[];
  type: MsgType | null;
}

export function keeps(f: LogFilter, line: About): boolean {
  if (f.node !== null && line.nodes.length > 0 && !line.nodes.includes(f.node)) return false;
  if (f.type === 'other') return line.type === null;
  if (f.type !== null) return line.type === f.type;
  return true;
}

export function isFiltered(f: LogFilter): boolean {
  return f.node !== null || f.type !== null;
}

export type FlightKey = 'id' | 'from' | 'to' | 'type';
export interface FlightSort {
  key: FlightKey;
  /** 1: ascending, -1: descending. */
  dir: 1 | -1;
}

/**
 * The messages between two nodes (a node's messages to itself never wait), ordered by
 * `sort`: nodes in cluster order, types in protocol order; ties oldest first.
 */
export function sortFlights(flights: readonly FlightView[], sort: FlightSort, names: readonly string[]): FlightView[] {
  const node = (n: string) => names.indexOf(n);
  const type = (f: FlightView) => MSG_TYPES.indexOf(f.msg.type);
  const key = (f: FlightView): number => {
    switch (sort.key) {
      case 'id':
        return f.id;
      case 'from':
        return node(f.from);
      case 'to':
        return node(f.to);
      case 'type':
        return type(f);
    }
  };
  return flights
    .filter((f) => f.from !== f.to)
    .sort((a, b) => sort.dir * (key(a) - key(b)) || a.id - b.id);
}
