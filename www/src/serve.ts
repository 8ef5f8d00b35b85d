// What both Web Workers do (docs/worker-protocol.md): load their wasm, check the protocol
// version, and answer every request in order with a reply or an error. Each worker module
// imports its own wasm build and hands it here; only workers import wasm.
//
// A worker may also name larger builds that it fetches only when a request needs one (the
// Basic Paxos page: the laboratory — time travel, the manual network, partitions and links,
// scripted scenarios — and then the classroom). A build asks for the next one by answering
// `{"type": "later"}` (it changed nothing), or a request is `wanted` by a later build; such a
// worker starts no build before its first request, which may want a later one at once. The
// switch replays every request since the last `load` into the new build, so it continues
// from the same state and timeline (the simulation is deterministic), then answers from it
// from then on.

import { PROTOCOL_VERSION, type FromWorker, type Request, type ToWorker } from './protocol';

interface Simulator {
  /** A request as JSON text in, its response as JSON text out (see crates/paxos-wasm). */
  handle(request: string): string;
  /** Releases the wasm object (wasm-bindgen). */
  free(): void;
}
interface SimulatorClass {
  new (): Simulator;
  protocolVersion(): number;
}
/** A wasm build: its glue's `init` and its simulator class. */
export interface Build {
  init: () => Promise<unknown>;
  Playground: SimulatorClass;
}
/**
 * A larger build a worker may switch to: for the requests `wanted` picks, or when the build
 * in use answers `later`. Each build of the list has everything the ones before it have.
 */
export interface LaterBuild {
  wanted?: (request: Request) => boolean;
  load: () => Promise<Build>;
}

async function start(build: Build): Promise<Simulator> {
  await build.init();
  if (build.Playground.protocolVersion() !== PROTOCOL_VERSION) {
    throw new Error(`the simulator speaks worker protocol ${build.Playground.protocolVersion()}, the page ${PROTOCOL_VERSION}`);
  }
  return new build.Playground();
}

export function serve(first: Build, later: readonly LaterBuild[] = []): void {
  const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
  const readied = (p: Promise<Simulator>): Promise<Simulator> => {
    p.then(
      () => post({ v: PROTOCOL_VERSION, kind: 'ready' }),
      (e: unknown) => post({ v: PROTOCOL_VERSION, kind: 'error', id: 0, message: String(e) }),
    );
    return p;
  };
  // The build in use, started by the first request: the first build, or a later one that
  // request wants (an embed that opens a scripted scenario fetches one build, not two).
  let current: Promise<Simulator> | null = later.length > 0 ? null : readied(start(first));
  // Which build `current` is: -1 for the first, else its index in `later`.
  let level = -1;
  // Until the last build: the requests since the last `load` (as sent), to replay.
  let since: string[] | null = later.length > 0 ? [] : null;

  const switchTo = async (to: number): Promise<void> => {
    const next = await start(await later[to].load());
    for (const text of since ?? []) {
      try {
        next.handle(text);
      } catch {
        // It was refused the first time too, the same way.
      }
    }
    if (to === later.length - 1) since = null;
    level = to;
    const old = current && (await current.catch(() => null));
    if (!current) post({ v: PROTOCOL_VERSION, kind: 'ready' });
    current = Promise.resolve(next);
    old?.free();
  };

  const answer = async ({ id, request }: ToWorker): Promise<void> => {
    try {
      const wanted = later.findIndex((b, i) => i > level && b.wanted?.(request));
      if (wanted >= 0) await switchTo(wanted);
      else current ??= readied(start(first));
      const text = JSON.stringify(request);
      let reply: Reply | null = null;
      try {
        reply = JSON.parse((await current!).handle(text)) as Reply;
        // It needs what this build leaves out: ask the next one.
        while (reply.type === 'later' && level + 1 < later.length) {
          await switchTo(level + 1);
          reply = null; // refused by the next build: kept, as refusals are
          reply = JSON.parse((await current!).handle(text)) as Reply;
        }
      } finally {
        // Refused requests too, to be exact; a load starts afresh only if it loaded. A
        // request answered `later` changed nothing: it is not kept.
        if (since && request.type !== 'trace' && reply?.type !== 'later') {
          if (request.type === 'load' && reply !== null) since = [];
          since.push(text);
        }
      }
      if (reply.type === 'later') throw new Error(`this build of the simulator leaves out ${reply.needs}`);
      post({ v: PROTOCOL_VERSION, kind: 'reply', id, response: reply });
    } catch (e) {
      post({ v: PROTOCOL_VERSION, kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  };
  // One request at a time, in the order they came: a switch waits for those before it.
  let queue = Promise.resolve();
  self.onmessage = (event: MessageEvent<ToWorker>) => {
    queue = queue.then(() => answer(event.data));
  };
}

type FromWorkerReply = Extract<FromWorker, { kind: 'reply' }>['response'];
/** What a build answers: a reply for the page, or `later` for the worker alone. */
type Reply = FromWorkerReply | { type: 'later'; needs: string };
