// The guided tour "How Paxos works" (7 steps) on the Basic page. Each step loads a prepared
// state — a scenario from examples/scenarios or www/src/tour, and a position reached by
// stepping the simulator (playground.step) — and explains, in both languages, what to watch;
// "Show me" plays the interesting part (the playground's own clock, or forward() one event
// at a time). No simulation happens here: the simulator in the worker decides everything.
// A non-modal dialog: the island stays visible and usable; Esc closes it, focus returns to
// the Tour button, and the step text is announced (aria-live). Fetched when the Tour button
// is first pressed (main.ts makes the button): none of this is in the first load.

import { h, setMsg, uid } from '../core/dom';
import { L, t, type Key } from '../i18n/i18n';
import type { Playground } from '../core/api';
import type { Snapshot } from '../core/protocol';
import { EXAMPLE_FILES, TOUR_SCENARIOS } from '../page/examples';
import '../i18n/i18n-en-tour'; // its English texts
import './tour.css'; // its styles

type Pred = (s: Snapshot) => boolean;

const scenario = (id: string): string => {
  const f = TOUR_SCENARIOS[id] ?? EXAMPLE_FILES.find((x) => x.id === id);
  if (!f) throw new Error(`tour: no scenario ${id}`);
  return f.text;
};
const node = (s: Snapshot, name: string) => s.nodes.find((n) => n.name === name)!;

/** Steps the simulator one event at a time until `pred` holds (or nothing is left). */
async function stepUntil(pg: Playground, pred: Pred, max = 400): Promise<void> {
  let s = pg.state();
  for (let i = 0; s && !pred(s) && s.nextTime !== null && i < max; i++) s = await pg.step(1);
}

export interface TourStep {
  id: string;
  title: Key;
  text: Key;
  /** Loads the step's scenario and moves to its prepared position (the clock paused). */
  prepare(pg: Playground): Promise<void>;
  /** "Show me": plays the interesting part until `until` holds. */
  show?: { until: Pred; how: 'play' | 'forward'; speed?: number };
  /** Instead of "Show me": a link. */
  link?: { href: string; text: Key };
}

async function load(pg: Playground, id: string): Promise<void> {
  pg.pause();
  await pg.load(scenario(id));
  pg.pause();
}

export const TOUR: TourStep[] = [
  {
    id: 'one-proposer',
    title: 'tour.s1.title',
    text: 'tour.s1.text',
    async prepare(pg) {
      await load(pg, 'one-proposer');
      await stepUntil(pg, (s) => node(s, 'S1').proposer.phase === 'preparing');
    },
    show: { how: 'play', until: (s) => s.nodes.every((n) => n.learned !== null) },
  },
  {
    id: 'race',
    title: 'tour.s2.title',
    text: 'tour.s2.text',
    async prepare(pg) {
      await load(pg, 'island-race');
      await stepUntil(pg, (s) => node(s, 'S1').proposer.phase !== 'idle' && node(s, 'S2').proposer.phase !== 'idle');
    },
    show: { how: 'play', until: (s) => s.chosen !== null && s.nodes.every((n) => n.learned !== null) },
  },
  {
    id: 'p2c',
    title: 'tour.s3.title',
    text: 'tour.s3.text',
    async prepare(pg) {
      // The manual network's story: stop when S3's promise to S2 reports its vote for S1's value.
      await load(pg, 'island-story-manual');
      await stepUntil(pg, (s) => s.inFlight.some((f) => f.from === 'S3' && f.to === 'S2' && f.msg.type === 'promise' && f.msg.accepted !== null));
    },
    show: { how: 'forward', until: (s) => node(s, 'S2').proposer.phase === 'accepting' },
  },
  {
    id: 'crash',
    title: 'tour.s4.title',
    text: 'tour.s4.text',
    async prepare(pg) {
      await load(pg, 'crash-between-promise-and-accept');
      await stepUntil(pg, (s) => !node(s, 'S3').up);
    },
    show: { how: 'play', until: (s) => s.chosen !== null && node(s, 'S3').learned !== null },
  },
  {
    id: 'livelock',
    title: 'tour.s5.title',
    text: 'tour.s5.text',
    async prepare(pg) {
      await load(pg, 'duel-livelock');
      await stepUntil(pg, (s) => node(s, 'S2').proposer.phase !== 'idle');
    },
    show: { how: 'play', speed: 4, until: (s) => node(s, 'S1').proposer.rounds >= 4 && node(s, 'S2').proposer.rounds >= 4 },
  },
  {
    id: 'backoff',
    title: 'tour.s6.title',
    text: 'tour.s6.text',
    async prepare(pg) {
      await load(pg, 'duel-backoff');
      await stepUntil(pg, (s) => node(s, 'S2').proposer.phase !== 'idle');
    },
    show: { how: 'play', speed: 2, until: (s) => s.chosen !== null },
  },
  {
    id: 'leader',
    title: 'tour.s7.title',
    text: 'tour.s7.text',
    async prepare(pg) {
      await load(pg, 'duel-backoff');
      await pg.runUntilChosen();
    },
    link: { href: './multi.html?scenario=multi-leader-failover', text: 'tour.openMulti' },
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Tour {
  readonly el: HTMLDialogElement;
  #index = 0;
  /** Bumped by every step change and close: a running "Show me" stops when it changes. */
  #generation = 0;

  /** `button` is the page's Tour button (main.ts), which calls toggle() when pressed. */
  constructor(
    private readonly pg: Playground,
    private readonly button: HTMLButtonElement,
  ) {
    const titleId = uid('tour-title');
    const heading = h('h2', { id: titleId, tabindex: '-1' }, L('tour.title'));
    const close = h('button', { type: 'button', class: 'site-tour-close', 'aria-label': L('tour.close'), title: L('tour.close') }, '×');
    const count = h('p', { class: 'site-tour-count' });
    const stepTitle = h('h3', { class: 'site-tour-step-title' });
    const text = h('p', { class: 'site-tour-text' });
    const status = h('p', { class: 'site-tour-status' });
    const live = h('div', { class: 'site-tour-live', 'aria-live': 'polite' }, count, stepTitle, text, status);
    const showBtn = h('button', { type: 'button', class: 'pg-btn site-tour-show' }, L('tour.showMe'));
    const link = h('a', { class: 'site-tour-link' });
    const back = h('button', { type: 'button', class: 'pg-btn site-tour-back' }, L('tour.back'));
    const next = h('button', { type: 'button', class: 'pg-btn pg-primary site-tour-next' }, L('tour.next'));
    this.el = h(
      'dialog',
      { class: 'site-tour', 'aria-labelledby': titleId },
      h('div', { class: 'site-tour-head' }, heading, close),
      live,
      h('div', { class: 'site-tour-buttons' }, showBtn, link, h('span', { class: 'site-tour-gap' }), back, next),
    );

    const render = () => {
      const step = TOUR[this.#index]!;
      setMsg(count, L('tour.count', { n: this.#index + 1, total: TOUR.length }));
      setMsg(stepTitle, L(step.title));
      setMsg(text, L(step.text));
      this.el.dataset['step'] = step.id;
      back.disabled = this.#index === 0;
      setMsg(next, L(this.#index === TOUR.length - 1 ? 'tour.finish' : 'tour.next'));
      showBtn.hidden = !step.show;
      link.hidden = !step.link;
      if (step.link) {
        link.href = step.link.href;
        setMsg(link, L(step.link.text));
      }
    };

    const goTo = async (i: number) => {
      this.#index = i;
      const gen = ++this.#generation;
      render();
      setMsg(status, L('tour.preparing'));
      this.el.dataset['ready'] = 'false';
      showBtn.disabled = true;
      try {
        await TOUR[i]!.prepare(pg);
      } catch {
        // the playground shows its own error
      }
      if (gen !== this.#generation) return;
      status.replaceChildren();
      showBtn.disabled = false;
      this.el.dataset['ready'] = 'true';
    };
    this.#goTo = goTo;

    showBtn.addEventListener('click', () => void this.#showMe(showBtn, status));
    back.addEventListener('click', () => {
      if (this.#index > 0) void goTo(this.#index - 1);
    });
    next.addEventListener('click', () => {
      if (this.#index < TOUR.length - 1) void goTo(this.#index + 1);
      else this.close();
    });
    close.addEventListener('click', () => this.close());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.el.open) {
        e.preventDefault();
        this.close();
      }
    });
    this.#focusHeading = () => heading.focus();
  }

  readonly #goTo: (i: number) => Promise<void>;
  readonly #focusHeading: () => void;

  /** Opens the tour at its first step (or at `step`, 0-based). */
  open(step = 0): void {
    if (!this.el.isConnected) document.body.append(this.el);
    if (!this.el.open) this.el.show();
    this.button.setAttribute('aria-expanded', 'true');
    this.#focusHeading();
    void this.#goTo(step);
  }

  /** The Tour button's press: opens the tour, or closes it when open. */
  toggle(): void {
    if (this.el.open) this.close();
    else this.open();
  }

  close(): void {
    this.#generation++;
    if (this.el.open) this.el.close();
    this.button.setAttribute('aria-expanded', 'false');
    this.button.focus();
  }

  /** Plays the step's interesting part until its condition holds, unless the step changes. */
  async #showMe(btn: HTMLButtonElement, status: HTMLElement): Promise<void> {
    const step = TOUR[this.#index]!;
    const show = step.show;
    if (!show) return;
    const gen = this.#generation;
    const pg = this.pg;
    btn.disabled = true;
    setMsg(status, L('tour.showing'));
    this.el.dataset['showing'] = 'true';
    const done = (s: Snapshot | null) => !s || show.until(s) || gen !== this.#generation;
    try {
      if (show.how === 'forward') {
        let s = pg.state();
        while (!done(s) && s!.nextTime !== null) {
          await sleep(600);
          if (gen !== this.#generation) break;
          s = await pg.forward();
        }
      } else {
        const speed = show.speed;
        const before = pg.speed();
        if (speed) pg.setSpeed(speed);
        await new Promise<void>((resolve) => {
          const finish = () => {
            off();
            clearInterval(poll);
            pg.pause();
            resolve();
          };
          const off = pg.on('update', (s) => {
            if (done(s) || s.nextTime === null) finish();
          });
          // Also stop when the step changed while nothing was updating.
          const poll = setInterval(() => {
            if (gen !== this.#generation) finish();
          }, 200);
          if (done(pg.state())) finish();
          else pg.play();
        });
        if (speed) pg.setSpeed(before);
      }
    } finally {
      this.el.dataset['showing'] = 'false';
      if (gen === this.#generation) {
        status.replaceChildren();
        btn.disabled = false;
      }
    }
  }
}

/** The tour's texts in both languages (for tests). */
export const tourTexts = (lang: 'en' | 'zh') => TOUR.map((s) => [t(s.title, {}, lang), t(s.text, {}, lang)]);
