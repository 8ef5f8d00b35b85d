// createPlayground(): one Basic Paxos playground in a page element, and its API (docs/api.md).
// It assembles the rooms: the controller (core/controller.ts: clock, queue, worker, the
// timeline), the views that follow it (island, controls, timeline bar, banners, in-flight
// list, log, announcements, and the panels fetched later), the menus and keys that act
// through the API (core/facade.ts), and the parts fetched on first use (replays, a student's
// node, the help dialog). A view never calls another view: each takes the controller's
// updates, and people's input goes to the controller.

import type { Snapshot } from '../core/protocol';
import { BUDGET, WorkerClient, type FirstBuild } from '../core/client';
import { BASIC, createController } from '../core/controller';
import { reload } from './reload';
import { facade } from '../core/facade';
import { DEFAULT_SCENARIO, type Playground, type PlaygroundOptions } from '../core/api';
import type { NodeHost } from '../classroom/nodeswitch';
import { firstBuild, onPage } from '../core/firstwasm';
import { LAB, scripted, wantsClassroom } from '../core/builds';
import { initSync, Playground as Lighter } from '../wasm/pkg/paxos.js';
import { basicIsland, followController } from './island/basic';
import { LogView } from './log';
import { Controls, RACE } from './controls';
import { h, saveFile } from '../core/dom';
import { langOf, onLang, setLang, t } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { InFlightView, type MsgAction } from './inflight';
import { TimeBar } from './timebar';
import type { ReplayPage } from '../share/replaying';
import { SharePanel } from '../share/sharepanel';
import { failed, once } from '../core/lazy';
import type { LockHandle, lockPlayground } from '../embed/lock';
import { Story } from './story';
import type { islandMenus } from './menus';
import { Banners } from './banners';
import { Announcer } from './announcer';
import { listenToKeys } from './keys';
import { HelpButton } from './helpbutton';
import { Lower } from './lower';
import { errorOf } from '../core/errors';


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
  if (!scripted(text)) return (lighter ??= firstBuild(new URL('../wasm/pkg/paxos_bg.wasm', import.meta.url), 0, LIGHTER));
  const glue = () => import('../wasm/pkg-lab/paxos_lab.js').then((g) => onPage(g, wantsClassroom));
  return (lab ??= firstBuild(new URL('../wasm/pkg-lab/paxos_lab_bg.wasm', import.meta.url), LAB, glue()));
}
let lighter: Promise<FirstBuild | null> | null = null;
let lab: Promise<FirstBuild | null> | null = null;

type Menus = ReturnType<typeof islandMenus>;

/** The seed a scenario text says (0 when it names none; null when it is no JSON). */
function seedOf(text: string): number | null {
  try {
    const seed = (JSON.parse(text) as { seed?: unknown }).seed;
    return typeof seed === 'number' ? seed : 0;
  } catch {
    return null;
  }
}

/** Builds a playground inside `element` and loads the scenario. */
export function createPlayground(element: HTMLElement, options: PlaygroundOptions = {}): Playground {
  // The `lang` option switches the page. Chinese may still have to be fetched (i18n.ts): the
  // element awaits it before calling us, a direct caller gets a playground hidden until then.
  const wantedLang = options.lang ? langOf([options.lang]) : null;
  const langReady: Promise<unknown> = wantedLang ? setLang(wantedLang) : Promise.resolve();
  const ctl = createController({ client: new WorkerClient(newWorker, firstWasm(options.scenario)), protocol: BASIC, autoplay: options.autoplay, speed: options.speed });
  const motionQuery = window.matchMedia('(prefers-reduced-motion: reduce)');
  const reducedMotion = () => options.reducedMotion ?? motionQuery.matches;
  let lockHandle: LockHandle | null = null;
  let interactive = false;

  // ---- The views ---------------------------------------------------------------------

  const controls = new Controls({
    playPause: () => (ctl.playing ? api.pause() : api.play()),
    back: () => ui(api.back()),
    forward: () => ui(api.forward()),
    manual: (on) => ui(api.setManual(on)),
    help: () => help.show(),
    reset: () => ui(reload(ctl, {})),
    speed: (x) => api.setSpeed(x),
    propose: async (node, value) => {
      await api.propose(node, value);
    },
    race: async () => {
      let snap = ctl.snapshot;
      if (!snap || !(lockHandle?.allows('propose') ?? true)) return;
      if (snap.chosen || snap.violations.length) snap = await reload(ctl, { keepNetwork: true });
      const [a, b] = snap.nodes;
      if (!a || !b) return;
      await ctl.act([
        { type: 'propose', node: a.name, value: RACE[0].value },
        { type: 'propose', node: b.name, value: RACE[1].value },
      ]);
      // In a manual network the person moves the messages; the clock would fire timers. The
      // switch, not the snapshot: it may have been turned on while the proposals went out.
      if (!controls.manualOn) api.play();
    },
    network: (network) => ui(api.setNetwork(network)),
    nodes: (count) => ui(reload(ctl, { nodes: count, fresh: true })),
    seed: (seed) => ui(reload(ctl, { seed })),
  });
  const story = new Story(ctl);
  const island = basicIsland({
    onNode: (name, card) => menu((m) => m.node(name, card)),
    onMessage: (id, x, y) => menu((m) => m.message(id, x, y)),
    onLink: (a, b, x, y) => menu((m) => m.link(a, b, x, y)),
    reducedMotion,
  });
  const announcer = new Announcer(story);
  const log = new LogView(() => story.items(), (step) => ui(api.seekStep(step)), announcer.switch);
  log.follow(ctl, story);
  const inflight = new InFlightView({
    act: (kind, id) => ui(msgAct(kind, id)),
    select: (id) => ctl.select(id),
  });
  const timebar = new TimeBar({ seek: (p) => ctl.scrub(p), switchBranch: (b) => ui(api.switchBranch(b)) }, controls.clockBox);
  const sharing = new SharePanel({
    recording: () => api.recording(),
    replay: (r, o) => api.replay(r, o),
    load: (text) => api.load(text),
    scenario: () => api.scenario(),
    exportTrace: download,
  });
  controls.bar.append(sharing.shareBtn);
  const banners = new Banners(ctl, options.controls ?? 'full', sharing.notice);
  const stage = h('div', { class: 'pg-stage' }, controls.bar, timebar.el, banners.el, island.el);
  const side = h('div', { class: 'pg-side' }, controls.propose, inflight.el, log.el);
  const lower = new Lower(ctl, { seekStep: (step) => ui(api.seekStep(step)), api: () => api });
  const settings = h('div', { class: 'pg-settings' }, controls.network, lower.faultsSlot, controls.setup, sharing.el);
  const root = h('div', { class: `paxos-pg pg-controls-${options.controls ?? 'full'}` }, stage, side, lower.el, settings, announcer.live);
  lower.root = root;
  const help = new HelpButton(root, announcer.live, controls.helpBtn);
  // Unseen until its first answer is drawn, in its language (never in English first): the
  // places that answer fills (the banner, the island) would move under the reader's eyes.
  // CSSOM, not a style attribute: allowed by a strict CSP.
  root.style.visibility = 'hidden';
  element.replaceChildren(root);
  // The island's menus (menus.ts), fetched on the first click on it.
  let menus: Menus | null = null;
  const loadMenus = once(async () =>
    (menus = (await import('./menus')).islandMenus({
      ctl,
      api,
      stage,
      allows: (a) => lockHandle?.allows(a) ?? true,
      interactive: () => interactive,
      proposeFrom: (node) => controls.proposeFrom(node),
      inspect: (node) => lower.withInspector((i) => i.inspect(node)),
    })),
  );
  const menu = (f: (m: Menus) => void) => void loadMenus().then(f, () => failed(root));

  ctl.on('cleared', () => menus?.popup.close(false));
  followController(island, ctl, (id) => story.narrator.route(id));
  inflight.follow(ctl);
  timebar.follow(ctl);
  ctl.on('clock', (frame) => controls.showClock(ctl.playing, ctl.vt, statusText(), !frame));
  ctl.on('shown', ({ update: r }) => {
    const { snapshot: s, history: hs } = r;
    controls.future = hs.position < hs.length;
    controls.show(s, seedOf(ctl.scenario), hs.position === 0);
    controls.showClock(ctl.playing, ctl.vt, statusText());
    if (!interactive) {
      interactive = true;
      controls.enable(true);
      timebar.enable(true);
      sharing.enable(true);
      lower.enable();
      controls.show(s, seedOf(ctl.scenario), hs.position === 0);
      performance.mark('paxos:interactive');
    }
  });

  /** Everything said again in the language just picked; the simulation stays as it is. */
  function relang(): void {
    const [snap, hist] = [ctl.snapshot, ctl.history];
    if (!snap || !hist) return;
    if (menus?.popup.open) menus.popup.close();
    island.update(snap);
    island.frame(ctl.vt);
    controls.relang();
    timebar.relang();
    controls.show(snap, seedOf(ctl.scenario), hist.position === 0);
    timebar.show(hist, snap.step, snap.now);
    inflight.relang();
    inflight.show(snap);
    inflight.flush();
    lower.relang();
    banners.relang(snap);
    controls.showClock(ctl.playing, ctl.vt, statusText());
    log.reset(story.items());
    log.flush();
  }
  const offLang = onLang(() => relang());

  /** A control's request: its failure is shown in the error banner. Returns `p`. */
  function ui<T>(p: Promise<T>): Promise<T> {
    banners.error(null);
    p.catch((e: unknown) => banners.error(errorOf(e).message));
    return p;
  }

  function statusText(): string {
    const [snap, hist] = [ctl.snapshot, ctl.history];
    if (!snap) return '';
    const waiting = snap.inFlight.some((f) => f.arrivesAt === null && f.from !== f.to);
    if (hist && hist.position < hist.length && !ctl.playing) return t('pg.status.past');
    if (snap.nextTime === null) return waiting ? t('pg.status.waiting') : t('pg.status.nothing');
    return ctl.playing ? t('pg.status.running') : waiting ? t('pg.status.pausedWaiting') : t('pg.status.paused');
  }

  function msgAct(kind: MsgAction, id: number): Promise<Snapshot> {
    return kind === 'deliver' ? api.deliver(id) : kind === 'drop' ? api.drop(id) : api.duplicate(id);
  }

  function forwardBy(n: number): Promise<Snapshot> {
    if (!(lockHandle?.allows('step') ?? true)) return api.forward();
    api.pause();
    return ctl.jump(() => {
      const hist = ctl.history;
      return hist && hist.position < hist.length ? { type: 'seek', position: Math.min(hist.position + n, hist.length) } : { type: 'step', count: n };
    }, 'travel');
  }

  const stopKeys = listenToKeys({
    ctl,
    get api() {
      return api;
    },
    root,
    listening: () => !ctl.closed && interactive && help.idle(),
    ui,
    forwardBy,
    msgAct,
    flightIds: () => (inflight.flush(), inflight.ids()),
    say: (text) => announcer.now(text),
    toggleManual: () => controls.toggleManual(),
    toggleAnnouncements: () => announcer.toggle(),
    nextInspected: () => lower.withInspector((i) => i.next()),
    help: () => help.show(),
  });

  async function download(): Promise<void> {
    saveFile(await ctl.trace(), 'paxos-trace.jsonl', 'application/jsonl');
  }

  // ---- Long replays: share links, and the session after a worker failed ----------------

  // What replaying.ts (fetched when first needed) does with this playground: replay a share
  // link's recording, and, when a worker that failed is replaced (client.ts), say so, with the
  // replay's progress and a Stop button, and draw the page afresh if that replay stopped
  // short. The clock pauses then: the request the worker failed on would fail again.
  const page: ReplayPage = {
    banners: banners.el,
    ctl,
    first: options.scenario ?? DEFAULT_SCENARIO,
    settle() {
      const at = ctl.settle();
      log.flush();
      inflight.flush();
      return at;
    },
  };
  const replaying = () => import('../share/replaying');
  ctl.client.onReplay = (r) => {
    if (!r.done) api.pause();
    replaying().then((m) => m.recovering(page, r), () => failed(root));
  };

  // A student's node (docs/node-protocol.md): nodeswitch.ts, fetched when first used, puts
  // another worker in place of this one.
  const nodeHost: NodeHost = {
    own: newWorker,
    use(make, code) {
      const client = new WorkerClient(make, null);
      ctl.useClient(client, code);
      return client;
    },
    load: (scenario) => ctl.loadNow(scenario ?? ctl.scenario),
    closed: () => ctl.closed,
    budget: BUDGET,
  };
  const switchNode = async (code: string | null, scenario?: string) => (await import('../classroom/nodeswitch')).switchNode(nodeHost, code, scenario);

  // ---- The API -----------------------------------------------------------------------

  const { api, emit } = facade(ctl, {
    speed: (x) => controls.setSpeed(x),
    replay(rec, o) {
      api.pause();
      return ctl.enqueue(async () => {
        // A recording made with a student's node replays on it (the share link asked first).
        const node = rec.node ?? null;
        if (node !== ctl.node) await switchNode(node, rec.scenario);
        return (await replaying()).replay(page, rec, o);
      });
    },
    shareLink: () => sharing.link(),
    openLink: (fragment) => sharing.open(fragment),
    ready: () => firstLoad,
    useNode: (code) => ctl.enqueue(() => switchNode(code)),
    destroy() {
      offLang();
      lower.close();
      stopKeys();
      ctl.close();
      root.remove();
    },
  });

  controls.setSpeed(ctl.speed);
  motionQuery.addEventListener('change', () => island.frame(ctl.vt));
  // Author locks (lock.ts): the API's methods are guarded in place, so the controls are too.
  if (options.lock && !locks) throw new Error('the lock option needs takeLocks(lockPlayground) first (index.ts does it)');
  lockHandle = options.lock
    ? locks!(api, options.lock, {
        root,
        autoplay: options.autoplay ?? true,
        refuse: (e) => {
          banners.error(e.message);
          emit('error', e);
        },
      })
    : null;
  // A first scenario the simulator or the page refuses (a link asking for 999 nodes, say):
  // the page starts with the default one and says why.
  const loaded = ctl.load(options.scenario ?? DEFAULT_SCENARIO).catch((e: unknown) =>
    ctl.load(DEFAULT_SCENARIO).then((s) => {
      banners.error(errorOf(e).message);
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
