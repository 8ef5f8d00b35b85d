// The controller of every protocol's page: everything but the page. It owns the virtual
// clock, queues every request to the worker so that no two race, holds the latest state, the
// timeline's shape and the trace lines up to the simulator's position (each update's
// `since`), and tells its subscribers what changed: the views (basic/, multi/), the API's
// listeners (api.ts). What differs between protocols (their requests, their answers, how fast
// their time runs) is a Protocol: Basic Paxos's is BASIC below, Multi-Paxos's
// multi/controller.ts's. It touches no DOM: Vitest drives it with the real simulator
// (www/test/controller.test.ts). The simulator is the only source of truth; time travel and
// branches are its own.

import type { History, Request, Response, Snapshot } from './protocol';
import type { WorkerClient } from './client';
import { parseTrace } from './history';
import { TraceBook } from './book';
import { REAL_MS_PER_VIRTUAL_MS } from './api';
import { recordingOf, type Recording } from '../share/recorder';
import { createClock, type Frames } from './clock';
import { createQueue } from './queue';
import { createEvents } from './events';

/** How an answer moved the timeline: time ran on, another moment, or a new scenario. */
export type How = 'run' | 'travel' | 'load';
export type Update = Extract<Response, { type: 'update' }>;

/** What every protocol's update carries: the trace lines after step `since`, and the timeline. */
export interface Answer {
  since: number;
  lines: readonly { step: number }[];
  history: History;
}

/** A protocol as the controller drives it: its requests, and what its answers say. */
export interface Protocol<U extends Answer, S> {
  /** An answer as this protocol's update, or null if it is another kind of answer. */
  update(r: Response): U | null;
  state(u: U): S;
  /** The state's virtual time, its trace step, and when its next event is due (null: nothing is). */
  now(s: S): number;
  step(s: S): number;
  next(s: S): number | null;
  /** Whether message `id` is in flight (a selection of one that is not goes). */
  flying(s: S, id: number): boolean;
  load(scenario: string): Request;
  runUntil(time: number): Request;
  seek(position: number): Request;
  switchBranch(branch: number): Request;
  trace: Request;
  /** Real ms per virtual ms at speed 1. */
  pace: number;
}

/** Basic Paxos: `update` answers with a snapshot; ten real ms per virtual ms at speed 1. */
export const BASIC: Protocol<Update, Snapshot> = {
  update: (r) => (r.type === 'update' ? r : null),
  state: (u) => u.snapshot,
  now: (s) => s.now,
  step: (s) => s.step,
  next: (s) => s.nextTime,
  flying: (s, id) => s.inFlight.some((f) => f.id === id),
  load: (scenario) => ({ type: 'load', scenario }),
  runUntil: (time) => ({ type: 'runUntil', time }),
  seek: (position) => ({ type: 'seek', position }),
  switchBranch: (branch) => ({ type: 'switchBranch', branch }),
  trace: { type: 'trace' },
  pace: REAL_MS_PER_VIRTUAL_MS,
};

/** One update, as the views take it. */
export interface Shown<U extends Answer = Update, S = Snapshot> {
  update: U;
  how: How;
  /** The state before it (null: a new scenario). */
  before: S | null;
  /** Trace lines the book let go (after going back). */
  dropped: number;
  /** Another moment is shown, not time running on: the views redraw rather than animate. */
  moved: boolean;
  /** The request answered (null: a redraw); notes for what writes no trace line read it. */
  request: Request | null;
}

export interface ControllerEvents<U extends Answer = Update, S = Snapshot> {
  /** An update is the controller's state now. */
  shown: (s: Shown<U, S>) => void;
  /** A new scenario: what the views hold of the timeline goes. */
  cleared: () => void;
  /** The clock moved or started or stopped; `frame`: an animation frame's tick. */
  clock: (frame: boolean) => void;
  /** The message selected (null: none). */
  selected: (id: number | null) => void;
  /** A queued request failed. */
  error: (error: Error) => void;
  /** A run the clock asked for failed (a budget, say): `error` says why too; the clock tries again on its next frame. */
  stalled: (error: Error) => void;
}

/** What the controller needs of a worker client (client.ts; a test may give another). */
export type Client = Pick<WorkerClient, 'request' | 'log' | 'onReplay' | 'terminate' | 'cancelReplay'>;

export interface ControllerOptions<U extends Answer = Update, S = Snapshot> {
  client: Client;
  protocol: Protocol<U, S>;
  autoplay?: boolean;
  speed?: number;
  /** The animation clock's frames (clock.ts); default requestAnimationFrame. */
  frames?: Frames;
}

/** A request, or one made when its turn comes (from the state then). */
export type Deferred = Request | (() => Request);
/** A person's action: a request that says when it happened (`at`: the variants that have it). */
export type Action = Request extends infer R ? (R extends unknown ? ('at' extends keyof R ? R : never) : never) : never;

export type Controller<U extends Answer = Update, S = Snapshot> = ReturnType<typeof createController<U, S>>;

/** A controller around `o.client` for `o.protocol`; nothing is loaded until `load`. */
export function createController<U extends Answer = Update, S = Snapshot>(o: ControllerOptions<U, S>) {
  const p = o.protocol;
  const events = createEvents<ControllerEvents<U, S>>();
  const emit = events.emit;
  let client = o.client;
  let nodeCode: string | null = null;
  let snap: S | null = null;
  let hist: History | null = null;
  let scenarioText = '';
  let closed = false;
  let selected: number | null = null;
  let lastBranch = 0;
  let prevBranch: number | null = null;
  const book = new TraceBook<U['lines'][number]>();
  const clock = createClock({
    frames: o.frames,
    playing: o.autoplay ?? true,
    speed: o.speed ?? 1,
    pace: p.pace,
    due: () => (closed || !snap ? null : p.next(snap)),
    runTo: (time) =>
      enqueue(() => send(p.runUntil(time))).catch((e: Error) => {
        emit('stalled', e);
        throw e;
      }),
    told: (frame) => emit('clock', frame),
  });

  /** Runs `job` after every job queued before it has finished (queue.ts). */
  const enqueue = createQueue((e) => emit('error', e)).run;

  async function update(request: Request): Promise<U> {
    const r = await client.request(request);
    const u = p.update(r);
    if (!u) throw new Error(`expected an update, got ${r.type}`);
    return u;
  }

  /** Sends one request now (inside a queued job) and shows its answer. */
  async function send(request: Request, how: How = 'run'): Promise<S> {
    const r = await update(request);
    show(r, how, request);
    return p.state(r);
  }

  const made = <R extends Request>(r: R | (() => R)): R => (typeof r === 'function' ? r() : r);

  /**
   * A person's actions, at the clock's moment: the request carries it (`at`), and the
   * simulator catches up with it, carries the action out, then what is due at that very
   * moment (crates/paxos-session, Request::at): one round trip. Several actions at one
   * moment (Race's two proposals) all happen before what is due then: the simulator catches
   * up first, and only the last carries the moment.
   */
  function act(requests: (Action | (() => Action))[]): Promise<S> {
    return enqueue(async () => {
      if (!snap) throw new Error('no scenario is loaded');
      const at = Math.floor(clock.vt);
      if (requests.length > 1 && at > p.now(snap)) await send(p.runUntil(at));
      let last: S = snap;
      for (const [i, r] of requests.entries()) last = await send(i === requests.length - 1 ? { ...made(r), at } : made(r));
      return last;
    });
  }

  /** A jump (step, run until ...): the clock moves to the simulator's time. */
  function jump(request: Deferred, how: How = 'run'): Promise<S> {
    return enqueue(() => moveTo(made(request), how));
  }

  /** Sends `request` now (inside a queued job), shows its answer, and sets the clock to its time. */
  async function moveTo(request: Request, how: How): Promise<S> {
    const s = await send(request, how);
    clock.set(p.now(s));
    return s;
  }

  /** Another moment of the timeline: the clock pauses there. */
  function travel(request: Deferred): Promise<S> {
    clock.pause();
    return jump(request, 'travel');
  }

  let scrubTo: number | null = null;
  let scrubbing = false;
  /** The scrubber: one seek at a time, always towards where the thumb is now. */
  function scrub(position: number): void {
    scrubTo = position;
    if (scrubbing) return;
    scrubbing = true;
    void (async () => {
      while (scrubTo !== null) {
        const to = scrubTo;
        scrubTo = null;
        await travel(p.seek(to)).catch(() => {});
      }
      scrubbing = false;
    })();
  }

  /** Starts over with a scenario, or with `request` (a loadExercise, a checkLoad) and its scenario. */
  function load(scenario: string | object, request?: Request): Promise<S> {
    return enqueue(() => loadNow(scenario, request));
  }

  /** `load`, inside a queued job. */
  async function loadNow(scenario: string | object, request?: Request): Promise<S> {
    const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
    const req = request ?? p.load(text);
    const r = await update(req);
    scenarioText = text;
    const s = p.state(r);
    clock.vt = p.now(s);
    clear();
    show(r, 'load', req);
    return s;
  }

  /** Forgets the timeline, before it is drawn afresh. */
  function clear(): void {
    snap = null;
    hist = null;
    book.clear();
    lastBranch = 0;
    prevBranch = null;
    emit('cleared');
    select(null);
  }

  /**
   * Another branch, at its end, inside a queued job. The answer's `since` is the step where
   * the two branches part (crates/paxos-session, Loaded::switch_to): the lines of the branch
   * left go.
   */
  function switchNow(branch: number): Promise<S> {
    return moveTo(p.switchBranch(branch), 'travel');
  }

  /** One recorded request (a Basic Paxos share link's), carried out the way a person's is. */
  async function resend(r: Request): Promise<void> {
    switch (r.type) {
      case 'switchBranch':
        await switchNow(r.branch);
        return;
      case 'back':
      case 'seek':
      case 'seekStep':
        await send(r, 'travel');
        return;
      case 'checkLoad':
        await loadNow(scenarioText, r);
        return;
      case 'checkStart':
      case 'checkRun':
      case 'checkStop':
        await client.request(r);
        return;
      default:
        await send(r);
    }
  }

  /** The session as a share link holds it (recorder.ts): its input log; null before the first load. */
  function recording(): Recording | null {
    if (!snap || !hist) return null;
    const at = { position: hist.position, length: hist.length, branch: hist.branch, step: p.step(snap), now: p.now(snap) };
    return recordingOf(client.log, scenarioText, at, nodeCode);
  }

  /** The whole trace up to now, paxos-trace v1 text. */
  async function trace(): Promise<string> {
    return (await ask(p.trace, 'trace')).text;
  }

  /** A request that answers other than with an update (a trace, a check's report), after those queued before it. */
  async function ask<T extends Response['type']>(request: Request, type: T): Promise<Extract<Response, { type: T }>> {
    const r = await enqueue(() => client.request(request));
    if (r.type !== type) throw new Error(`expected ${type}, got ${r.type}`);
    return r as Extract<Response, { type: T }>;
  }

  /** Takes an answer in: the book, the snapshot, the clock, then the subscribers. */
  function show(r: U, how: How, request: Request | null): void {
    const before = snap;
    const dropped = book.apply(r.since, r.lines);
    const s = p.state(r);
    snap = s;
    hist = r.history;
    if (how !== 'run' || clock.vt < p.now(s)) clock.vt = p.now(s);
    if (hist.branch !== lastBranch) {
      prevBranch = lastBranch;
      lastBranch = hist.branch;
    }
    if (selected !== null && !p.flying(s, selected)) select(null);
    emit('shown', { update: r, how, before, dropped, moved: dropped > 0 || how === 'travel', request });
    clock.wake();
  }

  /** Draws the simulator's state `r` afresh, with its whole trace (a replay that stopped short). */
  function redraw(r: U, text: string): void {
    clear();
    show({ ...r, since: 0, lines: parseTrace<U['lines'][number]>(text) }, 'travel', null);
  }

  function select(id: number | null): void {
    selected = id;
    emit('selected', id);
  }

  return {
    on: events.on,
    enqueue,
    send,
    act,
    jump,
    travel,
    scrub,
    load,
    loadNow,
    switchBranch: (branch: number) => (clock.pause(), enqueue(() => switchNow(branch))),
    resend,
    recording,
    trace,
    ask,
    redraw,
    select,
    play: () => clock.play(),
    pause: () => clock.pause(),
    setSpeed: (x: number) => clock.setSpeed(x),
    /** The clock brought to the simulator's: where it stands (a replay's end). */
    settle(): [S, History] {
      clock.set(p.now(snap!));
      return [snap!, hist!];
    },
    /** Puts `next` in place of the client (a student's node, or the playground's own again). */
    useClient(next: Client, code: string | null): void {
      client.terminate();
      next.onReplay = client.onReplay;
      client = next;
      nodeCode = code;
    },
    close(): void {
      closed = true;
      clock.stop();
      client.terminate();
    },
    get client() {
      return client;
    },
    get snapshot() {
      return snap;
    },
    get history() {
      return hist;
    },
    get book() {
      return book;
    },
    get scenario() {
      return scenarioText;
    },
    get node() {
      return nodeCode;
    },
    get vt() {
      return clock.vt;
    },
    get playing() {
      return clock.playing;
    },
    get speed() {
      return clock.speed;
    },
    get selected() {
      return selected;
    },
    /** The branch seen before the current one (the B key goes back to it). */
    get previousBranch() {
      return prevBranch;
    },
    get closed() {
      return closed;
    },
  };
}
