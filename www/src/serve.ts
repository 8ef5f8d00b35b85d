// What both Web Workers do (docs/worker-protocol.md): load their wasm, check the protocol
// version, and answer every request in order with a reply or an error. Each worker module
// imports its own wasm build and hands it here; only workers import wasm.

import { PROTOCOL_VERSION, type FromWorker, type Request, type ToWorker } from './protocol';

interface Simulator {
  /** A request as JSON text in, its response as JSON text out (see crates/paxos-wasm). */
  handle(request: string): string;
}
interface SimulatorClass {
  new (): Simulator;
  protocolVersion(): number;
}

export function serve(init: () => Promise<unknown>, Playground: SimulatorClass): void {
  const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
  const ready = init().then(() => {
    if (Playground.protocolVersion() !== PROTOCOL_VERSION) {
      throw new Error(`the simulator speaks worker protocol ${Playground.protocolVersion()}, the page ${PROTOCOL_VERSION}`);
    }
    return new Playground();
  });
  ready.then(
    () => post({ v: PROTOCOL_VERSION, kind: 'ready' }),
    (e: unknown) => post({ v: PROTOCOL_VERSION, kind: 'error', id: 0, message: String(e) }),
  );
  self.onmessage = async (event: MessageEvent<ToWorker>) => {
    const { id, request } = event.data;
    try {
      const playground = await ready;
      post({ v: PROTOCOL_VERSION, kind: 'reply', id, response: JSON.parse(playground.handle(JSON.stringify(request satisfies Request))) as FromWorkerReply });
    } catch (e) {
      post({ v: PROTOCOL_VERSION, kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
    }
  };
}

type FromWorkerReply = Extract<FromWorker, { kind: 'reply' }>['response'];
