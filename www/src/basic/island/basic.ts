// The island of Basic Paxos: what it reads of a snapshot (its nodes with their notebooks,
// the partition, the link faults, the messages in flight), and how it follows the
// playground's controller.

import type { Msg, NodeView, Snapshot } from '../../core/protocol';
import type { Controller } from '../../core/controller';
import { msgBallot, msgLabel } from '../labels';
import { buildCard, CARD, showCard, type CardParts } from './card';
import { Island, type IslandKind, type IslandOptions } from './view';

const BASIC: IslandKind<Snapshot, NodeView, Msg, CardParts> = {
  nodes: (s) => s.nodes,
  partition: (s) => s.partition,
  links: (s) => s.links,
  flights: (s) => s.inFlight,
  card: { size: CARD, build: buildCard, show: showCard },
  label: msgLabel,
  ballot: msgBallot,
};

export type BasicIsland = Island<Snapshot, NodeView, Msg, CardParts>;

export function basicIsland(opts: IslandOptions): BasicIsland {
  return new Island(BASIC, opts);
}

/**
 * Shows `ctl`'s updates, its clock and its selection on `island`. `route` says where a
 * message id went (the story's narrator): a lost one is marked on its link.
 */
export function followController(island: BasicIsland, ctl: Controller, route: (id: number) => { from: string; to: string } | undefined): void {
  ctl.on('shown', ({ update: r, moved }) => {
    island.update(r.snapshot);
    if (!moved) island.effects(r.lines, route);
    island.frame(ctl.vt);
  });
  ctl.on('clock', () => island.frame(ctl.vt));
  ctl.on('selected', (id) => island.select(id));
}
