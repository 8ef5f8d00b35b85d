// What crosses from a worker to its page (docs/worker-protocol.md, "Replies"): an update's
// state (a Basic update's `snapshot`, a Multi-Paxos update's `view`) as what changed since
// the last update that worker sent. In each list of objects of the state (nodes, messages in
// flight, servers, links…), an object equal to one of the last state's same list is sent as
// its index there, the others whole; every other field is sent whole. The simulator answers
// whole states; only this boundary, where each answer is copied into the page's thread,
// packs them (the worker's script is no part of the page's first load; the page's side is
// a dozen lines).

import type { Response } from './protocol';

type State = Record<string, unknown>;
/**
 * A state packed, its fields in their order: each list of objects as `{ __list }`, where a
 * number stands for the last state's element at that index in the same list (the
 * simulator's fields are camelCase: none starts with an underscore).
 */
export type PackedState = Record<string, unknown>;
/** A response as a worker posts it. */
export type Packed =
  | Exclude<Response, { type: 'update' | 'multiUpdate' }>
  | (Omit<Extract<Response, { type: 'update' }>, 'snapshot'> & { snapshot: PackedState })
  | (Omit<Extract<Response, { type: 'multiUpdate' }>, 'view'> & { view: PackedState });

/** Which field of a response is its state. */
const stateOf = (r: { type: string }): 'snapshot' | 'view' | null => (r.type === 'update' ? 'snapshot' : r.type === 'multiUpdate' ? 'view' : null);

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The worker's side: it remembers the last state it sent, each listed object as JSON text. */
export class Packer {
  #last = new Map<string, Map<string, number>>();

  /** `r` with its state packed against the last one sent; that one is this one from now on. */
  pack(r: Response): Packed {
    const key = stateOf(r);
    if (!key) return r as Packed;
    const state = (r as unknown as Record<string, State>)[key]!;
    const out: PackedState = {};
    const next = new Map<string, Map<string, number>>();
    for (const [field, value] of Object.entries(state)) {
      if (!Array.isArray(value) || !value.length || !value.every(isObject)) {
        out[field] = value;
        continue;
      }
      const had = this.#last.get(field);
      const texts = new Map<string, number>();
      const list = value.map((x: object, i) => {
        const text = JSON.stringify(x);
        if (!texts.has(text)) texts.set(text, i);
        return had?.get(text) ?? x;
      });
      out[field] = { __list: list };
      next.set(field, texts);
    }
    this.#last = next;
    return { ...r, [key]: out } as Packed;
  }
}

/** The page's side: each packed state read against the last state received. */
export class Unpacker {
  #last: State = {};

  unpack(r: Packed): Response {
    const key = stateOf(r);
    if (!key) return r as Response;
    const packed = (r as unknown as Record<string, PackedState>)[key]!;
    const state: State = {};
    for (const [field, value] of Object.entries(packed)) {
      const list = isObject(value) && '__list' in value ? (value.__list as unknown[]) : null;
      const had = this.#last[field] as unknown[];
      state[field] = list ? list.map((x) => (typeof x === 'number' ? had[x] : x)) : value;
    }
    this.#last = state;
    return { ...r, [key]: state } as Response;
  }
}
