// What the page records of a session for share links (docs/sharing.md): the request that
// loaded the scenario and every request the simulator accepted since, in order, as sent —
// from the first load on, so that a link can be made at any moment. Small, in the first
// load; making and opening links (share.ts) is fetched when first needed.

import type { Request } from './protocol';

/** Where the link stood when it was made: replaying must arrive exactly there. */
export interface At {
  /** history().position, length and branch */
  position: number;
  length: number;
  branch: number;
  /** the last trace step and the virtual time */
  step: number;
  now: number;
}

/** A session, as requests: what a share link holds. */
export interface Recording {
  /** The scenario's JSON text, as loaded. */
  scenario: string;
  /** The scenario's seed (read from `scenario`; for people reading the link's contents). */
  seed: number;
  /** Set when the session started from an exercise: its JSON text (loaded with loadExercise). */
  exercise?: string;
  /** Every request sent after the load, in order. */
  requests: Request[];
  at: At;
}

/** Requests that change nothing (read-only), left out of a recording. */
const READ_ONLY = new Set<Request['type']>(['trace', 'checkSpec']);

/** The seed a scenario text says (0 when it says none, as the simulator reads it). */
export function seedOf(scenario: string): number {
  try {
    const seed = (JSON.parse(scenario) as { seed?: unknown }).seed;
    return typeof seed === 'number' ? seed : 0;
  } catch {
    return 0;
  }
}

/**
 * Keeps the load and the requests the simulator accepted since (a refused request changes
 * nothing, docs/worker-protocol.md, so it is not kept).
 */
export class Recorder {
  private base: { scenario: string; exercise?: string } | null = null;
  private requests: Request[] = [];

  /** Called with each request the simulator answered (not with refused ones). */
  note(request: Request): void {
    switch (request.type) {
      case 'load':
        this.base = { scenario: request.scenario };
        this.requests = [];
        return;
      case 'loadExercise': {
        let scenario = '';
        try {
          scenario = JSON.stringify((JSON.parse(request.exercise) as { scenario?: unknown }).scenario ?? {}, null, 2);
        } catch {
          // the simulator accepted it, so it parses; never here
        }
        this.base = { scenario, exercise: request.exercise };
        this.requests = [];
        return;
      }
      default:
        if (READ_ONLY.has(request.type) || !this.base) return;
        this.requests.push(structuredClone(request));
    }
  }

  /** The session so far, standing at `at`; null before the first load. */
  recording(at: At): Recording | null {
    if (!this.base) return null;
    return { ...structuredClone(this.base), seed: seedOf(this.base.scenario), requests: structuredClone(this.requests), at: { ...at } };
  }
}

/** The `s` value of a URL fragment ('#a=1&s=...' or 's=...'); null when there is none. */
export function shareParam(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&')) {
    if (part.startsWith('s=')) return part.slice(2);
  }
  return null;
}
