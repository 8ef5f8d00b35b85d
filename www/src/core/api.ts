// The playground's public API (docs/api.md): its options, events and methods, and the
// constants a caller may read. createPlayground (basic/playground.ts) returns the facade;
// the controller (controller.ts) does the work behind it.

import type { History, LinkSpec, Network, Request, Response, Snapshot, TraceLine } from './protocol';
import type { Recording, ReplayOptions } from '../share/recorder';
import type { Lang } from '../i18n/i18n';
import type { PlaygroundLock } from '../embed/lock';

/** At 1x, one virtual millisecond lasts this many real milliseconds. */
export const REAL_MS_PER_VIRTUAL_MS = 10;

/** The offered playback speeds (the option `speed`). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];
/** The offered speed closest to `x`. */
export const nearestSpeed = (x: number): number =>
  Number.isFinite(x) ? SPEEDS.reduce((best, s) => (Math.abs(Math.log(s / x)) < Math.abs(Math.log(best / x)) ? s : best)) : 1;

export const DEFAULT_SCENARIO = {
  format: 'paxos-scenario',
  version: 1,
  title: 'The electricity price of Paxos island',
  nodes: 3,
  seed: 42,
  network: { delay: [10, 100], drop: 0, duplicate: 0 },
} as const;

export interface PlaygroundOptions {
  /** A paxos-scenario (JSON text or object). Default: 3 nodes, seed 42, nothing scheduled. */
  scenario?: string | object;
  /** Playback speed, 0.25 to 16 (default 1: a 100 ms flight takes 1 s). */
  speed?: number;
  /** Start with the clock running (default true; it only moves while something is due). */
  autoplay?: boolean;
  /** Turn flight animation off; default: the reader's prefers-reduced-motion. */
  reducedMotion?: boolean;
  /**
   * 'en' or 'zh' (a longer tag works too: zh-CN, zh-Hans → 'zh', anything else → 'en'): the
   * language of the text (page-wide). Default: the page's choice (language picker, ?lang=,
   * the browser's languages; i18n.ts).
   */
  lang?: Lang | (string & Record<never, never>);
  /** 'full' (default), 'minimal' (play/pause, back, step and the island) or 'none' (the island alone). */
  controls?: 'full' | 'minimal' | 'none';
  /** Author locks: a range of trace steps and the allowed actions (docs/embedding.md). */
  lock?: PlaygroundLock;
}

export type Chosen = NonNullable<Snapshot['chosen']>;
export type Violation = Snapshot['violations'][number];

/** What an update changed on the timeline: lines after step `since` were dropped first. */
export interface UpdateInfo {
  since: number;
  history: History;
  /** Whether the loaded exercise's goal is met (null: no exercise). */
  goalMet: boolean | null;
}

export interface PlaygroundEvents {
  update: (snapshot: Snapshot, lines: TraceLine[], info: UpdateInfo) => void;
  chosen: (chosen: Chosen, snapshot: Snapshot) => void;
  violation: (violation: Violation, snapshot: Snapshot) => void;
  error: (error: Error) => void;
}

export interface Playground {
  /** Starts over with a scenario (JSON text or object). */
  load(scenario: string | object): Promise<Snapshot>;
  /** Starts over with an exercise (paxos-exercise JSON text); the manual network as its scenario says. */
  loadExercise(exercise: string): Promise<Snapshot>;
  /** Starts over at the start of the model checker's counterexample (checkLoad); the clock pauses. */
  checkLoad(): Promise<Snapshot>;
  /** Sends a model-checking request (checkStart, checkRun, checkStop, checkSpec) through the queue. */
  check(request: Extract<Request, { type: 'checkStart' | 'checkRun' | 'checkStop' | 'checkSpec' }>): Promise<Response>;
  propose(node: string, value: string): Promise<Snapshot>;
  crash(node: string): Promise<Snapshot>;
  restart(node: string): Promise<Snapshot>;
  partition(groups: string[][]): Promise<Snapshot>;
  heal(): Promise<Snapshot>;
  /** Network settings for messages sent from now on; fields left out stay as they are. */
  setNetwork(network: Partial<Network>): Promise<Snapshot>;
  /** Manual network on (messages wait for deliver / drop / duplicate; the clock pauses) or off. */
  setManual(on: boolean): Promise<Snapshot>;
  /** Cuts, slows down or mends the link between two nodes (both ways). */
  setLink(link: LinkSpec): Promise<Snapshot>;
  /** Acts on the message copy `id` in flight, now. */
  deliver(id: number): Promise<Snapshot>;
  drop(id: number): Promise<Snapshot>;
  duplicate(id: number): Promise<Snapshot>;
  /** Processes `count` (default 1) events. */
  step(count?: number): Promise<Snapshot>;
  /** Runs until a value is chosen, nothing is left, or `limit` (absolute virtual ms). */
  runUntilChosen(limit?: number): Promise<Snapshot>;
  /** Runs until nothing is left to happen or `limit` (absolute virtual ms). */
  runUntilIdle(limit?: number): Promise<Snapshot>;
  /** Goes back `count` (default 1) events; pauses the clock. */
  back(count?: number): Promise<Snapshot>;
  /** One event forward: along the recorded timeline if there is one, else the next event. */
  forward(): Promise<Snapshot>;
  /** Goes to the moment after `position` events of the current branch (0: just loaded). */
  seek(position: number): Promise<Snapshot>;
  /** Goes to the moment right after trace step `step` was written. */
  seekStep(step: number): Promise<Snapshot>;
  /** Continues on another branch, at its end. */
  switchBranch(branch: number): Promise<Snapshot>;
  /** Where we are on the timeline; null before the first load answers. */
  history(): History | null;
  /** The trace lines up to the current position (copies). */
  lines(): TraceLine[];
  play(): void;
  pause(): void;
  /** 0.25 to 16. */
  setSpeed(speed: number): void;
  /** The playback speed now. */
  speed(): number;
  /** The latest snapshot (a plain JSON copy); null before the first load answers. */
  state(): Snapshot | null;
  /** The whole trace up to the current position, paxos-trace v1 text (JSON Lines). */
  trace(): Promise<string>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof PlaygroundEvents>(event: E, callback: PlaygroundEvents[E]): () => void;
  /** The scenario's JSON text, as loaded (an exercise's scenario after loadExercise). */
  scenario(): string;
  /** The load and every request sent since, and where we are: what a share link holds (docs/sharing.md). */
  recording(): Recording | null;
  /**
   * Starts over with a recording and sends its requests again, in order; the clock pauses.
   * If one is refused, or the end is not where the recording stood, the session before is
   * restored and the promise rejects, saying so. `options` tell the progress and can stop
   * it: stopped, it resolves at the moment reached.
   */
  replay(recording: Recording, options?: ReplayOptions): Promise<Snapshot>;
  /** A link to this exact moment: this page's URL with a share fragment (docs/sharing.md). */
  shareLink(): Promise<string>;
  /** Opens a share fragment (`#s=1....`): replays it, or shows in the page why it cannot. */
  openLink(fragment: string): Promise<void>;
  /** Resolves once the first load is answered (and a locked playground stands at its first step). */
  ready(): Promise<void>;
  /** Stops the worker and removes the playground from the page. */
  destroy(): void;
  /**
   * Runs a student's own node (JavaScript exporting `handle`, docs/node-protocol.md) on the
   * island in place of the playground's, in a worker of its own, and loads the scenario
   * again; null: the playground's own node again. If the scenario does not load with it, the
   * playground's node is back and the promise rejects with the node's fault.
   */
  useNode(code: string | null): Promise<Snapshot>;
  /** The student's code on the island; null: the playground's own node. */
  node(): string | null;
}
