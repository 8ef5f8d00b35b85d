// A student's own node (docs/node-protocol.md) in a Web Worker of its own: its first message
// is the student's code, a module that exports `handle(request) → reply`, imported here and
// never on the page. Then the worker serves the node build like any other (serve.ts): every
// node of its simulation calls `paxosNode` with a request line and gets the reply line. What
// the code throws, or a reply that is no JSON, is the node's fault: the simulator refuses the
// request with the request that showed it (crates/paxos-session, node.rs). A node that never
// returns leaves the request unanswered: the page replaces the worker (client.ts).

import init, { Playground } from '../wasm/pkg-node/paxos_node.js';
import { serve } from '../core/serve';

type Handle = (request: unknown) => unknown;
interface Scope {
  paxosNode?: (request: string) => string;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = self as unknown as Scope;

/** Where in the student's module `e` was thrown: " (line 12, column 7)", or nothing. */
function where(e: unknown, url: string): string {
  const stack = (e as Error | null)?.stack ?? '';
  const at = stack.split('\n').find((l) => l.includes(url))?.match(/:(\d+):(\d+)\)?$/);
  return at ? ` (line ${at[1]}, column ${at[2]})` : '';
}

/** `handle` on JSON lines; what goes wrong says where. */
function lines(handle: Handle, url: string): (request: string) => string {
  return (request) => {
    let reply: unknown;
    try {
      reply = handle(JSON.parse(request));
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : `it threw ${String(e)}`;
      throw new Error(`your handle threw ${error}${where(e, url)}`);
    }
    const text = JSON.stringify(reply);
    if (typeof text !== 'string') throw new Error(`your handle returned ${String(reply)}, not a reply object`);
    return text;
  };
}

/**
 * What a node needs none of: the origin's storage and its other windows and workers. Taken
 * away before the code is imported (a share link may carry someone else's). The network is
 * the policy's to bound (docs/embedding.md): the worker fetches its wasm after the import.
 */
function confine(): void {
  for (const name of ['indexedDB', 'caches', 'BroadcastChannel', 'SharedWorker']) {
    try {
      Object.defineProperty(self, name, { value: undefined, configurable: false, writable: false });
    } catch {
      // not there in this browser
    }
  }
}

/** The student's `handle`, or a function that says why there is none. */
async function imported(code: string): Promise<(request: string) => string> {
  confine();
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    const module = (await import(/* @vite-ignore */ url)) as { handle?: unknown };
    if (typeof module.handle === 'function') return lines(module.handle as Handle, url);
    return () => {
      throw new Error('your code exports no function named handle: write `export function handle(request) { … }`');
    };
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return () => {
      throw new Error(`your code does not load: ${why}`);
    };
  }
}

// What the code throws outside `handle` (a timer of its own, a promise it left) is no failure
// of the simulator's: the page would replace the worker, and the new one would do it again.
// The simulator's own failures are caught where it is called (serve.ts).
self.addEventListener('error', (e) => e.preventDefault());
self.addEventListener('unhandledrejection', (e) => e.preventDefault());

// Messages that come while the code is imported wait for the simulator.
const early: MessageEvent[] = [];
scope.onmessage = (first: MessageEvent<{ code: string }>) => {
  scope.onmessage = (e) => early.push(e);
  void imported(first.data.code).then((node) => {
    scope.paxosNode = node;
    serve({ init, Playground });
    for (const e of early.splice(0)) scope.onmessage?.(e);
  });
};
