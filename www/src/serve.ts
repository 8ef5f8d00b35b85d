// What both Web Workers do (docs/worker-protocol.md): load their wasm, check the protocol
// version, and answer every request in order with a reply or an error. Each worker module
// imports its own wasm build and hands it here; only workers import wasm.
//
// A worker may also name a second, larger build that it fetches only when a request needs
// it (the Basic Paxos page: exercises and the model checker). The switch replays every
// request since the last `load` into the new build, so it continues from the same state
// and timeline (the simulation is deterministic), then answers from it from then on.

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
/** The larger build a worker switches to for the requests `wanted` picks. */
export interface LaterBuild {
  wanted: (request: Request) => boolean;
  load: () => Promise<Build>;
}

async function start(build: Build): Promise<Simulator> {
  await build.init();
  if (build.Playground.protocolVersion() !== PROTOCOL_VERSION) {
    throw new Error(`the simulator speaks worker protocol ${build.Playground.protocolVersion()}, the page ${PROTOCOL_VERSION}`);
  }
  return new build.Playground();
}

export function serve(first: Build, later?: LaterBuild): void {
  const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
  let current = start(first);
  current.then(
    () => post({ v: PROTOCOL_VERSION, kind: 'ready' }),
    (e: unknown) => post({ v: PROTOCOL_VERSION, kind: 'error', id: 0, message: String(e) }),
  );
  // Until the switch: the requests since the last `load` (as sent), to replay.
  let since: string[] | null = later ? [] : null;

  const switchTo = async (build: LaterBuild): Promise<Simulator> => {
    const next = await start(await build.load());
    for (const text of since ?? []) {
      try {
        next.handle(text);
      } catch {
        // It was refused the first time too, the same way.
      }
    }
    since = null;
    (await current.catch(() => null))?.free();
    return next;
  };

  const answer = async ({ id, request }: ToWorker): Promise<void> => {
    try {
      if (later && since && later.wanted(request)) current = Promise.resolve(await switchTo(later));
      const simulator = await current;
      const text = JSON.stringify(request);
      let reply: string | null = null;
      try {
        reply = simulator.handle(text);
      } finally {
        // Refused requests too, to be exact; a load starts afresh only if it loaded.
        if (since && request.type !== 'trace') {
          if (request.type === 'load' && reply !== null) since = [];
          since.push(text);
        }
      }
      post({ v: PROTOCOL_VERSION, kind: 'reply', id, response: JSON.parse(reply) as FromWorkerReply });
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
