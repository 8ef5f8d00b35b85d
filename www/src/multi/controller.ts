// The Multi-Paxos view's state: one worker session, the trace so far and the latest view.
// Requests go one at a time (a queue); every update is handed to the listeners.

import { WorkerClient } from '../client';
import { initSync, Playground } from '../wasm/pkg-multi/paxos_multi.js';
import { firstBuild, onPage } from '../firstwasm';
import type { MultiAction, MultiTraceLine, MultiView, Request, Response } from '../protocol';
import { TraceMemory } from './sentences';

export interface MultiState {
  view: MultiView;
  lines: MultiTraceLine[];
  position: number;
  length: number;
}

export class MultiController {
  readonly client = new WorkerClient(
    () => new Worker(new URL('../multi-worker.ts', import.meta.url), { type: 'module', name: 'paxos-multi' }),
    // Its one build, run on the page until the worker is up (client.ts).
    firstBuild(new URL('../wasm/pkg-multi/paxos_multi_bg.wasm', import.meta.url), 0, onPage({ initSync, Playground }, () => false)),
  );
  state: MultiState | null = null;
  readonly memory = new TraceMemory();
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private listeners: ((s: MultiState) => void)[] = [];

  onUpdate(f: (s: MultiState) => void): void {
    this.listeners.push(f);
  }

  /** True while a request is waiting or running. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Sends one request after the ones before it; resolves with the new state. */
  send(request: Request): Promise<MultiState> {
    this.pending += 1;
    const run = this.queue.then(async () => {
      try {
        const r = await this.client.request(request);
        if (r.type !== 'multiUpdate') throw new Error(`expected a multi update, got ${r.type}`);
        const lines = this.state && request.type !== 'multiLoad' ? this.state.lines : [];
        let keep = lines.length;
        while (keep > 0 && lines[keep - 1].step > r.since) keep -= 1;
        const next = keep === lines.length ? lines : lines.slice(0, keep);
        if (next !== lines || request.type === 'multiLoad') {
          this.memory.clear();
          for (const l of next) this.memory.note(l);
        }
        for (const l of r.lines) this.memory.note(l);
        next.push(...r.lines);
        this.state = { view: r.view, lines: next, position: r.position, length: r.length };
        for (const f of this.listeners) f(this.state);
        return this.state;
      } finally {
        this.pending -= 1;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  load(scenario: string) {
    return this.send({ type: 'multiLoad', scenario });
  }

  act(action: MultiAction) {
    return this.send({ type: 'multiAct', action });
  }

  /** A request that answers something else than an update, after the ones before it. */
  private ask(request: Request): Promise<Response> {
    const run = this.queue.then(() => this.client.request(request));
    this.queue = run.catch(() => {});
    return run;
  }

  async trace(): Promise<string> {
    const r = await this.ask({ type: 'multiTrace' });
    if (r.type !== 'trace') throw new Error(`expected a trace, got ${r.type}`);
    return r.text;
  }

  /** A model-checking request: its report. */
  async check(request: Extract<Request, { type: 'multiCheckStart' | 'multiCheckRun' | 'multiCheckStop' }>): Promise<Extract<Response, { type: 'multiCheck' }>> {
    const r = await this.ask(request);
    if (r.type !== 'multiCheck') throw new Error(`expected a check report, got ${r.type}`);
    return r;
  }

  /** The counterexample found, as a scenario file's text. */
  async counterexample(): Promise<string> {
    const r = await this.ask({ type: 'multiCheckScenario' });
    if (r.type !== 'multiScenario') throw new Error(`expected a scenario, got ${r.type}`);
    return r.text;
  }
}
