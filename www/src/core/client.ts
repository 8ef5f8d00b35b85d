// The page's side of the worker protocol: one module Web Worker per playground, and a
// promise per request that resolves with the simulator's response or rejects with its
// error message. Requests are answered in order (docs/worker-protocol.md).
//
// It keeps the input log, the one record of a session: the last load and every request the
// simulator accepted since, in order. Share links are made of it; a worker switching to a
// later build (it answers `later`) is sent it as a replay into that build; and a worker
// that fails is replaced: when its wasm
// trapped (`crashed`: a panic, no memory left), it died, or it left a request unanswered for
// BUDGET ms, a fresh one replays the log, and the simulation, being deterministic, is back
// at the same moment of the same timeline. The request it failed on is not in the log: it
// rejects, and is not carried out.
//
// A page that compiled its first build (firstwasm.ts) runs it on its own thread until the
// worker is up (`LocalBuild`): the first answer then waits for no worker script, one round
// trip fewer on a slow link. When the worker says `ready`, it is sent the log as a replay and
// answers from then on; a request the first build leaves to a later one, or a trap, hands
// over at once (that request waits for the worker).

import { PROTOCOL_VERSION, exhaustive, type FromWorker, type Request, type Response, type ToWorker } from './protocol';
import { refused, type Simulator } from './builds';
import { Unpacker } from './changes';
import { t } from '../i18n/i18n';

/** How long the worker may take to answer, ms (long work comes in slices: checkRun). */
export const BUDGET = 10_000;

const LOADS: Request['type'][] = ['load', 'loadExercise', 'multiLoad'];
/** Requests that change nothing, left out of the log. */
const READ_ONLY: Request['type'][] = ['trace', 'multiTrace', 'snapshot', 'checkSpec'];

interface Pending {
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
  request: Request;
  /** When it was first sent (its first id): the order it is carried out in. */
  order?: number;
}

/** How a replacement worker's replay of the log goes: `done` of `total`; `end` once over. */
export interface Replay {
  done: number;
  total: number;
  end: boolean;
}

/**
 * The log without the searches that never put their path on the timeline: a search changes
 * nothing else, and replaying one would take as long as it did (and as much memory).
 */
export function replayable(log: readonly Request[]): Request[] {
  const out: Request[] = [];
  let loaded = false; // a checkLoad comes later, before another search starts
  for (let i = log.length; i--; ) {
    const r = log[i]!;
    if (r.type === 'checkLoad') loaded = true;
    if (loaded || !r.type.startsWith('check')) out.push(r);
    if (r.type === 'checkStart') loaded = false;
  }
  return out.reverse();
}

/** The first build as the page has it (firstwasm.ts). */
export interface FirstBuild {
  module: WebAssembly.Module;
  /** Which of the worker's builds it is: 0 its first, n its n-th later one (worker.ts). */
  build: number;
  /** The build on the page's thread, until the worker takes over (null: none). */
  local: LocalBuild | null;
}

/**
 * A build run on the page's thread while the worker starts. Its glue holds one wasm instance
 * for every playground of the page, kept until the page goes (what its simulators leave is
 * the allocator's again, the memory is not).
 */
export interface LocalBuild {
  /** Its simulator, from the module the page compiled; throws when it cannot start. */
  start(module: WebAssembly.Module): Simulator;
  /** Requests it leaves to a later build (the worker's): they hand over. */
  leaves(request: Request): boolean;
  /** It trapped: its instance is unusable, every playground on it hands over. */
  trapped?: boolean;
}

export class WorkerClient {
  /** The last load and every request accepted since, read-only ones left out. */
  log: Request[] = [];
  /** Told how each replacement worker's replay goes, from its start to its end. */
  onReplay: ((r: Replay) => void) | null = null;
  /** Null until started: see `known`. */
  #worker: Worker | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #failed: Error | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The worker has said something (it runs), and is not fetching a build: time counts. */
  #counting = false;
  /** The replay under way (its id; 0: none), and how far it came. */
  #replaying = 0;
  #done = 0;
  #readied!: () => void;
  #broken!: (e: Error) => void;
  /** Resolves when the simulator is loaded; rejects when it cannot start. */
  readonly ready: Promise<void>;

  /** The first build as the page has it; undefined until known, null: none. */
  #first: FirstBuild | null | undefined;
  /** Requests sent before it was known: they go where it says, in order. */
  #early: Pending[] = [];
  /** The first build on the page's thread, until the worker takes over. */
  #local: Simulator | null = null;
  /** The replay that hands over to the worker (its id): not a recovery, nothing to tell. */
  #handing = 0;
  /** The replay into a later build under way (its id; 0: none). */
  #switching = 0;
  /** The requests that wait for that switch, to be sent again in their order. */
  #held: Pending[] = [];

  /**
   * `make`: starts the page's own worker module (each page bundles only the wasm it needs).
   * `first`: its first build as the page has it (firstwasm.ts), sent to each worker before
   * any request, and run on the page until the worker is up; null: the worker fetches the
   * build it wants. Requests may be sent before it has come: they wait for it.
   */
  constructor(
    private readonly make: () => Worker,
    first: Promise<FirstBuild | null> | null = null,
  ) {
    this.ready = new Promise<void>((res, rej) => ((this.#readied = res), (this.#broken = rej)));
    this.ready.catch(() => {}); // observed through request() too
    if (!first) this.#known(null);
    else void first.catch(() => null).then((f) => this.#known(f));
  }

  /**
   * The first build is known: it starts on the page, the worker gets it, then the requests
   * that waited for it go. With a build on the page, the worker starts after the page's
   * first frame with an answer (its script is no part of the first load), or when a request
   * needs it.
   */
  #known(first: FirstBuild | null): void {
    if (this.#failed) return; // terminated meanwhile
    this.#first = first;
    if (first?.local && !first.local.trapped) {
      try {
        this.#local = first.local.start(first.module);
        this.#readied();
      } catch (e) {
        console.warn('the simulator could not start on the page; its worker will answer', e);
      }
    }
    const early = this.#early.splice(0);
    if (this.#local) {
      for (const p of early) this.#send(p);
      const frame = globalThis.requestAnimationFrame ?? setTimeout;
      frame(() => setTimeout(() => this.#worker || this.#failed || this.#start()));
    } else {
      this.#start();
      for (const p of early) this.#send(p);
    }
  }

  #start(): void {
    const worker = (this.#worker = this.make());
    this.#post({ v: PROTOCOL_VERSION, id: 0, wasm: this.#first?.module ?? null, build: this.#first?.build ?? 0 });
    // Its replies' states come packed against its last one (changes.ts).
    const unpacker = new Unpacker();
    worker.onmessage = ({ data: m }: MessageEvent<FromWorker>) => {
      if (worker !== this.#worker) return; // one that was replaced
      this.#counting = m.kind !== 'loading';
      const id = 'id' in m ? m.id : 0;
      const p = this.#pending.get(id);
      this.#pending.delete(id);
      switch (m.kind) {
        case 'ready':
          this.#readied();
          this.#handOver();
          break;
        case 'loading':
          break;
        case 'reply': {
          const response = unpacker.unpack(m.response);
          if (p) this.#note(p.request);
          p?.resolve(response);
          break;
        }
        case 'error':
          if (!id) return this.#lost(new Error(m.message));
          // A switch that failed (its build could not be fetched): the request that needed
          // it is refused with why; the others go on with the build in use.
          if (id === this.#switching) this.#switched(new Error(m.message));
          p?.reject(new Error(m.message));
          break;
        case 'later':
          // It needs a later build (nothing changed): the input log goes into that build
          // first; this request, and every one after it, waits for the switch.
          if (!p) break;
          if (!this.#switching) {
            this.#handing = this.#replaying = this.#switching = this.#nextId++;
            this.#done = 0;
            this.#post({ v: PROTOCOL_VERSION, id: this.#replaying, replay: this.log, build: m.build });
          }
          this.#held.push(p);
          break;
        case 'crashed':
          return this.#replace(p);
        case 'replayed': {
          const total = this.log.length;
          this.#done = m.done;
          if (id !== this.#handing) this.onReplay?.({ done: m.done, total, end: m.end });
          if (m.end) {
            this.#replaying = 0;
            this.log.length = m.done; // cancelled: the rest is not there
            if (id === this.#switching) this.#switched(null);
          }
          break;
        }
        default:
          exhaustive(m);
      }
      this.#arm();
    };
    // A worker that dies before it has said anything, or while it fetches a build, could not
    // start (its script or wasm could not be fetched): another would not do better.
    worker.onerror = (e: ErrorEvent) => {
      if (worker !== this.#worker) return;
      e.preventDefault(); // said here, not as the page's own uncaught error
      if (this.#counting) this.#replace();
      else this.#lost(new Error(e.message || t('err.worker')));
    };
  }

  /**
   * The worker could not start. While the page's build answers, that is for later: the
   * next hand-over starts another. Otherwise the simulator is out of reach.
   */
  #lost(e: Error): void {
    if (!this.#local) return this.#fail(e);
    console.warn('the worker could not start; the page answers until another does', e);
    this.#worker?.terminate();
    this.#worker = null;
  }

  /** Sends one request; resolves with the response, rejects with the simulator's message. */
  request(request: Request): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      if (this.#failed) return reject(this.#failed);
      const p = { resolve, reject, request };
      if (this.#first === undefined) this.#early.push(p);
      else this.#send(p);
    });
  }

  /** To the page's own build if it has one that answers it, else to the worker. */
  #send(p: Pending): void {
    if (this.#local) {
      if (!this.#first?.local?.trapped && this.#ask(p)) return;
      this.#handOver();
    }
    p.order ??= this.#nextId++;
    if (this.#switching) return void this.#held.push(p);
    const id = this.#nextId++;
    this.#pending.set(id, p);
    this.#post({ v: PROTOCOL_VERSION, id, request: p.request });
    if (this.#pending.size === 1) this.#arm();
  }

  /** The page's own build answers `p`, unless it leaves it to the worker (false). */
  #ask(p: Pending): boolean {
    const build = this.#first!.local!;
    if (build.leaves(p.request)) return false;
    let reply: Response | { type: 'later' };
    try {
      reply = JSON.parse(this.#local!.handle(JSON.stringify(p.request))) as Response | { type: 'later' };
    } catch (e) {
      if (!refused(e)) {
        // A trap: the worker carries on from the log, without this request.
        console.warn('the simulator trapped on the page; its worker takes over', e);
        build.trapped = true;
        this.#handOver();
        p.reject(new Error(t('err.crashed')));
        return true;
      }
      p.reject(e as Error);
      return true;
    }
    if (reply.type === 'later') return false;
    this.#note(p.request);
    p.resolve(reply);
    return true;
  }

  /** The worker answers from now on: it replays the log first (before any later request). */
  #handOver(): void {
    if (!this.#local) return;
    this.#release();
    if (!this.#worker) this.#start();
    if (!this.log.length) return;
    this.#handing = this.#replaying = this.#nextId++;
    this.#done = 0;
    this.#post({ v: PROTOCOL_VERSION, id: this.#replaying, replay: this.log });
    this.#arm();
  }

  /** Stops the replay under way where it has come to (the log is cut there). */
  cancelReplay(): void {
    if (this.#replaying) this.#post({ v: PROTOCOL_VERSION, id: this.#replaying, cancel: true });
  }

  /** Stops the worker; pending requests reject (with `why`). */
  terminate(why = new Error(t('err.closed'))): void {
    this.#worker?.terminate();
    this.#fail(why);
  }

  #post(m: ToWorker): void {
    this.#worker!.postMessage(m);
  }

  /** The time budget of the oldest unanswered message, from now. */
  #arm(): void {
    clearTimeout(this.#timer);
    if (this.#counting && (this.#pending.size || this.#replaying)) this.#timer = setTimeout(() => this.#replace(), BUDGET);
  }

  /** Adds an accepted request to the log: a load starts it afresh. */
  #note(r: Request): void {
    if (LOADS.includes(r.type)) this.log = [r];
    else if (this.log.length && !READ_ONLY.includes(r.type)) this.log.push(r);
  }

  /**
   * A fresh worker in place of one that failed, replaying the log into it. What was waiting
   * for the old one (`failing`, the request it failed on, and any after it) is not carried
   * out, and rejects; a replay that failed is cut where it came.
   */
  #replace(failing?: Pending): void {
    this.#worker?.terminate();
    this.#counting = false;
    this.#arm();
    this.#switching = 0;
    const e = this.#drop(new Error(t('err.crashed')));
    failing?.reject(e);
    this.log = replayable(this.#replaying ? this.log.slice(0, this.#done) : this.log);
    this.#start();
    const total = this.log.length;
    this.#replaying = total && this.#nextId++;
    this.#done = 0;
    if (total) this.#post({ v: PROTOCOL_VERSION, id: this.#replaying, replay: this.log });
    this.onReplay?.({ done: 0, total, end: !total });
  }

  #fail(e: Error): void {
    clearTimeout(this.#timer);
    this.#failed ??= e;
    this.#release();
    for (const p of this.#early.splice(0)) p.reject(e);
    this.#broken(this.#drop(e));
  }

  /** Lets go of the page's build (after a trap its instance may refuse even that). */
  #release(): void {
    const local = this.#local;
    this.#local = null;
    try {
      local?.free();
    } catch {
      // its memory stays the instance's, which is unusable anyway
    }
  }

  /**
   * The switch is over: the requests that waited for it go in their order, the first refused
   * with `failed` if the switch failed (it needed the build that could not come).
   */
  #switched(failed: Error | null): void {
    this.#switching = this.#replaying = this.#handing = 0;
    const held = this.#held.splice(0).sort((a, b) => a.order! - b.order!);
    if (failed) held.shift()?.reject(failed);
    for (const p of held) this.#send(p);
  }

  /** Rejects every request waiting with `e`; returns it. */
  #drop(e: Error): Error {
    for (const p of this.#held.splice(0)) p.reject(e);
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
    return e;
  }
}
