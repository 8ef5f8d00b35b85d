// createPlayground(): one Paxos playground in a page element, and its JavaScript API.
// It owns the virtual clock (requestAnimationFrame), queues every request to its worker so
// no two race, and shows each update on the island, the log and the banners. The
// simulator in the worker is the only source of truth (docs/api.md).

import './style.css';
import type { Network, Request, Snapshot, TraceLine } from './protocol';
import { WorkerClient } from './client';
import { Island } from './island';
import { LogView } from './log';
import { Controls, RACE, SPEEDS } from './controls';
import { Narrator } from './sentences';
import { h, setText } from './dom';
import { ballotText, timeText } from './labels';

/** At 1x, one virtual millisecond lasts this many real milliseconds. */
export const REAL_MS_PER_VIRTUAL_MS = 10;

export const DEFAULT_SCENARIO = {
  format: 'paxos-scenario',
  version: 1,
  title: 'The electricity price of Paxos island',
  nodes: 3,
  seed: 42,
  network: { delay: [10, 100], drop: 0, duplicate: 0 },
} as const;

export interface PlaygroundOptions {
  /** A paxos-scenario (JSON text or object). Default: 3 nodes, seed 42, nothing scheduled. */
  scenario?: string | object;
  /** Playback speed, 0.25 to 16 (default 1: a 100 ms flight takes 1 s). */
  speed?: number;
  /** Start with the clock running (default true; it only moves while something is due). */
  autoplay?: boolean;
  /** Turn flight animation off; default: the reader's prefers-reduced-motion. */
  reducedMotion?: boolean;
}

export type Chosen = NonNullable<Snapshot['chosen']>;
export type Violation = Snapshot['violations'][number];

export interface PlaygroundEvents {
  update: (snapshot: Snapshot, lines: TraceLine[]) => void;
  chosen: (chosen: Chosen, snapshot: Snapshot) => void;
  violation: (violation: Violation, snapshot: Snapshot) => void;
  error: (error: Error) => void;
}

export interface Playground {
  /** Starts over with a scenario (JSON text or object). */
  load(scenario: string | object): Promise<Snapshot>;
  propose(node: string, value: string): Promise<Snapshot>;
  crash(node: string): Promise<Snapshot>;
  restart(node: string): Promise<Snapshot>;
  partition(groups: string[][]): Promise<Snapshot>;
  heal(): Promise<Snapshot>;
  setNetwork(network: Network): Promise<Snapshot>;
  /** Processes one event. */
  step(): Promise<Snapshot>;
  /** Runs until a value is chosen, nothing is left, or `limit` (absolute virtual ms). */
  runUntilChosen(limit?: number): Promise<Snapshot>;
  /** Runs until nothing is left to happen or `limit` (absolute virtual ms). */
  runUntilIdle(limit?: number): Promise<Snapshot>;
  play(): void;
  pause(): void;
  /** 0.25 to 16. */
  setSpeed(speed: number): void;
  /** The latest snapshot (a plain JSON copy); null before the first load answers. */
  state(): Snapshot | null;
  /** The whole trace so far, paxos-trace v1 text (JSON Lines). */
  trace(): Promise<string>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof PlaygroundEvents>(event: E, callback: PlaygroundEvents[E]): () => void;
  /** Stops the worker and removes the playground from the page. */
  destroy(): void;
}

const errorOf = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** The offered speed closest to `x` (0.25x to 16x). */
const nearestSpeed = (x: number) =>
  Number.isFinite(x) ? SPEEDS.reduce((best, s) => (Math.abs(Math.log(s / x)) < Math.abs(Math.log(best / x)) ? s : best)) : 1;

/** Builds a playground inside `element` and loads the scenario. */
export function createPlayground(element: HTMLElement, options: PlaygroundOptions = {}): Playground {
  const client = new WorkerClient();
  const narrator = new Narrator();
  const listeners: { [E in keyof PlaygroundEvents]: Set<PlaygroundEvents[E]> } = {
    update: new Set(),
    chosen: new Set(),
    violation: new Set(),
    error: new Set(),
  };
  const motionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');
  const reducedMotion = () => options.reducedMotion ?? motionQuery.matches;

  let snap: Snapshot | null = null;
  let scenarioText = '';
  let vt = 0; // the virtual clock, ms (fractional)
  let playing = options.autoplay ?? true;
  let speed = nearestSpeed(options.speed ?? 1);
  let chain: Promise<unknown> = Promise.resolve();
  let ticking = false; // a clock-driven runUntil is queued
  let raf = 0;
  let lastFrame = 0;
  let interactive = false;
  let destroyed = false;

  // ---- The page ------------------------------------------------------------------

  const controls = new Controls({
    playPause: () => (playing ? api.pause() : api.play()),
    step: () => ui(api.step()),
    reset: () => ui(reload({})),
    speed: (x) => api.setSpeed(x),
    propose: async (node, value) => {
      await api.propose(node, value);
    },
    race: async () => {
      if (!snap) return;
      if (snap.chosen || snap.violations.length) await load(scenarioText);
      const [a, b] = snap.nodes;
      if (!a || !b) return;
      await act([
        { type: 'propose', node: a.name, value: RACE[0].value },
        { type: 'propose', node: b.name, value: RACE[1].value },
      ]);
      api.play();
    },
    network: (network) => ui(api.setNetwork(network)),
    nodes: (count) => ui(reload({ nodes: count, fresh: true })),
    seed: (seed) => ui(reload({ seed })),
    exportTrace: () => ui(download()),
    crash: async (node) => {
      await api.crash(node);
    },
    restart: async (node) => {
      await api.restart(node);
    },
    isolate: async (node) => {
      await api.partition([[node]]);
    },
    heal: async () => {
      await api.heal();
    },
  });
  const island = new Island({
    onNode: (name, card) => {
      const n = snap?.nodes.find((x) => x.name === name);
      if (n && snap) controls.openMenu(name, n.up, snap.partition !== null, card, stage);
    },
    reducedMotion,
  });
  const log = new LogView();
  const chosenBanner = h('div', { class: 'pg-banner pg-banner-idle', role: 'status' });
  const violationBanner = h('div', { class: 'pg-banner pg-banner-violation', role: 'alert', hidden: true });
  const errorBanner = h('div', { class: 'pg-banner pg-banner-error', role: 'alert', hidden: true });
  const banners = h('div', { class: 'pg-banners', 'aria-live': 'polite' }, chosenBanner, violationBanner, errorBanner);
  const stage = h('div', { class: 'pg-stage' }, controls.bar, banners, island.el, controls.menu);
  const side = h('div', { class: 'pg-side' }, controls.propose, log.el);
  const settings = h('div', { class: 'pg-settings' }, controls.network, controls.setup);
  const root = h('div', { class: 'paxos-pg' }, stage, side, settings);
  element.replaceChildren(root);

  // ---- Talking to the worker, one request at a time --------------------------------

  function emit<E extends keyof PlaygroundEvents>(event: E, ...args: Parameters<PlaygroundEvents[E]>): void {
    for (const f of listeners[event]) {
      try {
        (f as (...a: unknown[]) => void)(...args);
      } catch (e) {
        console.error(e);
      }
    }
  }

  /** Runs `job` after every request queued before it has been answered. */
  function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const p = chain.then(job);
    chain = p.catch(() => {});
    return p.catch((e: unknown) => {
      const err = errorOf(e);
      emit('error', err);
      throw err;
    });
  }

  async function send(request: Request): Promise<Snapshot> {
    const r = await client.request(request);
    if (r.type !== 'update') throw new Error(`expected an update, got ${r.type}`);
    show(r.lines, r.snapshot);
    return r.snapshot;
  }

  /** Brings the simulator up to the clock, then carries out the requests (one moment). */
  function act(requests: Request[]): Promise<Snapshot> {
    return enqueue(async () => {
      if (!snap) throw new Error('no scenario is loaded');
      const now = Math.floor(vt);
      if (now > snap.now) await send({ type: 'runUntil', time: now });
      let last = snap;
      for (const r of requests) last = await send(r);
      return last;
    });
  }

  /** Moves the clock to the simulator's time after a jump (step, run until ...). */
  function jump(request: Request): Promise<Snapshot> {
    return enqueue(async () => {
      const s = await send(request);
      vt = s.now;
      island.frame(vt);
      return s;
    });
  }

  function load(scenario: string | object): Promise<Snapshot> {
    const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
    return enqueue(async () => {
      const r = await client.request({ type: 'load', scenario: text });
      if (r.type !== 'update') throw new Error(`expected an update, got ${r.type}`);
      scenarioText = text;
      vt = r.snapshot.now;
      snap = null;
      narrator.reset();
      log.clear();
      bannerShown = '';
      setText(errorBanner, '');
      errorBanner.hidden = true;
      controls.closeMenu(false);
      show(r.lines, r.snapshot);
      return r.snapshot;
    });
  }

  /** Reloads the current scenario, with another seed or node count. */
  function reload(change: { seed?: number; nodes?: number; fresh?: boolean }): Promise<Snapshot> {
    let scenario: Record<string, unknown>;
    try {
      scenario = JSON.parse(scenarioText || JSON.stringify(DEFAULT_SCENARIO)) as Record<string, unknown>;
    } catch {
      scenario = { ...DEFAULT_SCENARIO };
    }
    if (change.fresh) {
      // A new island: the scripted events name nodes that may not exist any more.
      const { events: _events, nodes: _nodes, ...rest } = scenario;
      scenario = { ...rest, network: snap?.network ?? scenario['network'] };
    }
    if (change.nodes !== undefined) scenario['nodes'] = change.nodes;
    if (change.seed !== undefined) scenario['seed'] = change.seed;
    return load(JSON.stringify(scenario, null, 2));
  }

  function seedOf(text: string): number | null {
    try {
      const seed = (JSON.parse(text) as { seed?: unknown }).seed;
      return typeof seed === 'number' ? seed : 0;
    } catch {
      return null;
    }
  }

  // ---- Showing an update -------------------------------------------------------------

  function show(lines: TraceLine[], s: Snapshot): void {
    const before = snap;
    const sentences = narrator.narrate(lines);
    island.update(s);
    island.effects(lines, (id) => narrator.route(id));
    narrator.sync(s);
    snap = s;
    if (vt < s.now) vt = s.now;
    island.frame(vt);
    const names = s.nodes.map((n) => n.name);
    log.add(sentences, names);
    controls.show(s, seedOf(scenarioText));
    showBanners(s);
    showClock();
    if (!interactive) {
      interactive = true;
      controls.enable(true);
      controls.show(s, seedOf(scenarioText));
      performance.mark('paxos:interactive');
    }
    if (listeners.update.size) emit('update', structuredClone(s), lines);
    if (s.chosen && !before?.chosen) emit('chosen', structuredClone(s.chosen), structuredClone(s));
    for (const v of s.violations.slice(before?.violations.length ?? 0)) emit('violation', structuredClone(v), structuredClone(s));
    wake();
  }

  let bannerShown = '';
  function showBanners(s: Snapshot): void {
    // Redrawn only when what they say changes.
    const started = s.nodes.some((n) => n.proposer.phase !== 'idle' || n.accepted !== null);
    const key = `${s.chosen?.step ?? '-'} ${s.violations.length} ${s.quorum}/${s.nodes.length} ${started}`;
    if (key === bannerShown) return;
    bannerShown = key;
    chosenBanner.className = `pg-banner ${s.chosen ? 'pg-banner-chosen' : 'pg-banner-idle'}`;
    if (!s.chosen) {
      const majority = `a majority (${s.quorum} of ${s.nodes.length})`;
      setText(
        chosenBanner,
        started
          ? `No value chosen yet: one is, once ${majority} accept the same ballot.`
          : `Nothing proposed yet. Press Race, or propose a value: it is chosen once ${majority} accept it.`,
      );
    } else {
      const c = s.chosen;
      chosenBanner.replaceChildren(
        h('span', { class: 'pg-banner-label' }, 'Chosen'),
        ' ',
        h('strong', { class: 'pg-chosen-value' }, c.value),
        ` — ballot ${ballotText(c.ballot)}, at ${timeText(c.time)} (step ${c.step})`,
      );
    }
    violationBanner.hidden = !s.violations.length;
    if (s.violations.length) {
      violationBanner.replaceChildren(
        h('span', { class: 'pg-banner-label' }, 'Safety violated'),
        ...s.violations.map((v) => h('span', { class: 'pg-violation' }, `${v.property} at step ${v.step} (${timeText(v.time)}): ${v.detail}`)),
      );
    }
  }

  /** A control's request: its failure is shown in the error banner. */
  function ui(p: Promise<unknown>): void {
    errorBanner.hidden = true;
    p.catch((e: unknown) => {
      setText(errorBanner, errorOf(e).message);
      errorBanner.hidden = false;
    });
  }

  function showClock(): void {
    controls.showClock(playing, vt, !!snap && snap.nextTime === null);
  }

  // ---- The clock ---------------------------------------------------------------------

  /** Whether the clock has anything to do. */
  const running = () => playing && !destroyed && snap !== null && snap.nextTime !== null;

  function wake(): void {
    if (raf || !running()) return;
    lastFrame = performance.now();
    raf = requestAnimationFrame(frame);
  }

  function frame(t: number): void {
    raf = 0;
    if (!running()) {
      showClock();
      return;
    }
    const dt = Math.min(Math.max(t - lastFrame, 0), 100);
    lastFrame = t;
    vt += (dt * speed) / REAL_MS_PER_VIRTUAL_MS;
    const next = snap!.nextTime!;
    if (!ticking && Math.floor(vt) >= next) {
      ticking = true;
      void enqueue(() => send({ type: 'runUntil', time: Math.floor(vt) }))
        .catch(() => {})
        .finally(() => (ticking = false));
    }
    island.frame(vt);
    controls.showClock(playing, vt, false, false);
    raf = requestAnimationFrame(frame);
  }

  // ---- Export ------------------------------------------------------------------------

  async function traceText(): Promise<string> {
    const r = await enqueue(() => client.request({ type: 'trace' }));
    if (r.type !== 'trace') throw new Error(`expected a trace, got ${r.type}`);
    return r.text;
  }

  async function download(): Promise<void> {
    const text = await traceText();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
    const a = h('a', { href: url, download: 'paxos-trace.jsonl', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ---- The API -----------------------------------------------------------------------

  const api: Playground = {
    load,
    propose: (node, value) => act([{ type: 'propose', node, value }]),
    crash: (node) => act([{ type: 'crash', node }]),
    restart: (node) => act([{ type: 'restart', node }]),
    partition: (groups) => act([{ type: 'partition', groups }]),
    heal: () => act([{ type: 'heal' }]),
    setNetwork: (network) => act([{ type: 'setNetwork', network }]),
    step: () => jump({ type: 'step' }),
    runUntilChosen: (limit) => jump(limit === undefined ? { type: 'runUntilChosen' } : { type: 'runUntilChosen', limit }),
    runUntilIdle: (limit) => jump(limit === undefined ? { type: 'runUntilIdle' } : { type: 'runUntilIdle', limit }),
    play() {
      playing = true;
      showClock();
      wake();
    },
    pause() {
      playing = false;
      showClock();
    },
    setSpeed(x) {
      speed = nearestSpeed(x);
      controls.setSpeed(speed);
    },
    state: () => (snap ? structuredClone(snap) : null),
    trace: traceText,
    on(event, callback) {
      listeners[event].add(callback);
      return () => listeners[event].delete(callback);
    },
    destroy() {
      destroyed = true;
      if (raf) cancelAnimationFrame(raf);
      client.terminate();
      root.remove();
    },
  };

  controls.setSpeed(speed);
  motionQuery.addEventListener('change', () => island.frame(vt));
  void load(options.scenario ?? DEFAULT_SCENARIO).catch(() => {});
  return api;
}
