// What a share link holds of a session (docs/sharing.md): the request that loaded the
// scenario and every request the simulator accepted since, in order, as sent — the client's
// input log, kept from the first load on, so that a link can be made at any moment. Small,
// in the first load; making and opening links (share.ts) is fetched when first needed.

import type { Request } from '../core/protocol';

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
  /** Set when a student's own node ran on the island: its code (docs/node-protocol.md). */
  node?: string;
  /** Every request sent after the load, in order. */
  requests: Request[];
  at: At;
}

/** How a long replay goes, and how to stop it (the playground's `replay`). */
export interface ReplayOptions {
  /** Told after each request: `done` of `total` sent. */
  progress?: (done: number, total: number) => void;
  /** Once aborted, the replay stops where it has come and resolves at that moment. */
  signal?: AbortSignal;
}

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
 * The session as a recording standing at `at`: the scenario's text as loaded, and the
 * client's input log (client.ts: the load or loadExercise, and every request the simulator
 * accepted since; a refused request changes nothing, docs/worker-protocol.md, so it is not
 * there); null before the first load.
 */
export function recordingOf(log: readonly Request[], scenario: string, at: At, node: string | null = null): Recording | null {
  const [load, ...requests] = log;
  if (load?.type !== 'load' && load?.type !== 'loadExercise') return null;
  const exercise = load.type === 'loadExercise' ? { exercise: load.exercise } : {};
  return structuredClone({ scenario, ...exercise, ...(node === null ? {} : { node }), seed: seedOf(scenario), requests, at });
}

/** The `s` value of a URL fragment ('#a=1&s=...' or 's=...'); null when there is none. */
export function shareParam(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of text.split('&')) {
    if (part.startsWith('s=')) return part.slice(2);
  }
  return null;
}
