// The Web Worker that owns the simulator. It is the only module that imports the wasm.
// Every request is answered, in order, with a reply or an error (docs/worker-protocol.md).

import init, { Playground } from './wasm/pkg/paxos.js';
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from './protocol';

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
    post({ v: PROTOCOL_VERSION, kind: 'reply', id, response: playground.handle(request) });
  } catch (e) {
    post({ v: PROTOCOL_VERSION, kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
  }
};
