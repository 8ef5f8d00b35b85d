// What a wasm build is to the page and its worker, and which of the Basic Paxos page's builds
// answers what (docs/worker-protocol.md, "Builds behind one worker"): the worker switches to
// a later build for the requests `wantsLab` and `wantsClassroom` pick, and the page, while it
// runs the first build itself (client.ts), leaves those to the worker.

import { PROTOCOL_VERSION, type Request } from './protocol';

/** One simulator of a build (wasm-bindgen's class). */
export interface Simulator {
  /** A request as JSON text in, its response as JSON text out (see crates/paxos-wasm). */
  handle(request: string): string;
  /** Releases the wasm object (wasm-bindgen). */
  free(): void;
}
export interface SimulatorClass {
  new (): Simulator;
  protocolVersion(): number;
}
/** A simulator of `cls`, once its wasm is started; throws if it speaks another protocol than the page. */
export function simulator(cls: SimulatorClass): Simulator {
  const v = cls.protocolVersion();
  if (v !== PROTOCOL_VERSION) throw new Error(`the simulator speaks worker protocol ${v}, the page ${PROTOCOL_VERSION}`);
  return new cls();
}

/** A wasm build: its glue's `init` (given the module when the page compiled it) and its simulator class. */
export interface Build {
  init: (module?: WebAssembly.Module) => Promise<unknown>;
  Playground: SimulatorClass;
}

/**
 * Whether what `handle` threw is a refusal: an Error the simulator made, whose message is for
 * the person (the session is unchanged). Anything else (a wasm RuntimeError: a panic, or no
 * memory left; a RangeError: too deep a recursion) is a trap: the build is unusable.
 */
export const refused = (e: unknown): boolean => (e as Error | null)?.constructor === Error;

const CLASSROOM: ReadonlySet<Request['type']> = new Set([
  'loadExercise',
  'checkStart',
  'checkRun',
  'checkStop',
  'checkLoad',
  'checkSpec',
] satisfies Request['type'][]);

/**
 * A hint that a scenario needs the laboratory's build (scripted events or a manual network):
 * its worker then fetches that build at once, and the page does not fetch the first build
 * for nothing. The rule is the first build's own (it answers `later`: crates/paxos-sim,
 * scenario.rs, step 2 of `plan`); a wrong hint costs a download, never an answer.
 */
export function scripted(scenario: string): boolean {
  try {
    const s = JSON.parse(scenario) as { events?: unknown; network?: { mode?: unknown } } | null;
    return (Array.isArray(s?.events) && s.events.length > 0) || s?.network?.mode === 'manual';
  } catch {
    return false;
  }
}

/** The laboratory's build: the Basic Paxos worker's first later one (worker.ts lists them). */
export const LAB = 1;

/** A load the laboratory's build answers at once. */
export const wantsLab = (r: Request): boolean => r.type === 'load' && scripted(r.scenario);
/** The Multi-Paxos view's model checker: its later build's (multi-worker.ts). */
export const wantsMultiCheck = (r: Request): boolean => r.type.startsWith('multiCheck');
/** Exercises and the model checker: the classroom build's. */
export const wantsClassroom = (r: Request): boolean => CLASSROOM.has(r.type);
