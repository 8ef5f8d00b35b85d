// The Multi-Paxos view's Check panel: the model checker (a build of its own, fetched by the
// worker on the first check) explores every order of the loaded scenario's client writes
// and syncs, messages and timeouts (and a crash) from the moment before its first client
// request; progress, Cancel, the counterexample's moves, and "Open the counterexample",
// which loads it into the view to step through.

import { h, setText } from '../core/dom';
import { L, numberText, t } from '../i18n/i18n';
import type { CheckView, MultiCheckStart, MultiMove } from '../core/protocol';
import { msgText, opText } from './sentences';
import type { MultiController } from './controller';
import '../i18n/i18n-en-multi'; // its English texts
import { messageOf } from '../core/errors';

/** What a search explored: ballots up to `round`, and whether a server could crash. */
interface Bounds {
  round: number;
  crash: boolean;
}

/** States one request expands: a slice of the search, short enough to cancel between. */
const BUDGET = 2_000;

export class CheckPanel {
  readonly el: HTMLElement;
  #running = false;
  #cancelled = false;
  // Counts the scenarios loaded: a search whose scenario is gone says nothing more.
  #generation = 0;
  #maxRound = h('select', {}, ...[1, 2, 3].map((r) => h('option', { value: r }, String(r))));
  #crash = h('input', { type: 'checkbox' });
  #checkBtn = h('button', { type: 'button', class: 'mp-primary' }, L('mck.check'));
  #cancelBtn = h('button', { type: 'button', disabled: true }, L('mck.cancel'));
  #openBtn = h('button', { type: 'button', hidden: true }, L('mck.open'));
  #progress = h('p', { class: 'mp-check-progress', 'aria-live': 'polite' });
  #result = h('div', { class: 'mp-check-result', role: 'status' });
  // What the panel shows, to say again in another language.
  #shown: { report: CheckView; path: MultiMove[]; start: MultiCheckStart; bounds: Bounds } | null = null;

  /** `open(name, text)` opens a scenario file's text in the view. */
  constructor(
    private ctl: MultiController,
    open: (name: string, text: string) => Promise<void>,
  ) {
    this.el = h(
      'section',
      { class: 'mp-panel mp-checker', 'aria-label': L('mck.title') },
      h('h2', {}, L('mck.title')),
      h('p', { class: 'mp-check' }, L('mck.about')),
      h(
        'div',
        { class: 'mp-row' },
        h('label', {}, L('mck.maxRound'), ' ', this.#maxRound),
        h('label', {}, this.#crash, ' ', L('mck.crash')),
        this.#checkBtn,
        this.#cancelBtn,
      ),
      this.#progress,
      this.#result,
      this.#openBtn,
    );
    this.#checkBtn.addEventListener('click', () => void this.#check());
    this.#cancelBtn.addEventListener('click', () => (this.#cancelled = true));
    this.#openBtn.addEventListener('click', () => {
      // The view loads it, which ends the search: the moves stay shown.
      void this.ctl
        .counterexample()
        .then((text) => open(t('mck.fileName'), text))
        .then(() => (this.#openBtn.hidden = true))
        .catch((e: unknown) => this.#failed(e));
    });
  }

  /** Another scenario is loaded: a search of the one before is over. */
  forget(): void {
    this.#generation++;
    if (this.#running) this.#cancelled = true;
    this.#shown = null;
    this.#openBtn.hidden = true;
    setText(this.#progress, '');
    this.#result.replaceChildren();
  }

  relang(): void {
    if (!this.#shown || this.#running) return;
    setText(this.#progress, this.#progressText(this.#shown.report, this.#shown.start));
    this.#show(this.#shown.report, this.#shown.path, this.#shown.bounds);
  }

  async #check(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#cancelled = false;
    this.#checkBtn.disabled = true;
    this.#cancelBtn.disabled = false;
    this.#openBtn.hidden = true;
    this.#result.replaceChildren();
    setText(this.#progress, t('mck.starting'));
    const generation = this.#generation;
    const bounds: Bounds = { round: Number(this.#maxRound.value), crash: this.#crash.checked };
    try {
      let r = await this.ctl.check({ type: 'multiCheckStart', maxRound: bounds.round, crash: bounds.crash });
      const start = r.start;
      while (r.report.outcome === 'running' && !this.#cancelled) {
        setText(this.#progress, this.#progressText(r.report, start));
        r = await this.ctl.check({ type: 'multiCheckRun', budget: BUDGET });
      }
      if (generation !== this.#generation) return; // its scenario is gone, and so is the search
      setText(this.#progress, this.#progressText(r.report, start));
      if (this.#cancelled) {
        await this.ctl.check({ type: 'multiCheckStop' });
        this.#result.replaceChildren(h('p', {}, t('mck.cancelled')));
      } else {
        this.#shown = { report: r.report, path: r.path, start, bounds };
        this.#show(r.report, r.path, bounds);
        this.#openBtn.hidden = r.report.outcome !== 'found';
      }
    } catch (e) {
      if (generation === this.#generation) this.#failed(e);
    } finally {
      this.#running = false;
      this.#checkBtn.disabled = false;
      this.#cancelBtn.disabled = true;
    }
  }

  #progressText(r: CheckView, start: MultiCheckStart): string {
    const from =
      start.at === null
        ? t('mck.fromStart')
        : t('mck.fromMoment', { at: String(start.at), leader: start.leader ? t('mck.leads', { node: start.leader }) : t('mck.nobodyLeads') });
    return t('mck.progress', { states: numberText(r.distinct), depth: String(r.depth), from });
  }

  #show(r: CheckView, path: MultiMove[], bounds: Bounds): void {
    if (r.outcome === 'found') {
      this.#result.replaceChildren(
        h('p', {}, h('strong', {}, t('mck.broken', { property: r.property ?? '', n: String(path.length) }))),
        h('p', {}, r.detail ?? ''),
        h('ol', { class: 'mp-check-path' }, ...path.map((m) => h('li', {}, moveText(m)))),
      );
    } else {
      // Bounded with a detail: by memory, not by states.
      const key = r.outcome === 'exhausted' ? 'mck.safe' : r.detail ? 'mck.boundedMemory' : 'mck.bounded';
      // What was explored: a protocol safe up to round 1 may break at round 2.
      const within = t(bounds.crash ? 'mck.withinCrash' : 'mck.within', { round: String(bounds.round) });
      this.#result.replaceChildren(h('p', {}, t(key, { states: numberText(r.distinct), within })));
    }
  }

  #failed(e: unknown): void {
    setText(this.#progress, '');
    this.#result.replaceChildren(h('p', { class: 'mp-check-error' }, t('mck.failed', { error: messageOf(e) })));
  }
}

/** A move of a counterexample, in the page's language. */
function moveText(m: MultiMove): string {
  switch (m.move) {
    case 'request':
      return t('mlog.request', { node: m.node, id: String(m.id), op: opText(m) });
    case 'deliver':
      return t('mck.deliver', { from: m.from, to: m.to, msg: msgText(m.msg) });
    case 'timeout':
      return t('mck.timeout', { node: m.node });
    case 'crash':
      return t('mck.crashed', { node: m.node });
    case 'restart':
      return t('mck.restarted', { node: m.node });
  }
}
