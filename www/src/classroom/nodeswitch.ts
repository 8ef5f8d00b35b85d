// Switching a playground between its own node and a student's (docs/node-protocol.md):
// a fresh worker in place of the one it has, and the scenario loaded again. A student's
// node runs in a worker of its own (node-worker.ts) whose first message is the code.
// Fetched when first used (the Your node panel, a share link that carries a node).

import type { WorkerClient } from '../core/client';
import { t } from '../i18n/i18n';
import type { Snapshot } from '../core/protocol';
import '../i18n/i18n-en-classroom'; // its English texts

/** What a playground lends the switch. */
export interface NodeHost {
  /** Starts the playground's own worker. */
  own: () => Worker;
  /** Puts a client of `make`'s workers in place of the one it has, for `code` (null: its own node). */
  use(make: () => Worker, code: string | null): WorkerClient;
  /** Loads `scenario` (the one loaded, unless given) through the client it has now. */
  load(scenario?: string): Promise<Snapshot>;
  /** The playground is gone. */
  closed(): boolean;
  /** How long a worker may take to answer, ms (client.ts's BUDGET). */
  budget: number;
}

const nodeWorker = (code: string) => () => {
  const w = new Worker(new URL('./node-worker.ts', import.meta.url), { type: 'module', name: 'paxos-node' });
  w.postMessage({ code });
  return w;
};

/**
 * The scenario on a fresh worker: the student's node's (`code`), or the playground's own
 * (null). A student's module that never finishes loading says nothing to the page, so no
 * budget of the client's starts: this one stops it.
 */
async function swap(host: NodeHost, code: string | null, scenario?: string): Promise<Snapshot> {
  if (host.closed()) throw new Error(t('err.closed'));
  const next = host.use(code === null ? host.own : nodeWorker(code), code);
  const slow = new Error(t('nd.slow', { s: host.budget / 1000 }));
  const stuck = code === null ? 0 : setTimeout(() => next.terminate(slow), host.budget);
  try {
    return await host.load(scenario);
  } finally {
    clearTimeout(stuck);
  }
}

/** `swap`; if the student's node cannot load the scenario, the playground's own node is back. */
export function switchNode(host: NodeHost, code: string | null, scenario?: string): Promise<Snapshot> {
  return swap(host, code, scenario).catch(async (e: unknown) => {
    if (code !== null && !host.closed()) await swap(host, null).catch(() => {});
    throw e;
  });
}
