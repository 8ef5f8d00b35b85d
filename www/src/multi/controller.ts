// The Multi-Paxos view's state: one worker session, the trace so far and the latest view.
// Requests go one at a time through the same queue as the Basic playground's (core/queue.ts),
// and the trace lines are kept with each update's `since` by the same book (core/book.ts);
// every update is handed to the listeners, with what it changed (the lines it added, how
// many it let go, whether time ran on or another moment is shown).

import { WorkerClient } from '../core/client';
import { initSync, Playground } from '../wasm/pkg-multi/paxos_multi.js';
import { firstBuild, onPage } from '../core/firstwasm';
import type { History, MultiAction, MultiTraceLine, MultiView, Request, Response } from '../core/protocol';
import { TraceMemory } from './sentences';
import { createQueue } from '../core/queue';
import { TraceBook } from '../core/book';

export interface MultiState {
  view: MultiView;
  lines: MultiTraceLine[];
  /** Where the view is on the timeline, and its branches (the Basic page's). */
  history: History;
  /** The lines this update added (the last of `lines`), after the first `since` steps. */
  added: readonly MultiTraceLine[];
  since: number;
  /** Lines let go (after going back). */
  dropped: number;
  /** A new scenario, another moment (going back or forth), or time running on. */
  how: 'load' | 'travel' | 'run';
}


export class MultiController {
  readonly client = new WorkerClient(
    () => new Worker(new URL('./multi-worker.ts', import.meta.url), { type: 'module', name: 'paxos-multi' }),
    // Its one build, run on the page until the worker is up (client.ts).
    firstBuild(new URL('../wasm/pkg-multi/paxos_multi_bg.wasm', import.meta.url), 0, onPage({ initSync, Playground }, () => false)),
  );
  state: MultiState | null = null;
  readonly memory = new TraceMemory();
  #queue = createQueue();
  #book = new TraceBook<MultiTraceLine>();
  #listeners: ((s: MultiState) => void)[] = [];

  onUpdate(f: (s: MultiState) => void): void {
    this.#listeners.push(f);
  }

  /** True while a request is waiting or running. */
  get busy(): boolean {
    return this.#queue.busy;
  }

  /** Sends one request after the ones before it; resolves with the new state. */
  send(request: Request): Promise<MultiState> {
    return this.#queue.run(async () => {
      const r = await this.client.request(request);
      if (r.type !== 'multiUpdate') throw new Error(`expected a multi update, got ${r.type}`);
      const book = this.#book;
      const load = request.type === 'multiLoad';
      if (load) book.clear();
      // After going back, the memory of requests is read again from the lines kept.
      const dropped = book.truncate(r.since);
      if (dropped || load) {
        this.memory.clear();
        for (const l of book.lines) this.memory.note(l);
      }
      for (const l of r.lines) this.memory.note(l);
      book.append(r.lines);
      const how = load ? 'load' : request.type === 'multiSeek' || request.type === 'multiSeekStep' || request.type === 'multiSwitchBranch' ? 'travel' : 'run';
      this.state = { view: r.view, lines: book.lines, history: r.history, added: r.lines, since: r.since, dropped, how };
      for (const f of this.#listeners) f(this.state);
      return this.state;
    });
  }

  load(scenario: string) {
    return this.send({ type: 'multiLoad', scenario });
  }

  act(action: MultiAction) {
    return this.send({ type: 'multiAct', action });
  }

  #scrubTo: number | null = null;
  #scrubbing = false;
  /** The timeline's thumb: one seek at a time, always towards where the thumb is now. */
  scrub(position: number): void {
    this.#scrubTo = position;
    if (this.#scrubbing) return;
    this.#scrubbing = true;
    void (async () => {
      while (this.#scrubTo !== null) {
        const p = this.#scrubTo;
        this.#scrubTo = null;
        await this.send({ type: 'multiSeek', position: p }).catch(() => {});
      }
      this.#scrubbing = false;
    })();
  }

  /** A request that answers something else than an update, after the ones before it. */
  #ask(request: Request): Promise<Response> {
    return this.#queue.run(() => this.client.request(request));
  }

  async trace(): Promise<string> {
    const r = await this.#ask({ type: 'multiTrace' });
    if (r.type !== 'trace') throw new Error(`expected a trace, got ${r.type}`);
    return r.text;
  }

  /** A model-checking request: its report. */
  async check(request: Extract<Request, { type: 'multiCheckStart' | 'multiCheckRun' | 'multiCheckStop' }>): Promise<Extract<Response, { type: 'multiCheck' }>> {
    const r = await this.#ask(request);
    if (r.type !== 'multiCheck') throw new Error(`expected a check report, got ${r.type}`);
    return r;
  }

  /** The counterexample found, as a scenario file's text. */
  async counterexample(): Promise<string> {
    const r = await this.#ask({ type: 'multiCheckScenario' });
    if (r.type !== 'multiScenario') throw new Error(`expected a scenario, got ${r.type}`);
    return r.text;
  }
}
