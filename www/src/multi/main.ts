// The Multi-Paxos & ZooKeeper view (multi.html): the island with its envelopes and the
// timeline, a replicated log and a znode tree on every server, clients, faults, the model
// checker, the trace in sentences, the space-time diagram and the node inspector. The
// island, timeline, diagram and inspector are the Basic page's own views (basic/), read
// through this protocol's kinds (island.ts, diagram.ts, inspector.ts). Exposed as
// window.multiPlayground.

import { SPEEDS } from '../core/api';
import '../page/page.css';
import './multi.css';
import { adoptStyles, h, saveFile, setText, tnode, uid } from '../core/dom';
import { L, lang, onLang, scenarioText, startLang, t } from '../i18n/i18n';
import { languagePicker } from '../i18n/langpicker';
import type { MultiAction, MultiView } from '../core/protocol';
import { CheckPanel } from './checkpanel';
import { ClientPanel } from './clientpanel';
import { createMultiController, multiState, type MultiState } from './controller';
import { ClientEnvelopes, multiIsland } from './island';
import { TimeBar } from '../basic/timebar';
import { failed, once, placeholder, whenNear } from '../core/lazy';
import type { MultiViews } from './views';
import { MultiLog } from './log';
import { NetworkPanel } from './network';
import { SCENARIOS } from './scenarios';
import { ServerCards } from './servers';
import '../i18n/i18n-en-multi'; // its English texts
import '../i18n/i18n-en-island'; // the island's and timeline's
import { messageOf } from '../core/errors';

/** The view's API for tests and the curious (after `ready`, when its first scenario is loaded). */
export interface MultiPlaygroundApi {
  ready: Promise<void>;
  state(): MultiView;
  /** Inputs applied since the scenario was loaded (a step that writes no trace line counts). */
  position(): number;
  /** A person's action at the clock's moment (the simulator first runs to it); refused, it rejects and changes nothing. */
  act(action: MultiAction): Promise<MultiView>;
  /** The moment after `position` inputs; the clock pauses there. */
  seek(position: number): Promise<MultiView>;
  trace(): Promise<string>;
}

declare global {
  interface Window {
    multiPlayground: MultiPlaygroundApi;
  }
}

// The worker (and its wasm) starts loading at once; the page is drawn once its language is
// here (a Chinese page fetches its texts first; i18n.ts). A promise, not a top-level await:
// with one anywhere, the bundler stops merging shared chunks into entries (main.ts).
const ctl = createMultiController();
void startLang().then(start);

function start(): void {
  // ---- The page's header, in the language of the moment ---------------------------------

  const header = document.querySelector('.site-header');
  if (header) {
    header.querySelector('.site-nav')?.replaceChildren(h('a', { href: './index.html' }, L('multi.page.nav')), languagePicker());
    header.querySelector('h1')?.replaceChildren(h('span', {}, L('multi.page.h1')));
    header.querySelector('p')?.replaceChildren(tnode(L('multi.page.intro.a')), h('strong', {}, L('multi.page.intro.sync')), tnode(L('multi.page.intro.b')));
  }
  document.getElementById('app')?.setAttribute('aria-label', t('multi.page.main'));

  // ---- Header controls -------------------------------------------------------------------

  const picker = h('select', { id: uid('mp-scenario') });
  /** A scenario's title and description in the current language (Chinese from i18n-zh.ts, by file name). */
  const textOf = (sc: (typeof SCENARIOS)[number]) => scenarioText(sc.id, sc);
  // The scenario last opened from a file: the picker's last choice, FILE.
  const FILE = 'file';
  // `title` null: the file has none, and the picker's words name it.
  let opened: { name: string; text: string; title: string | null; description: string } | null = null;
  const fillPicker = () => {
    const value = picker.value;
    picker.replaceChildren(
      ...SCENARIOS.map((s) => h('option', { value: s.id }, textOf(s).title.replace(/^Multi-Paxos[:：]\s*/, ''))),
      ...(opened ? [h('option', { value: FILE }, t('m.fromFile', { name: opened.name }))] : []),
    );
    if (value) picker.value = value;
  };
  fillPicker();
  const about = h('p', { class: 'mp-about' });
  const play = h('button', { type: 'button', class: 'mp-primary' }, t('m.play'));
  const step = h('button', { type: 'button' }, L('m.step'));
  const back = h('button', { type: 'button' }, L('m.back'));
  const speed = h('select', { id: uid('mp-speed') });
  speed.append(...SPEEDS.map((x) => h('option', { value: x }, `${x}x`)));
  speed.value = '1';
  const clock = h('output', { class: 'mp-clock', 'aria-label': L('m.clock') }, t('unit.ms', { n: '0' }));
  const reset = h('button', { type: 'button' }, L('m.reset'));
  // A scenario from a file (a counterexample the model checker wrote, say): the button
  // opens the browser's file picker; dropping a file on the page does the same.
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', hidden: true });
  const open = h('button', { type: 'button', title: L('m.openHint') }, L('m.open'));
  const exportTrace = h('button', { type: 'button' }, L('m.export'));
  const error = h('div', { class: 'mp-error', role: 'alert', hidden: true });
  const violations = h('div', { class: 'mp-violations', role: 'alert', 'aria-label': L('m.violations'), hidden: true });

  const controls = h(
    'div',
    { class: 'mp-controls', role: 'toolbar', 'aria-label': L('m.toolbar') },
    h('label', { for: picker.id }, L('m.scenario')),
    picker,
    play,
    step,
    back,
    h('label', { for: speed.id }, L('m.speed')),
    speed,
    reset,
    open,
    fileInput,
    exportTrace,
  );

  const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const island = multiIsland({
    onNode: (name) => withViews((v) => v.inspector.inspect(name)),
    onMessage: (id) => {
      ctl.select(id);
      network.focusFlight(id);
    },
    envelopeTitle: (msg, from, to) => t('m.env.title', { msg, from, to }),
    reducedMotion: () => motion.matches,
  });
  const clients = new ClientEnvelopes(island, () => motion.matches);
  const timebar = new TimeBar(
    {
      seek: (position) => ctl.scrub(position),
      switchBranch: (branch) => quiet(run(() => ctl.switchBranch(branch))),
    },
    clock,
  );
  const stage = h('section', { class: 'mp-stage', 'aria-label': L('m.stage') }, timebar.el, island.el);
  const seekStep = (step: number) => quiet(run(() => ctl.travel({ type: 'multiSeekStep', step })));
  // The space-time diagram and the inspector (views.ts), fetched as they come near.
  const viewsEl = h('div', { class: 'mp-views' }, placeholder(L('dg.title')), placeholder(L('in.title')));
  let views: MultiViews | null = null;
  const loadViews = once(async () => {
    const m = await import('./views');
    adoptStyles(viewsEl, m.PANELS_CSS);
    const v = new m.MultiViews(seekStep);
    viewsEl.replaceChildren(v.diagram.el, v.inspector.el);
    views = v;
    if (latest) v.show(latest, true);
    return v;
  });
  /** Runs `f` with the views, fetched first if they are not here yet (a click on a card). */
  const withViews = (f: (v: MultiViews) => void) => void loadViews().then(f, () => failed(viewsEl));

  const cards = new ServerCards((a) => void act(a));
  const clientPanel = new ClientPanel((a) => void act(a));
  const network = new NetworkPanel((a) => void act(a));
  const log = new MultiLog(ctl.memory);
  // The counterexample opens at the top of the view, ready to step through.
  const checker = new CheckPanel(ctl, (name, text) =>
    openText(name, text).then(() => {
      controls.scrollIntoView({ block: 'start' });
      step.focus();
    }),
  );

  const app = document.getElementById('app')!;
  // The page the HTML drew (www/prerender/) stays until this one has its first answer,
  // unless the page is in another language than the drawing's English.
  const drawn = lang() === 'en' ? app.querySelector('.site-prerender') : null;
  const parts = [
    h('div', { class: 'mp-top' }, controls, about, error, violations),
    stage,
    cards.el,
    h('div', { class: 'mp-lower' }, clientPanel.el, network.el, checker.el, log.el),
    viewsEl,
  ];
  app.replaceChildren(...(drawn ? [drawn] : []), ...parts);
  for (const x of parts) x.hidden = drawn !== null;

  // ---- Rendering -------------------------------------------------------------------------

  /** The latest update, as drawn. */
  let latest: MultiState | null = null;

  function render(s: MultiState): void {
    const v = s.view;
    back.disabled = s.history.position === 0;
    timebar.enable(true);
    timebar.show(s.history, v.step, v.time);
    island.update(v);
    showClock();
    cards.update(v.servers, v.sessions);
    clientPanel.update(v);
    network.update(v);
    log.update(s.lines);
    violations.hidden = v.violations.length === 0;
    if (v.violations.length) {
      violations.replaceChildren(
        h('strong', {}, t('pg.violated')),
        ...v.violations.map((x) => h('p', {}, h('strong', {}, x.property), t('m.violation', { detail: x.detail, time: String(x.time), step: String(x.step) }))),
      );
    }
  }
  ctl.on('shown', (sh) => {
    const s = (latest = multiState(sh, ctl.book.lines));
    views?.show(s);
    render(s);
    // Brief marks for what happened as time ran on (not for another moment, nor again on a redraw).
    if (!s.moved) {
      island.effects(s.added, (id) => ctl.memory.send(id));
      clients.show(s.added);
    } else clients.clear();
  });
  ctl.on('clock', showClock);
  ctl.on('selected', (id) => island.select(id));
  // A run the clock asked for failed: it stops there and says why (a person's request says so itself).
  ctl.on('stalled', (e) => {
    ctl.pause();
    showError(e);
  });

  /** The clock where it is: its time, the envelopes at it, the Play button. */
  function showClock(): void {
    setText(clock, t('unit.ms', { n: String(Math.floor(ctl.vt)) }));
    island.frame(ctl.vt);
    clients.frame(ctl.vt);
    setText(play, ctl.playing ? t('m.pause') : t('m.play'));
    play.setAttribute('aria-pressed', String(ctl.playing));
  }

  function showError(e: unknown): void {
    error.hidden = false;
    setText(error, messageOf(e));
  }
  function clearError(): void {
    error.hidden = true;
    setText(error, '');
  }

  /** A person's request: shown when refused; a success clears the last error. */
  async function run<T>(f: () => Promise<T>): Promise<T> {
    try {
      const r = await f();
      clearError();
      return r;
    } catch (e) {
      showError(e);
      throw e;
    }
  }

  const quiet = (p: Promise<unknown>) => p.catch(() => {});

  /** A person's action at the clock's moment (one request: the simulator catches up first). */
  function act(a: MultiAction): Promise<MultiView> {
    return run(() => ctl.act([{ type: 'multiAct', action: a }]));
  }

  function showAbout(sc: (typeof SCENARIOS)[number]): void {
    const x = textOf(sc);
    about.replaceChildren(h('strong', {}, x.title), ' — ', x.description);
    document.title = t('m.docTitle', { title: x.title });
  }

  function load(): Promise<MultiView> {
    if (opened && picker.value === FILE) {
      showOpened(opened);
      return run(() => ctl.load(opened!.text));
    }
    const sc = SCENARIOS.find((s) => s.id === picker.value) ?? SCENARIOS[0];
    showAbout(sc);
    return run(() => ctl.load(sc.text));
  }

  function showOpened(o: NonNullable<typeof opened>): void {
    const title = o.title ?? t('m.fromFile', { name: o.name });
    about.replaceChildren(h('strong', {}, title), ...(o.description ? [' — ', o.description] : []));
    document.title = t('m.docTitle', { title });
  }

  /** Loads a file's scenario; the simulator says why if it refuses it (nothing changes then). */
  async function openFile(file: File): Promise<void> {
    const text = await file.text();
    await openText(file.name, text);
    checker.forget();
  }

  /** Loads a scenario file's text, named `name` in the picker; refused, it says why. */
  async function openText(name: string, text: string): Promise<void> {
    ctl.pause();
    await run(() =>
      ctl.load(text).catch((e: unknown) => {
        throw new Error(t('m.cantOpen', { file: name, error: messageOf(e) }));
      }),
    );
    // Its title and description, to show (the simulator has read and accepted it).
    const { title, description } = JSON.parse(text) as { title?: unknown; description?: unknown };
    opened = { name, text, title: typeof title === 'string' ? title : null, description: typeof description === 'string' ? description : '' };
    fillPicker();
    picker.value = FILE;
    showOpened(opened);
    // The address names a bundled story only.
    const q = new URLSearchParams(location.search);
    q.delete('scenario');
    history.replaceState(null, '', q.size ? `?${q}` : location.pathname);
  }

  play.addEventListener('click', () => (ctl.playing ? ctl.pause() : ctl.play()));
  speed.addEventListener('change', () => ctl.setSpeed(Number(speed.value)));
  step.addEventListener('click', () => quiet(run(() => ctl.jump({ type: 'multiStep', count: 1 }))));
  back.addEventListener('click', () => {
    ctl.pause();
    // Made when its turn comes: one input back from where the queued requests before it end.
    if ((ctl.history?.position ?? 0) > 0) quiet(run(() => ctl.travel(() => ({ type: 'multiSeek', position: Math.max(0, (ctl.history?.position ?? 0) - 1) }))));
  });
  picker.addEventListener('change', () => {
    ctl.pause();
    const q = new URLSearchParams(location.search);
    if (picker.value === FILE) q.delete('scenario');
    else q.set('scenario', picker.value);
    history.replaceState(null, '', `?${q}`);
    checker.forget();
    quiet(load());
  });
  open.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) quiet(openFile(file));
  });
  document.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    quiet(openFile(file));
  });
  reset.addEventListener('click', () => {
    ctl.pause();
    checker.forget();
    quiet(load());
  });
  exportTrace.addEventListener('click', () =>
    quiet(
      run(async () => {
        const name = `${picker.value === FILE && opened ? opened.name.replace(/\.json$/, '') : picker.value}.jsonl`;
        saveFile(await ctl.trace(), name, 'application/x-ndjson');
      }),
    ),
  );

  // ---- Start ---------------------------------------------------------------------------

  const wanted = new URLSearchParams(location.search).get('scenario');
  if (wanted && SCENARIOS.some((s) => s.id === wanted)) picker.value = wanted;

  const shown = () => {
    drawn?.remove();
    for (const x of parts) x.hidden = false;
  };
  const ready = ctl.ready
    .then(() => load())
    .finally(shown)
    .then(() => {
      performance.mark('paxos:interactive');
      whenNear(viewsEl, loadViews);
    });
  ready.catch(showError);

  window.multiPlayground = {
    ready,
    state: () => {
      if (!ctl.snapshot) throw new Error(t('m.loading'));
      return ctl.snapshot;
    },
    position: () => ctl.history?.position ?? 0,
    act,
    seek: (position) => run(() => ctl.travel({ type: 'multiSeek', position })),
    trace: () => run(() => ctl.trace()),
  };

  // ---- Another language: everything said again, the simulation untouched ------------------

  onLang(() => {
    document.getElementById('app')?.setAttribute('aria-label', t('multi.page.main'));
    fillPicker();
    if (opened && picker.value === FILE) showOpened(opened);
    else showAbout(SCENARIOS.find((x) => x.id === picker.value) ?? SCENARIOS[0]);
    log.relang();
    timebar.relang();
    views?.relang();
    cards.relang();
    clientPanel.relang();
    network.relang();
    checker.relang();
    if (latest) render(latest);
  });
}
