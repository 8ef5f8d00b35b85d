// The Multi-Paxos view's controller: the playground's own (core/controller.ts: the clock, the
// request queue, the trace book, time travel and branches) driving this protocol through
// MULTI, its requests and answers, at one real ms per virtual ms at speed 1. Beside it, the
// memory of the trace's sends and requests the log and the island read (noted as lines come,
// read again from the book after going back), and the model checker's requests.

import { WorkerClient } from '../core/client';
import { initSync, Playground } from '../wasm/pkg-multi/paxos_multi.js';
import { firstBuild, onPage } from '../core/firstwasm';
import type { History, MultiTraceLine, MultiView, Request, Response } from '../core/protocol';
import { createController, type How, type Protocol, type Shown } from '../core/controller';
import { TraceMemory } from './sentences';

export type MultiUpdate = Extract<Response, { type: 'multiUpdate' }>;

/** Multi-Paxos: `multiUpdate` answers with the view; one real ms per virtual ms at speed 1. */
export const MULTI: Protocol<MultiUpdate, MultiView> = {
  update: (r) => (r.type === 'multiUpdate' ? r : null),
  state: (u) => u.view,
  now: (v) => v.time,
  step: (v) => v.step,
  next: (v) => v.nextTime,
  flying: (v, id) => v.flights.some((f) => f.id === id),
  load: (scenario) => ({ type: 'multiLoad', scenario }),
  runUntil: (time) => ({ type: 'multiRunUntil', time }),
  seek: (position) => ({ type: 'multiSeek', position }),
  switchBranch: (branch) => ({ type: 'multiSwitchBranch', branch }),
  trace: { type: 'multiTrace' },
  pace: 1,
};

export type MultiController = ReturnType<typeof createMultiController>;

/** An update as the view's parts take it: the state, the lines held and those it added, and how it moved. */
export interface MultiState {
  view: MultiView;
  history: History;
  lines: readonly MultiTraceLine[];
  added: readonly MultiTraceLine[];
  /** Lines let go (after going back). */
  dropped: number;
  how: How;
  /** Another moment or a new scenario is shown, not time running on (the views redraw rather than animate). */
  moved: boolean;
}

/** `shown` as the view's parts take it; `lines`: the book's. */
export function multiState(shown: Shown<MultiUpdate, MultiView>, lines: readonly MultiTraceLine[]): MultiState {
  const u = shown.update;
  return { view: u.view, history: u.history, lines, added: u.lines, dropped: shown.dropped, how: shown.how, moved: shown.moved || shown.how === 'load' };
}

/** The view's controller, paused, around its own worker (and its one build). */
export function createMultiController() {
  const client = new WorkerClient(
    () => new Worker(new URL('./multi-worker.ts', import.meta.url), { type: 'module', name: 'paxos-multi' }),
    // Its one build, run on the page until the worker is up (client.ts).
    firstBuild(new URL('../wasm/pkg-multi/paxos_multi_bg.wasm', import.meta.url), 0, onPage({ initSync, Playground }, () => false)),
  );
  const ctl = createController({ client, protocol: MULTI, autoplay: false, speed: 1 });
  const memory = new TraceMemory();
  // Before any view hears of an update: its sentences read the memory.
  ctl.on('cleared', () => memory.clear());
  ctl.on('shown', ({ update, dropped }) => {
    if (dropped) {
      memory.clear();
      for (const l of ctl.book.lines) memory.note(l);
    } else for (const l of update.lines) memory.note(l);
  });

  return Object.assign(ctl, {
    memory,
    /** Settles once the simulator can answer (client.ts). */
    ready: client.ready,
    /** A model-checking request: its report. */
    check: (request: Extract<Request, { type: 'multiCheckStart' | 'multiCheckRun' | 'multiCheckStop' }>) => ctl.ask(request, 'multiCheck'),
    /** The counterexample found, as a scenario file's text. */
    counterexample: async () => (await ctl.ask({ type: 'multiCheckScenario' }, 'multiScenario')).text,
  });
}
