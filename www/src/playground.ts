// createPlayground(): one Paxos playground in a page element, and its JavaScript API.
// It owns the virtual clock (requestAnimationFrame), queues every request to its worker so
// no two race, keeps the trace lines up to the simulator's current position (each update's
// `since`), and shows every update on the island, the log, the in-flight list, the
// space-time diagram, the inspector and the banners. The simulator in the worker is the
// only source of truth (docs/api.md); time travel and branches are the simulator's too.

import type { History, LinkSpec, Network, Request, Response, Snapshot, TraceLine } from './protocol';
import { BUDGET, WorkerClient, type FirstBuild } from './client';
import type { NodeHost } from './nodeswitch';
import { firstBuild, onPage } from './firstwasm';
import { LAB, scripted, wantsClassroom } from './builds';
import { initSync, Playground as Lighter } from './wasm/pkg/paxos.js';
import { Island } from './island';
import { LogView } from './log';
import { Controls, RACE, SPEEDS } from './controls';
import { Narrator, sentenceOf, type Sentence } from './sentences';
import { adoptStyles, bindAttr, h, setText } from './dom';
import { L, langOf, onLang, setLang, t, type Lang, type Lazy, type Message } from './i18n';
import './i18n-en-playground'; // the playground's English texts
import { ballotText, msgLabel, timeText } from './labels';
import { branchText, countUpTo, parseTrace, positionText, TraceBook, visibleAt, type Moment } from './history';
import { InFlightView, type MsgAction } from './inflight';
import { TimeBar } from './timebar';
import { Popup } from './popup';
import type { Help } from './help';
import { recordingOf, type Recording, type ReplayOptions } from './recorder';
import type { ReplayPage } from './replaying';
import { SharePanel } from './sharepanel';
import { busy, failed, once, placeholder, whenNear } from './lazy';
import type { DiagramView, FaultsPanel, Inspector, SpaceTime } from './panels';
import type { Action, LockHandle, PlaygroundLock, lockPlayground } from './lock';

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
  /**
   * 'en' or 'zh' (a longer tag works too: zh-CN, zh-Hans → 'zh', anything else → 'en'): the
   * language of the text (page-wide). Default: the page's choice (language picker, ?lang=,
   * the browser's languages; i18n.ts).
   */
  lang?: Lang | (string & Record<never, never>);
  /** 'full' (default), 'minimal' (play/pause, back, step and the island) or 'none' (the island alone). */
  controls?: 'full' | 'minimal' | 'none';
  /** Author locks: a range of trace steps and the allowed actions (docs/embedding.md). */
  lock?: PlaygroundLock;
}

export type Chosen = NonNullable<Snapshot['chosen']>;
export type Violation = Snapshot['violations'][number];

/** What an update changed on the timeline: lines after step `since` were dropped first. */
export interface UpdateInfo {
  since: number;
  history: History;
  /** Whether the loaded exercise's goal is met (null: no exercise). */
  goalMet: boolean | null;
}

export interface PlaygroundEvents {
  update: (snapshot: Snapshot, lines: TraceLine[], info: UpdateInfo) => void;
  chosen: (chosen: Chosen, snapshot: Snapshot) => void;
  violation: (violation: Violation, snapshot: Snapshot) => void;
  error: (error: Error) => void;
}

export interface Playground {
  /** Starts over with a scenario (JSON text or object). */
  load(scenario: string | object): Promise<Snapshot>;
  /** Starts over with an exercise (paxos-exercise JSON text); the manual network as its scenario says. */
  loadExercise(exercise: string): Promise<Snapshot>;
  /** Starts over at the start of the model checker's counterexample (checkLoad); the clock pauses. */
  checkLoad(): Promise<Snapshot>;
  /** Sends a model-checking request (checkStart, checkRun, checkStop, checkSpec) through the queue. */
  check(request: Extract<Request, { type: 'checkStart' | 'checkRun' | 'checkStop' | 'checkSpec' }>): Promise<Response>;
  propose(node: string, value: string): Promise<Snapshot>;
  crash(node: string): Promise<Snapshot>;
  restart(node: string): Promise<Snapshot>;
  partition(groups: string[][]): Promise<Snapshot>;
  heal(): Promise<Snapshot>;
  /** Network settings for messages sent from now on; fields left out stay as they are. */
  setNetwork(network: Partial<Network>): Promise<Snapshot>;
  /** Manual network on (messages wait for deliver / drop / duplicate; the clock pauses) or off. */
  setManual(on: boolean): Promise<Snapshot>;
  /** Cuts, slows down or mends the link between two nodes (both ways). */
  setLink(link: LinkSpec): Promise<Snapshot>;
  /** Acts on the message copy `id` in flight, now. */
  deliver(id: number): Promise<Snapshot>;
  drop(id: number): Promise<Snapshot>;
  duplicate(id: number): Promise<Snapshot>;
  /** Processes `count` (default 1) events. */
  step(count?: number): Promise<Snapshot>;
  /** Runs until a value is chosen, nothing is left, or `limit` (absolute virtual ms). */
  runUntilChosen(limit?: number): Promise<Snapshot>;
  /** Runs until nothing is left to happen or `limit` (absolute virtual ms). */
  runUntilIdle(limit?: number): Promise<Snapshot>;
  /** Goes back `count` (default 1) events; pauses the clock. */
  back(count?: number): Promise<Snapshot>;
  /** One event forward: along the recorded timeline if there is one, else the next event. */
  forward(): Promise<Snapshot>;
  /** Goes to the moment after `position` events of the current branch (0: just loaded). */
  seek(position: number): Promise<Snapshot>;
  /** Goes to the moment right after trace step `step` was written. */
  seekStep(step: number): Promise<Snapshot>;
  /** Continues on another branch, at its end. */
  switchBranch(branch: number): Promise<Snapshot>;
  /** Where we are on the timeline; null before the first load answers. */
  history(): History | null;
  /** The trace lines up to the current position (copies). */
  lines(): TraceLine[];
  play(): void;
  pause(): void;
  /** 0.25 to 16. */
  setSpeed(speed: number): void;
  /** The playback speed now. */
  speed(): number;
  /** The latest snapshot (a plain JSON copy); null before the first load answers. */
  state(): Snapshot | null;
  /** The whole trace up to the current position, paxos-trace v1 text (JSON Lines). */
  trace(): Promise<string>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof PlaygroundEvents>(event: E, callback: PlaygroundEvents[E]): () => void;
  /** The scenario's JSON text, as loaded (an exercise's scenario after loadExercise). */
  scenario(): string;
  /** The load and every request sent since, and where we are: what a share link holds (docs/sharing.md). */
  recording(): Recording | null;
  /**
   * Starts over with a recording and sends its requests again, in order; the clock pauses.
   * If one is refused, or the end is not where the recording stood, the session before is
   * restored and the promise rejects, saying so. `options` tell the progress and can stop
   * it: stopped, it resolves at the moment reached.
   */
  replay(recording: Recording, options?: ReplayOptions): Promise<Snapshot>;
  /** A link to this exact moment: this page's URL with a share fragment (docs/sharing.md). */
  shareLink(): Promise<string>;
  /** Opens a share fragment (`#s=1....`): replays it, or shows in the page why it cannot. */
  openLink(fragment: string): Promise<void>;
  /** Resolves once the first load is answered (and a locked playground stands at its first step). */
  ready(): Promise<void>;
  /** Stops the worker and removes the playground from the page. */
  destroy(): void;
  /**
   * Runs a student's own node (JavaScript exporting `handle`, docs/node-protocol.md) on the
   * island in place of the playground's, in a worker of its own, and loads the scenario
   * again; null: the playground's own node again. If the scenario does not load with it, the
   * playground's node is back and the promise rejects with the node's fault.
   */
  useNode(code: string | null): Promise<Snapshot>;
  /** The student's code on the island; null: the playground's own node. */
  node(): string | null;
}

/**
 * Author locks (lock.ts), for the modules that take the `lock` option: the element and the
 * package's entry (index.ts) hand them over; the standalone page takes none and leaves
 * their 1.5 KB out of its first load.
 */
let locks: typeof lockPlayground | null = null;

/** Makes the `lock` option work: call once, before a locked playground is made. */
export function takeLocks(lock: typeof lockPlayground): void {
  locks = lock;
}

const errorOf = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/** The offered speed closest to `x` (0.25x to 16x). */
const nearestSpeed = (x: number) =>
  Number.isFinite(x) ? SPEEDS.reduce((best, s) => (Math.abs(Math.log(s / x)) < Math.abs(Math.log(best / x)) ? s : best)) : 1;

/** How an answer moved us: forward in time, to another moment, or to a new scenario. */
type How = 'run' | 'travel' | 'load';

/** A line of the log for an action that writes no trace line (a link, the network). */
interface Note extends Sentence, Moment {
  id: number;
}
type NoteOf = (before: Snapshot, after: Snapshot) => { text: Message | Lazy; nodes: string[] } | null;

type Update = Extract<Response, { type: 'update' }>;

/** The exercise's goal, checked by the simulator (null without an exercise). */
const goalMetOf = (r: Update): boolean | null => r.goalMet ?? null;


const newWorker = () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'paxos' });

/**
 * The lighter build on the page's thread, until the worker is up (client.ts). It answers
 * `later` for what the laboratory has; it leaves the classroom's requests, which it cannot read.
 */
const LIGHTER = onPage({ initSync, Playground: Lighter }, wantsClassroom);

/**
 * The build `scenario` starts with, on the page: the lighter build; for a scripted story the
 * laboratory's (the worker's build LAB), whose glue comes then too. One download and one
 * compilation of each for every playground of the page.
 */
function firstWasm(scenario: string | object | undefined): Promise<FirstBuild | null> {
  const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario ?? {});
  if (!scripted(text)) return (lighter ??= firstBuild(new URL('./wasm/pkg/paxos_bg.wasm', import.meta.url), 0, LIGHTER));
  const glue = () => import('./wasm/pkg-lab/paxos_lab.js').then((g) => onPage(g, wantsClassroom));
  return (lab ??= firstBuild(new URL('./wasm/pkg-lab/paxos_lab_bg.wasm', import.meta.url), LAB, glue()));
}
let lighter: Promise<FirstBuild | null> | null = null;
let lab: Promise<FirstBuild | null> | null = null;

/** Builds a playground inside `element` and loads the scenario. */
export function createPlayground(element: HTMLElement, options: PlaygroundOptions = {}): Playground {
  // The `lang` option switches the page. Chinese may still have to be fetched (i18n.ts): the
  // element awaits it before calling us, a direct caller gets a playground hidden until then.
  const wantedLang = options.lang ? langOf([options.lang]) : null;
  const langReady: Promise<unknown> = wantedLang ? setLang(wantedLang) : Promise.resolve();
  // Its input log (every request the simulator accepts since the load) is what share links hold.
  let client = new WorkerClient(newWorker, firstWasm(options.scenario));
  let nodeCode: string | null = null;
  const narrator = new Narrator();
  const listeners: { [E in keyof PlaygroundEvents]: Set<PlaygroundEvents[E]> } = {
    update: new Set(),
    chosen: new Set(),
    violation: new Set(),
    error: new Set(),
  };
  const motionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');
  const reducedMotion = () => options.reducedMotion ?? motionQuery.matches;
  let lockHandle: LockHandle | null = null;
  const allows = (a: Action) => lockHandle?.allows(a) ?? true;

  let snap: Snapshot | null = null;
  let hist: History | null = null;
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
  // What the page holds of the timeline: trace lines, their sentences, notes, the diagram.
  const book = new TraceBook();
  let sentences: Sentence[] = [];
  let notes: Note[] = [];
  let noteId = 0;
  let shownNotes = new Set<number>();
  let selected: number | null = null;
  let lastBranch = 0;
  let prevBranch: number | null = null;

  // ---- The page ------------------------------------------------------------------

  const controls = new Controls({
    playPause: () => (playing ? api.pause() : api.play()),
    back: () => ui(api.back()),
    forward: () => ui(api.forward()),
    manual: (on) => ui(api.setManual(on)),
    help: () => void showHelp(),
    reset: () => ui(reload({})),
    speed: (x) => api.setSpeed(x),
    propose: async (node, value) => {
      await api.propose(node, value);
    },
    race: async () => {
      if (!snap || !allows('propose')) return;
      if (snap.chosen || snap.violations.length) await reload({ keepNetwork: true });
      const [a, b] = snap.nodes;
      if (!a || !b) return;
      await act([
        { type: 'propose', node: a.name, value: RACE[0].value },
        { type: 'propose', node: b.name, value: RACE[1].value },
      ]);
      // In a manual network the person moves the messages; the clock would fire timers. The
      // switch, not the snapshot: it may have been turned on while the proposals went out.
      if (!controls.manualOn) api.play();
    },
    network: (network) => ui(api.setNetwork(network)),
    nodes: (count) => ui(reload({ nodes: count, fresh: true })),
    seed: (seed) => ui(reload({ seed })),
  });
  const popup = new Popup();
  // The shortcuts dialog ("?"), fetched the first time it is asked for.
  let help: Help | null = null;
  const loadHelp = once(async () => {
    const { Help } = await import('./help');
    help = new Help();
    root.insertBefore(help.el, live);
    return help;
  });
  // While the dialog is on its way, keys wait for it: they do not act on the playground.
  let helpComing = false;
  const showHelp = () => {
    helpComing = !help;
    return busy(controls.helpBtn, loadHelp())
      .then((x) => x.show(), () => failed(root))
      .finally(() => (helpComing = false));
  };
  const island = new Island({
    onNode: (name, card) => nodeMenu(name, card),
    onMessage: (id, x, y) => messageMenu(id, x, y),
    onLink: (a, b, x, y) => linkMenu(a, b, x, y),
    reducedMotion,
  });
  const announceBox = h('input', { type: 'checkbox', checked: true, 'aria-keyshortcuts': 'A' });
  const announceSwitch = h('label', { class: 'pg-inline pg-announce', title: L('pg.announceTitle') }, announceBox, L('pg.announce'));
  bindAttr(announceBox, 'aria-label', L('pg.announceAria'));
  const log = new LogView(logItems, (step) => ui(api.seekStep(step)), announceSwitch);
  const inflight = new InFlightView({
    act: (kind, id) => ui(msgAct(kind, id)),
    select: (id) => select(id),
  });
  const timebar = new TimeBar({ seek: (p) => scrub(p), switchBranch: (b) => ui(api.switchBranch(b)) }, controls.clockBox);
  const sharing = new SharePanel({
    recording: () => api.recording(),
    replay: (r, o) => api.replay(r, o),
    load: (text) => api.load(text),
    scenario: () => api.scenario(),
    exportTrace: download,
  });
  controls.bar.append(sharing.shareBtn);
  const chosenBanner = h('div', { class: 'pg-banner pg-banner-idle', role: 'status' });
  const violationBanner = h('div', { class: 'pg-banner pg-banner-violation', role: 'alert', hidden: true });
  const errorBanner = h('div', { class: 'pg-banner pg-banner-error', role: 'alert', hidden: true });
  const banners = h('div', { class: 'pg-banners', 'aria-live': 'polite' }, chosenBanner, violationBanner, errorBanner, sharing.notice);
  const live = h('div', { class: 'pg-sr pg-live', 'aria-live': 'polite' });
  const stage = h('div', { class: 'pg-stage' }, controls.bar, timebar.el, banners, island.el, popup.el);
  const side = h('div', { class: 'pg-side' }, controls.propose, inflight.el, log.el);
  // The space-time diagram, the inspector and the faults panel (panels.ts) are fetched after
  // the first interactive frame, as they come near the viewport, or at once when asked for
  // (Inspect, the I key); until then their places show their titles and keep their size.
  const lower = h('div', { class: 'pg-lower' }, placeholder(L('dg.title')), placeholder(L('in.title')));
  const faultsSlot = placeholder(L('f.title'));
  const settings = h('div', { class: 'pg-settings' }, controls.network, faultsSlot, controls.setup, sharing.el);
  const root = h('div', { class: `paxos-pg pg-controls-${options.controls ?? 'full'}` }, stage, side, lower, settings, live);
  // Unseen until its first answer is drawn, in its language (never in English first): the
  // places that answer fills (the banner, the island) would move under the reader's eyes.
  // CSSOM, not a style attribute: allowed by a strict CSP.
  root.style.visibility = 'hidden';
  element.replaceChildren(root);

  let panels: { model: SpaceTime; diagram: DiagramView; inspector: Inspector; faults: FaultsPanel } | null = null;
  const loadPanels = once(async () => {
    const m = await import('./panels');
    const model = new m.SpaceTime();
    model.append(book.lines);
    const p = {
      model,
      diagram: new m.DiagramView({ onSeek: (step) => ui(api.seekStep(step)) }),
      inspector: new m.Inspector((step) => ui(api.seekStep(step))),
      faults: new m.FaultsPanel({
        partition: (groups) => api.partition(groups),
        heal: () => api.heal(),
        setLink: (link) => api.setLink(link),
      }),
    };
    adoptStyles(root, m.PANELS_CSS); // the page, or an element's shadow root (not if destroyed)
    lower.replaceChildren(p.diagram.el, p.inspector.el);
    faultsSlot.replaceWith(p.faults.el);
    panels = p;
    p.faults.enable(interactive);
    if (snap) showPanels(snap, true);
    return p;
  });
  // Watched from the first interactive frame on: the island comes first.
  let stopWatching: (() => void)[] = [];
  /** The inspector, fetched first if it is not here yet (the node menu, the I key). */
  const withInspector = (f: (i: Inspector) => void) =>
    void loadPanels().then((p) => f(p.inspector), () => failed(root));
  function showPanels(s: Snapshot, moved: boolean): void {
    if (!panels) return;
    panels.faults.show(s);
    panels.inspector.show(s, book.lines);
    panels.diagram.update(panels.model, s.nodes.map((n) => n.name), moved);
  }

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

  async function send(request: Request, how: How = 'run', noteOf?: NoteOf): Promise<Snapshot> {
    const r = await client.request(request);
    if (r.type !== 'update') throw new Error(`expected an update, got ${r.type}`);
    show(r, how, noteOf);
    return r.snapshot;
  }

  type Lazy = Request | (() => Request);

  /**
   * Brings the simulator up to the clock, then carries out the requests (one moment);
   * then what is due at that very moment happens (a node's messages to itself).
   */
  function act(requests: Lazy[], noteOf?: NoteOf): Promise<Snapshot> {
    return enqueue(async () => {
      if (!snap) throw new Error('no scenario is loaded');
      const now = Math.floor(vt);
      if (now > snap.now) await send({ type: 'runUntil', time: now });
      let last = snap;
      for (const r of requests) last = await send(typeof r === 'function' ? r() : r, 'run', noteOf);
      // Only at the end of the timeline: after going back, runUntil would redo the old future.
      if (last.nextTime !== null && last.nextTime <= last.now && hist && hist.position === hist.length) {
        last = await send({ type: 'runUntil', time: last.now });
      }
      return last;
    });
  }

  /** Moves the clock to the simulator's time after a jump (step, run until ...). */
  function jump(request: Request | (() => Request), how: How = 'run'): Promise<Snapshot> {
    return enqueue(async () => {
      const s = await send(typeof request === 'function' ? request() : request, how);
      vt = s.now;
      island.frame(vt);
      return s;
    });
  }

  /** Another moment of the timeline: the clock pauses there. */
  function travel(request: Request | (() => Request)): Promise<Snapshot> {
    api.pause();
    return jump(request, 'travel');
  }

  let scrubTo: number | null = null;
  let scrubbing = false;
  /** The scrubber: one seek at a time, always towards where the thumb is now. */
  function scrub(position: number): void {
    scrubTo = position;
    if (scrubbing) return;
    scrubbing = true;
    void (async () => {
      while (scrubTo !== null) {
        const p = scrubTo;
        scrubTo = null;
        await travel({ type: 'seek', position: p }).catch(() => {});
      }
      scrubbing = false;
    })();
  }

  function load(scenario: string | object, request?: Request): Promise<Snapshot> {
    return enqueue(() => loadNow(scenario, request));
  }

  async function loadNow(scenario: string | object, request?: Request): Promise<Snapshot> {
    const text = typeof scenario === 'string' ? scenario : JSON.stringify(scenario);
    const r = await client.request(request ?? { type: 'load', scenario: text });
    if (r.type !== 'update') throw new Error(`expected an update, got ${r.type}`);
    scenarioText = text;
    vt = r.snapshot.now;
    clearPage();
    show(r, 'load');
    return r.snapshot;
  }

  /** Forgets what the page holds of the timeline, before it is drawn afresh. */
  function clearPage(): void {
    snap = null;
    hist = null;
    narrator.reset();
    book.clear();
    sentences = [];
    notes = [];
    shownNotes = new Set();
    panels?.model.clear();
    log.clear();
    lastBranch = 0;
    prevBranch = null;
    bannerShown = '';
    setText(errorBanner, '');
    errorBanner.hidden = true;
    popup.close(false);
    select(null);
  }

  // ---- Long replays: share links, and the session after a worker failed ----------------

  // What replaying.ts (fetched when first needed) does with this playground: replay a share
  // link's recording, and, when a worker that failed is replaced (client.ts), say so, with the
  // replay's progress and a Stop button, and draw the page afresh if that replay stopped
  // short. The clock pauses then: the request the worker failed on would fail again.
  const page: ReplayPage = {
    banners,
    client,
    enqueue,
    resend,
    recording,
    load: loadNow,
    scenario: () => scenarioText,
    first: options.scenario ?? DEFAULT_SCENARIO,
    settle() {
      vt = snap!.now;
      island.frame(vt);
      log.flush();
      inflight.flush();
      return [snap!, hist!];
    },
    redraw: (r, lines) => (clearPage(), show({ ...r, since: 0, lines }, 'travel')),
  };
  const replaying = () => import('./replaying');
  const onReplay = (client.onReplay = (r) => {
    if (!r.done) api.pause();
    replaying().then((m) => m.recovering(page, r), () => failed(root));
  });

  // A student's node (docs/node-protocol.md): nodeswitch.ts, fetched when first used, puts
  // another worker in place of this one.
  const nodeHost: NodeHost = {
    own: newWorker,
    use(make, code) {
      client.terminate();
      client = page.client = new WorkerClient(make, null);
      client.onReplay = onReplay;
      nodeCode = code;
      return client;
    },
    load: (scenario) => loadNow(scenario ?? scenarioText),
    closed: () => destroyed,
    budget: BUDGET,
  };
  const switchNode = async (code: string | null, scenario?: string) => (await import('./nodeswitch')).switchNode(nodeHost, code, scenario);

  function recording(): Recording | null {
    if (!snap || !hist) return null;
    return recordingOf(client.log, scenarioText, { position: hist.position, length: hist.length, branch: hist.branch, step: snap.step, now: snap.now }, nodeCode);
  }

  /** One recorded request, shown the way the page shows it when a person makes it. */
  async function resend(r: Request): Promise<void> {
    switch (r.type) {
      case 'switchBranch':
        await switchNow(r.branch);
        return;
      case 'setLink':
        await send(r, 'run', linkNote(r.link));
        return;
      case 'setNetwork':
        await send(r, 'run', networkNote);
        return;
      case 'back':
      case 'seek':
      case 'seekStep':
        await send(r, 'travel');
        return;
      case 'checkLoad':
        await loadNow(scenarioText, r);
        return;
      case 'checkStart':
      case 'checkRun':
      case 'checkStop':
        await client.request(r);
        return;
      default:
        await send(r);
    }
  }


  /** Reloads the current scenario, with another seed or node count, or the network as it is. */
  function reload(change: { seed?: number; nodes?: number; fresh?: boolean; keepNetwork?: boolean }): Promise<Snapshot> {
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
    if (change.keepNetwork && snap) scenario['network'] = snap.network;
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

  /** The log's lines: the sentences, with the notes that belong to this moment. */
  function logItems(): Sentence[] {
    const vis = notes.filter((n) => shownNotes.has(n.id));
    if (!vis.length) return sentences;
    const out: Sentence[] = [];
    let j = 0;
    for (const s of sentences) {
      while (j < vis.length && vis[j]!.step < s.step) out.push(vis[j++]!);
      out.push(s);
    }
    while (j < vis.length) out.push(vis[j++]!);
    return out;
  }

  function show(r: Update, how: How, noteOf?: NoteOf): void {
    const { since, lines, snapshot: s, history: hs } = r;
    const before = snap;
    const names = s.nodes.map((n) => n.name);
    // The lines up to `since` stay; after going back the rest go, and what was said of them.
    const dropped = book.truncate(since);
    if (dropped) {
      sentences.length = countUpTo(sentences, since);
      narrator.rewind(book.lines);
    }
    book.append(lines);
    const said = narrator.narrate(lines);
    for (const x of said) sentences.push(x);
    if (dropped) panels?.model.truncate(since);
    panels?.model.append(lines);
    const moved = dropped > 0 || how === 'travel';

    island.update(s);
    if (!moved) island.effects(lines, (id) => narrator.route(id));
    narrator.sync(s);
    snap = s;
    hist = hs;
    if (how !== 'run' || vt < s.now) vt = s.now;
    island.frame(vt);
    if (hs.branch !== lastBranch) {
      prevBranch = lastBranch;
      lastBranch = hs.branch;
    }
    if (selected !== null && !s.inFlight.some((f) => f.id === selected)) select(null);

    // Notes for actions with no trace line, and which of them belong to this moment.
    const made = before && noteOf ? noteOf(before, s) : null;
    if (made) {
      notes.push(sentenceOf<Note>({ id: ++noteId, branch: hs.branch, position: hs.position, step: s.step, time: s.now, kind: 'network', ballot: null, type: null, nodes: made.nodes }, made.text));
    }
    const vis = new Set(notes.filter((n) => visibleAt(n, hs)).map((n) => n.id));
    const gone = [...shownNotes].some((id) => !vis.has(id));
    const fresh = notes.filter((n) => vis.has(n.id) && !shownNotes.has(n.id));
    shownNotes = vis;
    log.setNames(names);
    if (how === 'load') log.add(said);
    // Redrawn at most ten times a second, like new lines: dragging the timeline stays light.
    else if (moved || gone) log.reset(logItems()); else if (fresh.length) log.add([...said, ...fresh].sort((a, b) => a.step - b.step));
    else log.add(said);
    if (moved) announceNow(t('pg.movedAnnounce', { position: positionText(hs), step: String(s.step), time: timeText(s.now), branch: branchText(hs) }));
    else announce([...said, ...fresh].map((x) => x.text));

    controls.future = hs.position < hs.length;
    controls.show(s, seedOf(scenarioText), hs.position === 0);
    timebar.show(hs, s);
    inflight.show(s);
    if (moved) inflight.flush();
    showPanels(s, moved);
    showBanners(s);
    showClock();
    if (!interactive) {
      interactive = true;
      controls.enable(true);
      timebar.enable(true);
      panels?.faults.enable(true);
      sharing.enable(true);
      stopWatching = [lower, faultsSlot].map((el) => whenNear(el, loadPanels));
      controls.show(s, seedOf(scenarioText), hs.position === 0);
      performance.mark('paxos:interactive');
    }
    if (listeners.update.size) emit('update', structuredClone(s), lines, { since, history: structuredClone(hs), goalMet: goalMetOf(r) });
    if (s.chosen && !before?.chosen) emit('chosen', structuredClone(s.chosen), structuredClone(s));
    for (const v of s.violations.slice(before?.violations.length ?? 0)) emit('violation', structuredClone(v), structuredClone(s));
    wake();
  }

  /** Everything said again in the language just picked; the simulation stays as it is. */
  function relang(): void {
    bannerShown = '';
    if (!snap || !hist) return;
    if (popup.open) popup.close();
    island.update(snap);
    island.frame(vt);
    controls.relang();
    timebar.relang();
    controls.show(snap, seedOf(scenarioText), hist.position === 0);
    timebar.show(hist, snap);
    inflight.relang();
    inflight.show(snap);
    inflight.flush();
    panels?.faults.relang();
    panels?.inspector.relang();
    showPanels(snap, true);
    showBanners(snap);
    showClock();
    log.reset(logItems());
    log.flush();
  }
  const offLang = onLang(() => relang());

  let bannerShown = '';
  function showBanners(s: Snapshot): void {
    // Redrawn only when what they say changes.
    const started = s.nodes.some((n) => n.proposer.phase !== 'idle' || n.accepted !== null);
    const manual = s.network.mode === 'manual';
    const key = `${s.chosen?.step ?? '-'} ${s.violations.length} ${s.quorum}/${s.quorums?.accept}/${s.nodes.length} ${started} ${manual}`;
    if (key === bannerShown) return;
    bannerShown = key;
    chosenBanner.className = `pg-banner ${s.chosen ? 'pg-banner-chosen' : 'pg-banner-idle'}`;
    if (!s.chosen) {
      const n = String(s.nodes.length);
      const majority = s.quorums
        ? L('pg.flexible', { p: String(s.quorums.prepare), a: String(s.quorums.accept), n })
        : L('pg.majority', { q: String(s.quorum), n });
      setText(
        chosenBanner,
        started
          ? t('pg.bannerStarted', { majority }) + (manual ? t('pg.bannerStartedManual') : '')
          : manual
            ? t('pg.bannerManual')
            : // The Race button and the proposal panel are hidden in an embed with fewer controls.
              options.controls === 'minimal'
              ? t('pg.bannerIdlePlay')
              : options.controls === 'none'
                ? t('pg.bannerIdleBare')
                : t('pg.bannerIdle', { majority }),
      );
    } else {
      const c = s.chosen;
      chosenBanner.replaceChildren(
        h('span', { class: 'pg-banner-label' }, t('pg.chosen')),
        ' ',
        h('strong', { class: 'pg-chosen-value' }, c.value),
        t('pg.chosenDetail', { b: ballotText(c.ballot), time: timeText(c.time), step: String(c.step) }),
      );
    }
    violationBanner.hidden = !s.violations.length;
    if (s.violations.length) {
      violationBanner.replaceChildren(
        h('span', { class: 'pg-banner-label' }, t('pg.violated')),
        ...s.violations.map((v) => h('span', { class: 'pg-violation' }, t('pg.violation', { property: v.property, step: String(v.step), time: timeText(v.time), detail: v.detail }))),
      );
    }
  }

  /** A control's request: its failure is shown in the error banner. Returns `p`. */
  function ui<T>(p: Promise<T>): Promise<T> {
    errorBanner.hidden = true;
    p.catch((e: unknown) => {
      setText(errorBanner, errorOf(e).message);
      errorBanner.hidden = false;
    });
    return p;
  }

  function statusText(): string {
    if (!snap) return '';
    const waiting = snap.inFlight.some((f) => f.arrivesAt === null && f.from !== f.to);
    if (hist && hist.position < hist.length && !playing) return t('pg.status.past');
    if (snap.nextTime === null) return waiting ? t('pg.status.waiting') : t('pg.status.nothing');
    return playing ? t('pg.status.running') : waiting ? t('pg.status.pausedWaiting') : t('pg.status.paused');
  }

  function showClock(): void {
    controls.showClock(playing, vt, statusText());
  }

  // ---- Announcements (a polite live region; the switch turns them off) ----------------

  let spoken: string[] = [];
  let speakTimer = 0;
  function announce(texts: string[]): void {
    if (!announceBox.checked || !texts.length) return;
    spoken.push(...texts);
    if (!speakTimer) speakTimer = window.setTimeout(speak, 900);
  }
  function announceNow(text: string): void {
    spoken = [];
    if (announceBox.checked) setText(live, text.trim());
  }
  function speak(): void {
    speakTimer = 0;
    const all = spoken;
    spoken = [];
    if (!announceBox.checked || !all.length) return;
    const last = all.slice(-3);
    const skipped = all.length - last.length;
    setText(live, `${skipped ? t('pg.announceSkipped', { n: String(skipped) }) : ''}${last.join('. ')}.`);
  }
  announceBox.addEventListener('change', () => {
    if (!announceBox.checked) setText(live, '');
  });

  // ---- Menus on the island ----------------------------------------------------------

  function nodeMenu(name: string, card: SVGGElement): void {
    const n = snap?.nodes.find((x) => x.name === name);
    if (!n || !snap || !interactive) return;
    if (popup.open && popup.about === `node ${name}`) return popup.close();
    const r = card.getBoundingClientRect();
    popup.show({
      about: `node ${name}`,
      title: t(n.up ? 'pg.nodeTitleUp' : 'pg.nodeTitleDown', { node: name }),
      label: t('pg.nodeActions', { node: name }),
      items: [
        n.up
          ? allows('crash') ? { label: t('pg.crash', { node: name }), danger: true, run: () => api.crash(name) } : null
          : allows('restart') ? { label: t('pg.restart', { node: name }), run: () => api.restart(name) } : null,
        n.up && allows('propose') ? { label: t('pg.proposeFrom', { node: name }), moves: true, run: () => controls.proposeFrom(name) } : null,
        { label: t('pg.inspect', { node: name }), moves: true, run: () => withInspector((i) => i.inspect(name)) },
        !allows('partition')
          ? null
          : snap.partition
          ? { label: t('pg.heal'), run: () => api.heal() }
          : { label: t('pg.cutOff', { node: name }), run: () => api.partition([[name]]) },
      ],
      x: r.left + r.width / 2,
      y: r.bottom - 18,
      host: stage,
      back: card,
    });
  }

  function messageMenu(id: number, x: number, y: number): void {
    const f = snap?.inFlight.find((m) => m.id === id);
    if (!f || !interactive) return;
    select(id);
    popup.show({
      about: `message ${id}`,
      title: msgLabel(f.msg),
      detail: t('pg.msgDetail', { from: f.from, to: f.to, when: f.arrivesAt === null ? t('pg.status.waiting') : t('pg.lands', { time: timeText(f.arrivesAt) }) }),
      label: t('pg.msgFrom', { from: f.from, to: f.to }),
      items: [
        allows('deliver') ? { label: t('pg.deliver'), run: () => api.deliver(id) } : null,
        allows('drop') ? { label: t('pg.drop'), danger: true, run: () => api.drop(id) } : null,
        allows('duplicate') ? { label: t('pg.duplicate'), run: () => api.duplicate(id) } : null,
      ],
      x,
      y,
      host: stage,
    });
  }

  function linkMenu(a: string, b: string, x: number, y: number): void {
    if (!snap || !interactive || !allows('network')) return;
    const f = snap.links.find((l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a));
    const extra = h('input', { type: 'number', class: 'pg-input pg-num', min: 0, max: 60000, step: 10, value: f?.extra ?? 0, inputmode: 'numeric' });
    const setBtn = h('button', { type: 'button', role: 'menuitem', class: 'pg-btn' }, t('pg.setExtra'));
    setBtn.addEventListener('click', () =>
      popup.run(() => api.setLink({ between: [a, b], cut: f?.cut ?? false, extra: Math.max(0, Math.round(Number(extra.value) || 0)) })),
    );
    const form = h('div', { class: 'pg-menu-form' }, h('label', { class: 'pg-field' }, t('pg.extraDelay'), extra), setBtn);
    const state = f ? [f.cut ? t('pg.cut') : '', f.extra ? t('pg.slower', { n: String(f.extra) }) : ''].filter(Boolean).join(t('pg.sep')) : t('pg.working');
    popup.show({
      about: `link ${a} ${b}`,
      title: t('pg.link', { a, b }),
      detail: state,
      label: t('pg.linkActions', { a, b }),
      items: [
        f?.cut ? null : { label: t('pg.cutLink', { a, b }), danger: true, run: () => api.setLink({ between: [a, b], cut: true, extra: f?.extra ?? 0 }) },
        f ? { label: t('pg.mendLink', { a, b }), run: () => api.setLink({ between: [a, b] }) } : null,
        form,
      ],
      x,
      y,
      host: stage,
    });
  }

  // ---- Messages: selection and actions ------------------------------------------------

  function select(id: number | null): void {
    selected = id;
    island.select(id);
    inflight.select(id);
  }

  function msgAct(kind: MsgAction, id: number): Promise<Snapshot> {
    return kind === 'deliver' ? api.deliver(id) : kind === 'drop' ? api.drop(id) : api.duplicate(id);
  }

  function selectNext(dir: 1 | -1): void {
    inflight.flush();
    const ids = inflight.ids();
    if (!ids.length) return announceNow(t('pg.noFlight'));
    const i = selected === null ? -1 : ids.indexOf(selected);
    const next = ids[i < 0 ? (dir === 1 ? 0 : ids.length - 1) : (i + dir + ids.length) % ids.length]!;
    select(next);
    const f = snap?.inFlight.find((m) => m.id === next);
    if (f) announceNow(t('pg.selected', { msg: msgLabel(f.msg), from: f.from, to: f.to }));
  }

  // ---- Keyboard -----------------------------------------------------------------------

  function onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || destroyed || !interactive || help?.open || helpComing) return;
    // Inside a shadow root (the <paxos-playground> element) only keys pressed inside count:
    // several playgrounds can share a page.
    const target = (e.composedPath()[0] ?? e.target) as HTMLElement;
    const page = !(root.getRootNode() instanceof ShadowRoot) && (target === document.body || target === document.documentElement);
    if (!(page || root.contains(target))) return;
    // Keys inside an open dialog are its own; one just closed may still hold the focus for a
    // moment (it hands it back on its close event): those keys are the playground's.
    if (target.closest('.pg-menu, dialog[open]')) return;
    const tag = target.tagName;
    const type = tag === 'INPUT' ? (target as HTMLInputElement).type : '';
    if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable || (tag === 'INPUT' && !['range', 'checkbox', 'file', 'button'].includes(type))) return;
    const activates = tag === 'BUTTON' || tag === 'A' || tag === 'INPUT' || target.getAttribute('role') === 'button' || target.closest('.pg-log-list') !== null;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    switch (key) {
      case ' ':
        if (activates) return;
        if (playing) api.pause();
        else api.play();
        break;
      case 'ArrowLeft':
        if (type === 'range') return;
        ui(api.back(e.shiftKey ? 10 : 1));
        break;
      case 'ArrowRight':
        if (type === 'range') return;
        ui(e.shiftKey ? forwardBy(10) : api.forward());
        break;
      case 'm':
        controls.toggleManual();
        break;
      case 'n':
        selectNext(e.shiftKey ? -1 : 1);
        break;
      case 'd':
      case 'x':
      case 'c':
        if (selected === null) {
          announceNow(t('pg.selectFirst'));
          break;
        }
        ui(msgAct(key === 'd' ? 'deliver' : key === 'x' ? 'drop' : 'duplicate', selected));
        break;
      case 'b':
        if (hist && hist.branches.length > 1) {
          const to = prevBranch !== null && prevBranch !== hist.branch ? prevBranch : (hist.branches[hist.branch]?.parent ?? (hist.branch === 0 ? 1 : 0));
          ui(api.switchBranch(to));
        }
        break;
      case 'i':
        withInspector((i) => i.next());
        break;
      case 'a':
        announceBox.checked = !announceBox.checked;
        announceBox.dispatchEvent(new Event('change'));
        setText(live, announceBox.checked ? t('pg.announceOn') : '');
        break;
      case '?':
        void showHelp();
        break;
      case 'Escape':
        if (selected === null) return;
        select(null);
        break;
      default:
        return;
    }
    e.preventDefault();
  }
  document.addEventListener('keydown', onKey);

  function forwardBy(n: number): Promise<Snapshot> {
    if (!allows('step')) return api.forward();
    api.pause();
    return jump(() => (hist && hist.position < hist.length ? { type: 'seek', position: Math.min(hist.position + n, hist.length) } : { type: 'step', count: n }), 'travel');
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
    controls.showClock(playing, vt, statusText(), false);
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

  // ---- Notes for what writes no trace line --------------------------------------------

  const linkNote =
    (link: LinkSpec): NoteOf =>
    (_before, after) => {
      const [a, b] = link.between;
      const f = after.links.find((l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a));
      const text = !f
        ? L('note.mended', { a, b })
        : f.cut
          ? f.extra
            ? L('note.cutSlowed', { a, b, n: String(f.extra) })
            : L('note.cut', { a, b })
          : L('note.slowed', { a, b, n: String(f.extra) });
      return { text, nodes: [a, b] };
    };
  const networkNote: NoteOf = (before, after) => {
    const [x, y] = [before.network, after.network];
    if (x.mode !== y.mode) {
      return {
        text: y.mode === 'manual' ? L('log.networkManual') : L('log.networkAuto'),
        nodes: [],
      };
    }
    if (x.delay[0] === y.delay[0] && x.delay[1] === y.delay[1] && x.drop === y.drop && x.duplicate === y.duplicate) return null;
    const pct = (p: number) => `${Math.round(p * 100)}%`;
    return { text: L('note.network', { min: String(y.delay[0]), max: String(y.delay[1]), drop: pct(y.drop), dup: pct(y.duplicate) }), nodes: [] };
  };

  async function switchNow(branch: number): Promise<Snapshot> {
    const r = await client.request({ type: 'switchBranch', branch });
    if (r.type !== 'update') throw new Error(`expected an update, got ${r.type}`);
    // Works around the simulator (protocol v1 as built): its answer to switchBranch
    // keeps `since` at the last step it sent, not at the step where the two branches
    // part, so lines of the branch we left would stay. Read the whole trace instead.
    const t = await client.request({ type: 'trace' });
    show(t.type === 'trace' ? { ...r, since: 0, lines: parseTrace(t.text) } : r, 'travel');
    vt = r.snapshot.now;
    island.frame(vt);
    return r.snapshot;
  }

  // ---- The API -----------------------------------------------------------------------

  const api: Playground = {
    load: (scenario) => load(scenario),
    loadExercise(exercise) {
      api.pause();
      let scenario = '';
      try {
        scenario = JSON.stringify((JSON.parse(exercise) as { scenario?: unknown }).scenario ?? {}, null, 2);
      } catch {
        // the simulator answers with the error
      }
      return load(scenario, { type: 'loadExercise', exercise });
    },
    checkLoad() {
      api.pause();
      return load(scenarioText, { type: 'checkLoad' });
    },
    check: (request) => enqueue(() => client.request(request)),
    propose: (node, value) => act([{ type: 'propose', node, value }]),
    crash: (node) => act([{ type: 'crash', node }]),
    restart: (node) => act([{ type: 'restart', node }]),
    partition: (groups) => act([{ type: 'partition', groups }]),
    heal: () => act([{ type: 'heal' }]),
    setNetwork: (network) => act([() => ({ type: 'setNetwork', network: { ...snap!.network, ...network } })], networkNote),
    setManual(on) {
      if (on) api.pause();
      return act([() => ({ type: 'setNetwork', network: { ...snap!.network, mode: on ? 'manual' : 'auto' } })], networkNote);
    },
    setLink: (link) => act([{ type: 'setLink', link }], linkNote(link)),
    deliver: (id) => act([{ type: 'deliver', id }]),
    drop: (id) => act([{ type: 'drop', id }]),
    duplicate: (id) => act([{ type: 'duplicate', id }]),
    step: (count) => jump(count === undefined ? { type: 'step' } : { type: 'step', count }),
    runUntilChosen: (limit) => jump(limit === undefined ? { type: 'runUntilChosen' } : { type: 'runUntilChosen', limit }),
    runUntilIdle: (limit) => jump(limit === undefined ? { type: 'runUntilIdle' } : { type: 'runUntilIdle', limit }),
    back: (count) => travel(count === undefined ? { type: 'back' } : { type: 'back', count }),
    forward() {
      api.pause();
      return jump(() => (hist && hist.position < hist.length ? { type: 'seek', position: hist.position + 1 } : { type: 'step' }), 'travel');
    },
    seek: (position) => travel({ type: 'seek', position }),
    seekStep: (step) => travel({ type: 'seekStep', step }),
    switchBranch(branch) {
      api.pause();
      return enqueue(() => switchNow(branch));
    },
    history: () => (hist ? structuredClone(hist) : null),
    lines: () => structuredClone(book.lines),
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
    speed: () => speed,
    state: () => (snap ? structuredClone(snap) : null),
    trace: traceText,
    scenario: () => scenarioText,
    recording,
    replay(rec, o) {
      api.pause();
      return enqueue(async () => {
        // A recording made with a student's node replays on it (the share link asked first).
        const node = rec.node ?? null;
        if (node !== nodeCode) await switchNode(node, rec.scenario);
        return (await replaying()).replay(page, rec, o);
      });
    },
    shareLink: () => sharing.link(),
    openLink: (fragment) => sharing.open(fragment),
    on(event, callback) {
      listeners[event].add(callback);
      return () => listeners[event].delete(callback);
    },
    ready: () => firstLoad,
    useNode: (code) => enqueue(() => switchNode(code)),
    node: () => nodeCode,
    destroy() {
      destroyed = true;
      offLang();
      for (const stop of stopWatching) stop();
      if (raf) cancelAnimationFrame(raf);
      document.removeEventListener('keydown', onKey);
      client.terminate();
      root.remove();
    },
  };

  controls.setSpeed(speed);
  motionQuery.addEventListener('change', () => island.frame(vt));
  // Author locks (lock.ts): the API's methods are guarded in place, so the controls are too.
  if (options.lock && !locks) throw new Error('the lock option needs takeLocks(lockPlayground) first (index.ts does it)');
  lockHandle = options.lock
    ? locks!(api, options.lock, {
        root,
        autoplay: options.autoplay ?? true,
        refuse: (e) => {
          setText(errorBanner, e.message);
          errorBanner.hidden = false;
          emit('error', e);
        },
      })
    : null;
  // A first scenario the simulator or the page refuses (a link asking for 999 nodes, say):
  // the page starts with the default one and says why.
  const loaded = load(options.scenario ?? DEFAULT_SCENARIO).catch((e: unknown) =>
    load(DEFAULT_SCENARIO).then((s) => {
      setText(errorBanner, errorOf(e).message);
      errorBanner.hidden = false;
      return s;
    }),
  );
  // Ready once loaded (and at its first locked step) and in its language.
  const firstLoad: Promise<void> = Promise.all([
    loaded.then(
      () => lockHandle?.ready,
      () => {},
    ),
    langReady,
  ]).then(() => {});
  void firstLoad.finally(() => (root.style.visibility = ''));
  return api;
}
