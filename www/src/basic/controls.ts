// The controls around the island: the playback bar (with back / forward, the manual network
// switch and the help button), the proposal form (with Race), the network sliders and the
// island setup (node count, seed). Files and share links are in sharepanel.ts.
// Builds the DOM and reports what people do through callbacks; it holds no state of the
// simulation beyond what it shows.

import { SPEEDS } from '../core/api';
import type { Network, NetworkMode, Snapshot } from '../core/protocol';
import { bindAttr, h, setAttr, setText, tnode, uid } from '../core/dom';
import { L, t, type Message } from '../i18n/i18n';
import '../i18n/i18n-en-playground'; // the playground's English texts
import { timeText, utf8Bytes } from './labels';
import { messageOf } from '../core/errors';

export const RACE = [
  { value: '1元/度' },
  { value: '2元/度' },
] as const;
const MAX_VALUE_BYTES = 256;

export interface ControlActions {
  playPause(): void;
  back(): void;
  forward(): void;
  /** Settles when the simulator has answered (either way). */
  manual(on: boolean): Promise<unknown>;
  help(): void;
  reset(): void;
  speed(x: number): void;
  propose(node: string, value: string): Promise<void>;
  race(): Promise<void>;
  network(n: Network): void;
  /** Settles when the simulator has answered (either way). */
  nodes(count: number): Promise<unknown>;
  seed(seed: number): void;
}

/** The focused element of `e`'s document or shadow root (<paxos-playground>). */
const focusedIn = (e: Element) => (e.getRootNode() as Document | ShadowRoot).activeElement;

/** Updates a control only when it changed (an update arrives up to once a frame). */
function setValue(c: HTMLInputElement | HTMLSelectElement, v: string): void {
  if (c.value !== v) c.value = v;
}
function setDisabled(c: HTMLButtonElement, v: boolean): void {
  if (c.disabled !== v) c.disabled = v;
}

/**
 * Whether a seed field's text is a seed the simulator takes: a whole number from 0 to
 * 2^53 - 1 (MAX_SEED, crates/paxos-sim/src/scenario.rs). A number field holds '' for what it
 * cannot read (1e400) and may hold '-5' or a number past 2^53 that Number() would round.
 */
export const seedOk = (text: string): boolean => /^\d+$/.test(text) && Number.isSafeInteger(Number(text));

/** A labelled form control: label above, control below. */
function field(label: string | Message, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  const id = control.id || uid('pg-f');
  control.id = id;
  return h('div', { class: 'pg-field' }, h('label', { for: id }, label), control, extra ?? null);
}

function section(title: string | Message, ...children: HTMLElement[]): HTMLElement {
  const id = uid('pg-h');
  return h('section', { class: 'pg-section', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export class Controls {
  // Playback bar
  readonly bar: HTMLElement;
  #play = h('button', { type: 'button', class: 'pg-btn pg-primary', 'aria-pressed': 'false' }, t('ctl.play'));
  #backBtn = h('button', { type: 'button', class: 'pg-btn', 'aria-keyshortcuts': 'ArrowLeft' }, h('span', { 'aria-hidden': 'true' }, '◀ '), L('ctl.back'));
  #stepBtn = h('button', { type: 'button', class: 'pg-btn', 'aria-keyshortcuts': 'ArrowRight' }, L('ctl.step'), h('span', { 'aria-hidden': 'true' }, ' ▶'));
  #manualBox = h('input', { type: 'checkbox', role: 'switch', 'aria-keyshortcuts': 'M' });
  readonly helpBtn = h('button', { type: 'button', class: 'pg-btn pg-help-btn', 'aria-label': L('ctl.shortcuts'), 'aria-keyshortcuts': 'Shift+?', title: L('ctl.shortcutsTitle') }, '?');
  #resetBtn = h('button', { type: 'button', class: 'pg-btn' }, L('ctl.reset'));
  #speedSel = h('select', { class: 'pg-select' });
  #clock = h('span', { class: 'pg-clock', role: 'timer', 'aria-label': L('m.clock') }, t('unit.ms', { n: '0' }));
  #status = h('span', { class: 'pg-status' });
  /** The clock and what it waits for (placed in the timeline row). */
  readonly clockBox: HTMLElement;
  // Proposal
  readonly propose: HTMLElement;
  #nodeSel = h('select', { class: 'pg-select' });
  #value = h('input', { type: 'text', class: 'pg-input', value: '1元/度', autocomplete: 'off', spellcheck: 'false' });
  #bytes = h('span', { class: 'pg-hint', 'aria-live': 'polite' });
  #proposeBtn = h('button', { type: 'submit', class: 'pg-btn pg-primary' }, L('ctl.propose'));
  #raceBtn = h('button', { type: 'button', class: 'pg-btn pg-race' }, L('page.intro.race'));
  #proposeError = h('p', { class: 'pg-error', role: 'alert' });
  // Network
  readonly network: HTMLElement;
  #delayMin = h('input', { type: 'range', min: 0, max: 500, step: 5 });
  #delayMax = h('input', { type: 'range', min: 0, max: 500, step: 5 });
  #drop = h('input', { type: 'range', min: 0, max: 90, step: 5 });
  #dup = h('input', { type: 'range', min: 0, max: 90, step: 5 });
  #outs = {
    delayMin: h('output', { class: 'pg-out' }),
    delayMax: h('output', { class: 'pg-out' }),
    drop: h('output', { class: 'pg-out' }),
    dup: h('output', { class: 'pg-out' }),
  };
  // Setup
  readonly setup: HTMLElement;
  #countSel = h('select', { class: 'pg-select' });
  #seedIn = h('input', { type: 'number', class: 'pg-input pg-seed', min: 0, step: 1, inputmode: 'numeric' });
  #seedError = h('p', { class: 'pg-error', role: 'alert' });
  #enabled = false;
  #clockShown = 0;

  constructor(act: ControlActions) {
    for (const x of SPEEDS) this.#speedSel.append(h('option', { value: String(x), selected: x === 1 }, `${x}×`));
    this.bar = h(
      'div',
      { class: 'pg-bar', role: 'group', 'aria-label': L('ctl.playback') },
      this.#play,
      this.#backBtn,
      this.#stepBtn,
      this.#resetBtn,
      h('label', { class: 'pg-inline' }, L('m.speed'), ' ', this.#speedSel),
      h('label', { class: 'pg-inline pg-switch' }, this.#manualBox, L('page.intro.manual')),
      this.helpBtn,
    );
    this.clockBox = h('span', { class: 'pg-clock-wrap' }, this.#clock, this.#status);
    this.#play.addEventListener('click', () => act.playPause());
    this.#backBtn.addEventListener('click', () => act.back());
    this.#stepBtn.addEventListener('click', () => act.forward());
    this.#manualBox.addEventListener('change', () => this.#changed(this.#manualBox, act.manual(this.#manualBox.checked)));
    this.helpBtn.addEventListener('click', () => act.help());
    this.#resetBtn.addEventListener('click', () => act.reset());
    this.#speedSel.addEventListener('change', () => act.speed(Number(this.#speedSel.value)));
    bindAttr(this.#play, 'title', L('ctl.playTitle'));
    bindAttr(this.#backBtn, 'title', L('ctl.backTitle'));
    bindAttr(this.#stepBtn, 'title', L('ctl.stepTitle'));
    bindAttr(this.#resetBtn, 'title', L('ctl.resetTitle'));
    bindAttr(this.#manualBox, 'title', L('ctl.manualTitle'));

    const form = h(
      'form',
      { class: 'pg-propose-form' },
      h('div', { class: 'pg-row' }, field(L('logview.node'), this.#nodeSel), field(L('ctl.value'), this.#value, this.#bytes)),
      h('div', { class: 'pg-row pg-buttons' }, this.#proposeBtn, this.#raceBtn),
      h('p', { class: 'pg-hint' }, L('ctl.raceHint')),
      this.#proposeError,
    );
    this.propose = section(L('ctl.proposeTitle'), form);
    this.#value.addEventListener('input', () => this.#showBytes());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#busy(this.#proposeBtn, act.propose(this.#nodeSel.value, this.#value.value));
    });
    this.#raceBtn.addEventListener('click', () => this.#busy(this.#raceBtn, act.race()));
    this.#showBytes();

    const slider = (label: Message, input: HTMLInputElement, out: HTMLOutputElement) => {
      input.id = uid('pg-r');
      out.htmlFor.add(input.id);
      return h('div', { class: 'pg-slider' }, h('label', { for: input.id }, label), input, out);
    };
    this.network = section(
      L('m.network'),
      h(
        'div',
        { class: 'pg-sliders' },
        slider(L('ctl.delayMin'), this.#delayMin, this.#outs.delayMin),
        slider(L('ctl.delayMax'), this.#delayMax, this.#outs.delayMax),
        slider(L('pg.drop'), this.#drop, this.#outs.drop),
        slider(L('pg.duplicate'), this.#dup, this.#outs.dup),
      ),
      h('p', { class: 'pg-hint' }, L('ctl.fromNow')),
    );
    for (const input of [this.#delayMin, this.#delayMax, this.#drop, this.#dup]) {
      input.addEventListener('input', () => {
        if (input === this.#delayMin && +this.#delayMin.value > +this.#delayMax.value) this.#delayMax.value = this.#delayMin.value;
        if (input === this.#delayMax && +this.#delayMax.value < +this.#delayMin.value) this.#delayMin.value = this.#delayMax.value;
        this.#showNetwork();
      });
      input.addEventListener('change', () => act.network(this.#readNetwork()));
    }
    this.network.append(h('p', { class: 'pg-hint' }, L('ctl.manualHint')));

    for (const n of [3, 5, 7]) this.#countSel.append(h('option', { value: String(n) }, L('ctl.nNodes', { n: String(n) })));
    this.#countSel.addEventListener('change', () => this.#changed(this.#countSel, act.nodes(Number(this.#countSel.value))));
    this.#seedIn.addEventListener('change', () => {
      // A refused seed changes nothing: the field keeps the text, to be mended.
      const ok = seedOk(this.#seedIn.value);
      setAttr(this.#seedIn, 'aria-invalid', String(!ok));
      this.#seedError.replaceChildren(ok ? '' : tnode(L('ctl.seedRefused')));
      if (ok) act.seed(Number(this.#seedIn.value));
    });
    this.setup = section(
      L('ctl.island'),
      h('div', { class: 'pg-row' }, field(L('ctl.nodes'), this.#countSel), field(L('ctl.seed'), this.#seedIn)),
      this.#seedError,
      h('p', { class: 'pg-hint' }, L('ctl.islandHint')),
    );
    this.enable(false);
  }

  /** Everything but the clock is disabled until the simulator answers. */
  enable(on: boolean): void {
    this.#enabled = on;
    const all = [
      this.#play, this.#backBtn, this.#stepBtn, this.#manualBox, this.#resetBtn, this.#speedSel, this.#nodeSel, this.#value, this.#proposeBtn,
      this.#raceBtn, this.#delayMin, this.#delayMax, this.#drop, this.#dup, this.#countSel, this.#seedIn,
    ];
    for (const c of all) c.disabled = !on;
  }

  /** Says the texts computed from the state again (after a language change). */
  relang(): void {
    this.#showBytes();
    this.#showNetwork();
  }

  /** Shows the state after an update; `atStart`: nothing to go back to. */
  show(snap: Snapshot, seed: number | null, atStart = false): void {
    this.#mode = snap.network.mode;
    this.#showManual();
    setDisabled(this.#backBtn, !this.#enabled || atStart);
    for (const r of [this.#delayMin, this.#delayMax, this.#drop, this.#dup]) r.disabled = !this.#enabled || this.#mode === 'manual';
    const names = snap.nodes.map((n) => n.name);
    const current = [...this.#nodeSel.options].map((o) => o.value);
    if (current.join('\u0000') !== names.join('\u0000')) {
      const keep = this.#nodeSel.value;
      this.#nodeSel.replaceChildren(...names.map((n) => h('option', { value: n }, n)));
      if (names.includes(keep)) this.#nodeSel.value = keep;
    }
    this.#count = String(names.length);
    this.#showCount();
    if (seed !== null && focusedIn(this.#seedIn) !== this.#seedIn) setValue(this.#seedIn, String(seed));
    setDisabled(this.#raceBtn, !this.#enabled || names.length < 2);
    setDisabled(this.#stepBtn, !this.#enabled || (snap.nextTime === null && !this.future));
    if (focusedIn(this.#delayMin) !== this.#delayMin && focusedIn(this.#delayMax) !== this.#delayMax) {
      setValue(this.#delayMin, String(snap.network.delay[0]));
      setValue(this.#delayMax, String(snap.network.delay[1]));
    }
    if (focusedIn(this.#drop) !== this.#drop) setValue(this.#drop, String(Math.round(snap.network.drop * 100)));
    if (focusedIn(this.#dup) !== this.#dup) setValue(this.#dup, String(Math.round(snap.network.duplicate * 100)));
    this.#showNetwork();
  }

  /** The playback state: playing or not, the clock, and what it is waiting for. */
  showClock(playing: boolean, now: number, status: string, final = true): void {
    setText(this.#play, playing ? t('ctl.pause') : t('ctl.play'));
    setAttr(this.#play, 'aria-pressed', String(playing));
    setText(this.#status, status);
    // Text that changes makes the browser lay the page out again (the island's SVG text
    // included): while the clock runs, it is redrawn ten times a second, not every frame.
    const at = performance.now();
    if (!final && at - this.#clockShown < 100) return;
    this.#clockShown = at;
    setText(this.#clock, timeText(now));
  }

  setSpeed(x: number): void {
    this.#speedSel.value = String(x);
  }

  /** Whether there is a recorded future to step into (after going back). */
  future = false;

  /** Whether the manual network switch is on, as the person last set it (answered or not). */
  get manualOn(): boolean {
    return this.#manualBox.checked;
  }

  /** The M key: turns the manual network switch over, as a click on it does. */
  toggleManual(): void {
    if (this.#manualBox.disabled) return;
    this.#manualBox.checked = !this.#manualBox.checked;
    this.#manualBox.dispatchEvent(new Event('change'));
  }

  /** "Propose from S1…": picks the node and puts the cursor in the value. */
  proposeFrom(node: string): void {
    this.#nodeSel.value = node;
    this.#value.focus();
    this.#value.select();
  }

  proposeFailed(message: string): void {
    setText(this.#proposeError, message);
  }

  // ---- Helpers -----------------------------------------------------------------------

  #busy(button: HTMLButtonElement, p: Promise<void>): void {
    setText(this.#proposeError, '');
    button.disabled = true;
    p.then(
      () => {},
      (e: unknown) => this.proposeFailed(messageOf(e)),
    ).finally(() => (button.disabled = !this.#enabled));
  }

  #showBytes(): void {
    const n = utf8Bytes(this.#value.value);
    setText(this.#bytes, t('ctl.bytes', { n: String(n), max: String(MAX_VALUE_BYTES) }));
    this.#bytes.classList.toggle('pg-over', n > MAX_VALUE_BYTES);
  }

  /** The network mode in force (the sliders are off in a manual network). */
  #mode: NetworkMode = 'auto';
  /** The number of nodes in force. */
  #count = '3';
  /** Controls whose change the simulator has not answered yet, and how many such changes. */
  #unanswered = new Map<HTMLElement, number>();

  /**
   * A person changed `control`, and `answer` settles when the simulator has answered. Until
   * then the control shows the person's choice: updates already on their way (the running
   * clock's last ticks) still carry the state before it, and would flip the control back.
   */
  #changed(control: HTMLElement, answer: Promise<unknown>): void {
    this.#unanswered.set(control, (this.#unanswered.get(control) ?? 0) + 1);
    const done = () => {
      const left = (this.#unanswered.get(control) ?? 1) - 1;
      if (left) this.#unanswered.set(control, left);
      else this.#unanswered.delete(control);
      this.#showManual();
      this.#showCount();
    };
    answer.then(done, done);
  }

  #showManual(): void {
    if (this.#unanswered.has(this.#manualBox)) return;
    const on = this.#mode === 'manual';
    if (this.#manualBox.checked !== on) this.#manualBox.checked = on;
  }

  #showCount(): void {
    if (this.#unanswered.has(this.#countSel)) return;
    const count = this.#count;
    if (![...this.#countSel.options].some((o) => o.value === count)) {
      this.#countSel.append(h('option', { value: count }, L('ctl.nNodes', { n: count })));
    }
    setValue(this.#countSel, count);
  }

  #readNetwork(): Network {
    return {
      // The switch, not the mode in force: a change of it may not be answered yet.
      mode: this.#manualBox.checked ? 'manual' : 'auto',
      delay: [Number(this.#delayMin.value), Number(this.#delayMax.value)],
      drop: Number(this.#drop.value) / 100,
      duplicate: Number(this.#dup.value) / 100,
    };
  }

  #showNetwork(): void {
    setText(this.#outs.delayMin, t('unit.ms', { n: this.#delayMin.value }));
    setText(this.#outs.delayMax, t('unit.ms', { n: this.#delayMax.value }));
    setText(this.#outs.drop, `${this.#drop.value}%`);
    setText(this.#outs.dup, `${this.#dup.value}%`);
  }
}
