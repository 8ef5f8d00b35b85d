// Loading the playground's scenario again with one thing changed: another seed or node
// count (a new island keeps the network as it is now and drops the scripted events, which
// may name nodes it no longer has), or the network as it is now.

import type { Controller } from '../core/controller';
import type { Snapshot } from '../core/protocol';
import { DEFAULT_SCENARIO } from '../core/api';

export interface Change {
  seed?: number;
  nodes?: number;
  /** A new island: no scripted events, the network as it is now. */
  fresh?: boolean;
  keepNetwork?: boolean;
}

/** Reloads `ctl`'s scenario with `change`. */
export function reload(ctl: Controller, change: Change): Promise<Snapshot> {
  let scenario: Record<string, unknown>;
  try {
    scenario = JSON.parse(ctl.scenario || JSON.stringify(DEFAULT_SCENARIO)) as Record<string, unknown>;
  } catch {
    scenario = { ...DEFAULT_SCENARIO };
  }
  const network = ctl.snapshot?.network;
  if (change.fresh) {
    const { events: _events, nodes: _nodes, ...rest } = scenario;
    scenario = { ...rest, network: network ?? scenario['network'] };
  }
  if (change.keepNetwork && network) scenario['network'] = network;
  if (change.nodes !== undefined) scenario['nodes'] = change.nodes;
  if (change.seed !== undefined) scenario['seed'] = change.seed;
  return ctl.load(JSON.stringify(scenario, null, 2));
}
