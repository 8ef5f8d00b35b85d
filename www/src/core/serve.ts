// What both Web Workers do (docs/worker-protocol.md): load their wasm, check the protocol
// version, and answer every request in order with a reply or an error. Each worker module
// imports its own wasm builds' glue and hands it here; the page may have compiled the wasm
// of the build to start with already (firstwasm.ts) and sends it as its first message.
//
// A worker may also name larger builds that it fetches only when a request needs one (the
// Basic Paxos page: the laboratory — time travel, the manual network, partitions and links,
// scripted scenarios — and then the classroom). A build asks for the next one by answering
// `{"type": "later"}` (it changed nothing), or a request is `wanted` by a later build. Such a
// worker starts the build the page compiled for it at once; given none, it starts no build
// before its first request, which may want a later one at once. The worker keeps no record
// of the session: it answers such a request `later` with the build it needs (and every one
// after it, until the switch), and the page sends its input log as a replay into that build
// (client.ts), so it continues from the same state and timeline (the simulation is
// deterministic), then the request again. A replay into a new worker switches on its own
// when one of its requests needs a later build: it has the log in hand.
//
// A refusal is an Error the simulator made: its message is for the person, and the session
// is unchanged. Anything else a build throws (a wasm RuntimeError: a panic, or no memory
// left; a RangeError: too deep a recursion) leaves its wasm unusable: the worker answers
// that request and every later one `crashed`, and the page replaces it (client.ts), sending
// the new one its input log as one `replay`.

import { PROTOCOL_VERSION, type FromWorker, type Request, type Response, type ToWorker } from './protocol';
import { refused, simulator, type Build, type Simulator } from './builds';
import { messageOf } from './errors';
import { Packer } from './changes';

export type { Build } from './builds';

/**
 * A larger build a worker may switch to: for the requests `wanted` picks, or when the build
 * in use answers `later`. Each build of the list has everything the ones before it have.
 */
export interface LaterBuild {
  wanted?: (request: Request) => boolean;
  load: () => Promise<Build>;
}

/** How long a replay runs between two reports of its progress, ms. */
const SLICE = 100;

export function serve(first: Build, later: readonly LaterBuild[] = []): void {
  const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
  const ready = () => post({ v: PROTOCOL_VERSION, kind: 'ready' });
  // Fetching and starting a build (and replaying into it): the page's time budget waits
  // from `loading` to `ready`.
  const start = async (build: Promise<Build>, module?: WebAssembly.Module): Promise<Simulator> => {
    post({ v: PROTOCOL_VERSION, kind: 'loading' });
    const b = await build;
    await b.init(module);
    return simulator(b.Playground);
  };
  // The first build's wasm as the page compiled it (its first message), if it could.
  let compiled: WebAssembly.Module | undefined;
  // A build that could not start before any request asked for it: said as an error of id 0.
  const unstarted = (e: unknown) => post({ v: PROTOCOL_VERSION, kind: 'error', id: 0, message: String(e) });
  const startFirst = (): Promise<Simulator> => {
    const p = start(Promise.resolve(first), compiled);
    p.then(ready, unstarted);
    return p;
  };
  // The build in use, started by the first request: the first build, or a later one that
  // request wants (an embed that opens a scripted scenario fetches one build, not two). A
  // worker given the first build compiled, or with no other, starts it on the page's first
  // message: the wasm, or a request.
  let current: Promise<Simulator> | null = null;
  // Which build `current` is: -1 for the first, else its index in `later`.
  let level = -1;
  // The later build a request needed: until the page's replay switches to it, every request
  // is answered `later` (the page sends them again after the replay).
  let needed: number | null = null;
  // What a build threw that was no refusal; from then on every request is answered `crashed`.
  let trap: string | null = null;
  // The replay the page asked to stop.
  let cancelled = 0;

  /** A build's answer to one request; throws a refusal as it is, and notes a trap. */
  const handle = (sim: Simulator, text: string): Reply => {
    try {
      return JSON.parse(sim.handle(text)) as Reply;
    } catch (e) {
      if (!refused(e)) trap = String(e);
      throw e;
    }
  };

  /** Starts later build `to` in place of the one in use (empty: a replay fills it). */
  const switchTo = async (to: number, module?: WebAssembly.Module): Promise<void> => {
    const next = await start(later[to].load(), module);
    ready();
    level = to;
    const old = current && (await current.catch(() => null));
    current = Promise.resolve(next);
    old?.free();
  };

  /** One request on the build in use; `later` with the build it needs, when it needs one. */
  const run = async (request: Request): Promise<Reply> => {
    const wanted = later.findIndex((b, i) => i > level && b.wanted?.(request));
    if (wanted >= 0) return { type: 'later', needs: request.type, build: wanted };
    current ??= startFirst();
    const reply = handle(await current, JSON.stringify(request));
    if (reply.type !== 'later') return reply;
    // It needs what this build leaves out: the next one has it.
    if (level + 1 < later.length) return { ...reply, build: level + 1 };
    throw new Error(`this build of the simulator leaves out ${reply.needs}`);
  };

  /**
   * A replay: the requests in order, their answers unsent, the progress told every SLICE ms
   * (between slices a cancel can come in); the last report says it is over.
   */
  const replay = async (id: number, requests: Request[], build?: number): Promise<void> => {
    needed = null;
    // A build that cannot come (offline): the replay is refused, the build in use stays.
    if (build !== undefined && build > level) await switchTo(build);
    let done = 0;
    let sliced = Date.now();
    const told = (end: boolean) => post({ v: PROTOCOL_VERSION, kind: 'replayed', id, done, end });
    for (let i = 0; i < requests.length; i++) {
      try {
        const reply = await run(requests[i]!);
        if (reply.type === 'later') {
          // A later build for the rest of the log (a new worker's replay): it starts again
          // from the log's beginning, which this build answered (and so does the count).
          await switchTo(reply.build);
          i = -1;
          continue;
        }
      } catch (e) {
        // Each was accepted before; one refused now changes nothing either. A trap: the
        // page learns how far the replay came, then that it crashed.
        if (trap) {
          told(false);
          throw e;
        }
      }
      done = i + 1;
      if (Date.now() - sliced > SLICE) {
        told(false);
        await new Promise((go) => setTimeout(go));
        if (cancelled === id) break;
        sliced = Date.now();
      }
    }
    told(true);
  };

  const answer = async (m: Exclude<ToWorker, { cancel: true } | { wasm: unknown }>): Promise<void> => {
    const { id } = m;
    try {
      if (trap) throw new Error(trap);
      if ('replay' in m) return await replay(id, m.replay, m.build);
      const reply = needed === null ? await run(m.request) : null;
      if (reply?.type === 'later') needed = reply.build;
      if (reply === null || reply.type === 'later') post({ v: PROTOCOL_VERSION, kind: 'later', id, build: needed! });
      else post({ v: PROTOCOL_VERSION, kind: 'reply', id, response: packer.pack(reply) });
    } catch (e) {
      const message = messageOf(e);
      post(trap ? { v: PROTOCOL_VERSION, kind: 'crashed', id, message: trap } : { v: PROTOCOL_VERSION, kind: 'error', id, message });
    }
  };
  // Each reply's state as what changed since the last one sent (changes.ts).
  const packer = new Packer();
  // One request at a time, in the order they came: a switch waits for those before it. A
  // cancel is read at once: the replay it stops is running.
  let queue = Promise.resolve();
  self.onmessage = (event: MessageEvent<ToWorker>) => {
    const m = event.data;
    if ('wasm' in m) {
      // A build the page compiled starts at once (the page waits for `ready` to hand over):
      // the first, or a later one (a scripted story's laboratory), before any request.
      const module = m.wasm ?? undefined;
      if (module && m.build > 0) {
        const to = m.build - 1;
        queue = queue.then(() => switchTo(to, module)).catch(unstarted);
      } else {
        compiled = module;
        if (later.length === 0 || compiled) current ??= startFirst();
      }
    } else if ('cancel' in m) cancelled = m.id;
    else queue = queue.then(() => answer(m));
  };
}

/** What a build answers: a reply for the page, or `later` with the build it needs. */
type Reply = Response | { type: 'later'; needs: string; build: number };
